// Whatever a client sends, the listening server answers with a catalogued
// error envelope (never a stack, never INTERNAL for bad input) and keeps
// answering afterwards: the process never dies on input.
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { startServer } from '../src/start-server';
import type { RunningServer } from '../src/start-server';
import { captureLogger, configFromEnv, envForKeys, expectErrorEnvelope, expectPhoneBody } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
let keys: AlipaySandboxKeys;
let server: RunningServer;
let logs: ReturnType<typeof captureLogger>;

beforeAll(async () => {
  keys = generateAlipaySandboxKeys();
  logs = captureLogger('info');
  server = await startServer(configFromEnv(envForKeys(keys)), { port: 0, logger: logs.logger });
});

afterAll(async () => {
  await server.close();
});

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

async function send(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text; the envelope check will fail loudly
  }
  return { status: res.status, headers: res.headers, body };
}

function post(body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Answer> {
  return send(ROUTE, { method: 'POST', headers, body });
}

/** Writes raw bytes to the server's socket and resolves with whatever came back once the socket closes. */
function rawExchange(bytes: string, options: { endAfterWrite?: boolean; destroyAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(bytes, () => {
      if (options.endAfterWrite === true) socket.end();
      if (options.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), options.destroyAfterMs);
    });
  });
}

describe('POST /api/alipay/phone-number', () => {
  describe('with malformed JSON under Content-Type: application/json', () => {
    it('answers 400 INVALID_JSON', async () => {
      const answer = await post('{"response": "abc", "sign": ', { 'content-type': 'application/json' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'INVALID_JSON');
    });

    it('answers 400 INVALID_JSON without quoting the input back', async () => {
      const answer = await post('{"response": "SECRET-LOOKING-INPUT" oops}', { 'content-type': 'application/json; charset=utf-8' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'INVALID_JSON');
      expect(JSON.stringify(answer.body)).not.toContain('SECRET-LOOKING-INPUT');
    });
  });

  describe('with non-JSON text', () => {
    it('answers 400 PAYLOAD_MALFORMED under text/plain', async () => {
      const answer = await post('hello, this is not a payload', { 'content-type': 'text/plain' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });

    it('answers 400 PAYLOAD_FORM_ENCODED for a form-encoded key=value body', async () => {
      const answer = await post('response=abc&sign=def', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_FORM_ENCODED');
    });
  });

  describe('with a truncated payload', () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/json']) {
      it(`answers 4xx with the envelope under ${contentType}`, async () => {
        const raw = buildAlipayPhoneResponse(keys, 'success');
        for (const cut of [1, 12, Math.floor(raw.length / 2), raw.length - 1]) {
          const answer = await post(raw.slice(0, cut), { 'content-type': contentType });
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          expectErrorEnvelope(answer.body, answer.status === 400 && contentType === 'application/json' ? 'INVALID_JSON' : 'PAYLOAD_MALFORMED');
        }
      });
    }
  });

  describe('with JSON that is not a payload object', () => {
    for (const body of ['[]', '"text"', '42', 'null', 'true', '{}', '{"response": 42}', '{"response": ""}', '{"encryptedData": ""}', '{"response": "x", "sign": 7}']) {
      it(`answers 400 PAYLOAD_MALFORMED for ${body}`, async () => {
        const answer = await post(body, { 'content-type': 'application/json' });
        expect(answer.status).toBe(400);
        expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
      });
    }
  });

  describe('with a repeated "response" field', () => {
    it('answers 400 PAYLOAD_MALFORMED: a verifier must not guess which one was signed', async () => {
      const raw = buildAlipayPhoneResponse(keys, 'success');
      const answer = await post(raw.replace('{', '{"response":"AAAA",'), { 'content-type': 'text/plain' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });
  });

  describe('with an unknown sign_type', () => {
    it('answers 400 SIGN_TYPE_UNSUPPORTED', async () => {
      const raw = buildAlipayPhoneResponse(keys, 'success').replace('"sign_type":"RSA2"', '"sign_type":"HMAC-SHA256"');
      const answer = await post(raw, { 'content-type': 'text/plain' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'SIGN_TYPE_UNSUPPORTED');
    });
  });

  describe('with deeply nested JSON', () => {
    it('answers 400 PAYLOAD_MALFORMED', async () => {
      const depth = 20_000;
      const answer = await post(`{"response":${'['.repeat(depth)}${']'.repeat(depth)}}`, { 'content-type': 'application/json' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });
  });

  describe('with an empty body', () => {
    it('answers 400 PAYLOAD_MALFORMED with no content type', async () => {
      const answer = await post('');
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });

    it('answers 400 under application/json', async () => {
      const answer = await post('', { 'content-type': 'application/json' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });

    it('answers 400 PAYLOAD_MALFORMED for whitespace only', async () => {
      const answer = await post(' \n\t ', { 'content-type': 'text/plain' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });
  });

  describe('with a body over 64 KiB', () => {
    it('answers 413 PAYLOAD_TOO_LARGE', async () => {
      const answer = await post('x'.repeat(64 * 1024 + 1), { 'content-type': 'text/plain' });
      expect(answer.status).toBe(413);
      expectErrorEnvelope(answer.body, 'PAYLOAD_TOO_LARGE');
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a JSON body that is otherwise fine', async () => {
      const raw = buildAlipayPhoneResponse(keys, 'success');
      const answer = await post(JSON.stringify({ response: raw, padding: 'p'.repeat(70 * 1024) }), { 'content-type': 'application/json' });
      expect(answer.status).toBe(413);
      expectErrorEnvelope(answer.body, 'PAYLOAD_TOO_LARGE');
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a small gzip body that inflates past the limit', async () => {
      const answer = await post(gzipSync(Buffer.alloc(1024 * 1024, 0x20)), { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      expect(answer.status).toBe(413);
      expectErrorEnvelope(answer.body, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('with a body exactly at the 64 KiB limit', () => {
    it('is read (and refused as not a payload, not as too large)', async () => {
      const answer = await post(' '.repeat(64 * 1024 - 2) + '{}', { 'content-type': 'text/plain' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });
  });

  describe('with a charset phonekit does not read', () => {
    it('answers 400 PAYLOAD_MALFORMED', async () => {
      const answer = await post('{}', { 'content-type': 'text/plain; charset=klingon' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });
  });

  describe('with a content encoding phonekit does not read', () => {
    it('answers 415 CONTENT_ENCODING_UNSUPPORTED naming it', async () => {
      const answer = await post('{}', { 'content-type': 'text/plain', 'content-encoding': 'compress' });
      expect(answer.status).toBe(415);
      expect(expectErrorEnvelope(answer.body, 'CONTENT_ENCODING_UNSUPPORTED').message).toContain('"compress"');
    });
  });

  describe('with Content-Encoding: gzip and a body that is not gzip', () => {
    it('answers 400 PAYLOAD_MALFORMED, not 500 INTERNAL', async () => {
      const answer = await post('this is not gzip at all', { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      expect(answer.status).toBe(400);
      expectErrorEnvelope(answer.body, 'PAYLOAD_MALFORMED');
    });
  });

  describe('with a gzip-encoded payload', () => {
    it('answers 200 with the phone', async () => {
      const answer = await post(gzipSync(buildAlipayPhoneResponse(keys, 'success')), { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      expect(answer.status).toBe(200);
      expect(expectPhoneBody(answer.body).mobile).toBe('13811112222');
    });
  });

  describe('with a body shorter than its Content-Length, then a closed socket', () => {
    it('does not take the server down', async () => {
      const head = `POST ${ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n{"response":"`;
      await rawExchange(head, { destroyAfterMs: 50 });
      const health = await send('/healthz');
      expect(health.status).toBe(200);
    });
  });

  describe('with a request that is not HTTP', () => {
    it('gets a 400 from the HTTP parser and the server keeps answering', async () => {
      const reply = await rawExchange('\x16\x03\x01 this is a TLS hello or worse\r\n\r\n', { endAfterWrite: true });
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      const health = await send('/healthz');
      expect(health.status).toBe(200);
    });
  });
});

describe('GET /api/alipay/phone-number', () => {
  describe('with the wrong method', () => {
    it('answers 404 NOT_FOUND', async () => {
      const answer = await send(ROUTE);
      expect(answer.status).toBe(404);
      expectErrorEnvelope(answer.body, 'NOT_FOUND');
    });
  });
});

describe('GET /no/such/route', () => {
  describe('on an unknown route', () => {
    it('answers 404 NOT_FOUND with the envelope', async () => {
      const answer = await send('/no/such/route?x=1');
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expectErrorEnvelope(answer.body, 'NOT_FOUND');
    });

    it('answers 404 NOT_FOUND for a POST with a body', async () => {
      const answer = await send('/api/alipay/phone', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(404);
      expectErrorEnvelope(answer.body, 'NOT_FOUND');
    });

    it('answers 404 NOT_FOUND for a path with a malformed percent-escape', async () => {
      const answer = await send('/%E0%A4%A');
      expect(answer.status).toBe(404);
      expectErrorEnvelope(answer.body, 'NOT_FOUND');
    });
  });
});

describe('GET /healthz', () => {
  describe('after all the garbage above', () => {
    it('still answers 200 {status: "ok"}', async () => {
      const answer = await send('/healthz');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ status: 'ok', mode: 'configured' });
    });

    it('still opens a good payload', async () => {
      const answer = await post(buildAlipayPhoneResponse(keys, 'success'), { 'content-type': 'text/plain' });
      expect(answer.status).toBe(200);
    });

    it('logged no unexpected (INTERNAL) error for any of it', () => {
      const lines = logs.lines().map((line) => JSON.parse(line) as { msg?: string; status?: number; code?: string });
      expect(lines.length).toBeGreaterThan(20);
      expect(lines.filter((line) => line.msg === 'unexpected error')).toEqual([]);
      expect(lines.filter((line) => line.code === 'INTERNAL')).toEqual([]);
    });
  });
});
