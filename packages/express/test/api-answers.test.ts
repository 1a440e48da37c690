// Every answer of the API, over real HTTP: never stored (Cache-Control:
// no-store, no ETag: a SHA-1 of a phone answer in a proxy log can be brute-
// forced back to the number), always JSON in the catalogue's envelope with an
// X-Request-Id, including the answers node's HTTP server and Express's router
// make on their own (408 on a late request, OPTIONS, an unsupported
// Content-Encoding); CORS only for the origins CORS_ORIGINS lists.
import express from 'express';
import { FakeWechatApi, buildAlipayPhoneResponse, generateAlipaySandboxKeys, handleFakeWechatRequest, type AlipaySandboxKeys } from '@phonekit/sandbox';
import type { WechatTransport } from '../src/services/wechat-transport';
import { startServer, type RunningServer } from '../src/start-server';
import { MemoryWechatStore } from '../src/store/memory-wechat-store';
import { call } from './support/account-server';
import { partialPost, rawExchange, type RawResponse } from './support/raw-http';
import { configFromEnv, envForKeys, expectErrorEnvelope, expectPhoneBody, makeScratchDir, silentLogger } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
const WECHAT = { WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'sandbox-secret' };
const REQUEST_ID = /^[\w-]{1,64}$/;

let keys: AlipaySandboxKeys;
const wechat = new FakeWechatApi({ appId: WECHAT.WECHAT_APP_ID, appSecret: WECHAT.WECHAT_APP_SECRET });
const transport: WechatTransport = (req) => Promise.resolve(handleFakeWechatRequest(wechat, { method: req.method, path: req.path, query: req.query, body: req.body ?? '' }));
const scratch = makeScratchDir('phonekit-api-answers-');

/** Starts the server with the sandbox's Alipay keys, the fake WeChat, a static folder at /static and `env`. */
function start(env: Record<string, string> = {}): Promise<RunningServer> {
  const config = configFromEnv({ ...envForKeys(keys), ...WECHAT, RATE_LIMIT_PER_MINUTE: '0', HOST: '127.0.0.1', ...env });
  return startServer(config, {
    port: 0,
    logger: silentLogger(),
    wechatStore: new MemoryWechatStore(),
    wechatTransport: transport,
    routes: [{ path: '/static', handler: express.static(scratch.dir) }],
  });
}

/** Checks that an answer may not be stored anywhere. */
function expectNotStored(headers: Headers | Readonly<Record<string, string>>): void {
  const get = (name: string): string | null | undefined => (headers instanceof Headers ? headers.get(name) : headers[name]);
  expect({ cacheControl: get('cache-control'), etag: get('etag') ?? null }).toEqual({ cacheControl: 'no-store', etag: null });
}

function expectRequestId(headers: Headers | Readonly<Record<string, string>>): void {
  const id = headers instanceof Headers ? headers.get('x-request-id') : headers['x-request-id'];
  expect(id).toMatch(REQUEST_ID);
}

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
  scratch.write('simulator.css', 'body { margin: 0 }\n');
});

afterAll(() => {
  scratch.dispose();
});

describe('with the default configuration', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await start();
  });

  afterAll(async () => {
    await server.close();
  });

  describe('Cache-Control: no-store and no ETag', () => {
    it('on a 200 Alipay phone answer', async () => {
      const answer = await call(`${server.url}${ROUTE}`, { body: buildAlipayPhoneResponse(keys, 'success') });
      expect(answer.status).toBe(200);
      expect(expectPhoneBody(answer.body).mobile).toBe('13811112222');
      expectNotStored(answer.headers);
    });

    it('on a 200 WeChat phone answer (code flow) and a WeChat login', async () => {
      const phone = await call(`${server.url}/api/wechat/phone-number`, { body: { code: wechat.mintPhoneCode('13811112222') } });
      expect(phone.status).toBe(200);
      expect(phone.body).toEqual(expect.objectContaining({ e164: '+8613811112222' }));
      expectNotStored(phone.headers);
      const login = await call(`${server.url}/api/wechat/login`, { body: { code: wechat.mintLoginCode('alice') } });
      expect(login.status).toBe(200);
      expectNotStored(login.headers);
    });

    it('on error answers: a tampered payload, an unknown route, a wrong method', async () => {
      const tampered = await call(`${server.url}${ROUTE}`, { body: buildAlipayPhoneResponse(keys, 'tampered-sign') });
      expect(tampered.status).toBe(422);
      expectErrorEnvelope(tampered.body, 'SIGNATURE_INVALID');
      expectNotStored(tampered.headers);
      for (const [method, path] of [['GET', '/api/nothing-here'], ['GET', ROUTE], ['PUT', '/healthz']] as const) {
        const answer = await call(`${server.url}${path}`, { method });
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
        expectErrorEnvelope(answer.body, 'NOT_FOUND');
        expectNotStored(answer.headers);
      }
    });

    it('on GET /healthz, also under another letter case (Express routes ignore it)', async () => {
      for (const path of ['/healthz', '/HEALTHZ']) {
        const answer = await call(`${server.url}${path}`);
        expect(answer.status).toBe(200);
        expectNotStored(answer.headers);
      }
    });

    it('but not on static files mounted beside the API: they keep their ETag and revalidate', async () => {
      const res = await fetch(`${server.url}/static/simulator.css`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('body { margin: 0 }\n');
      expect(res.headers.get('etag')).toMatch(/^W\/"/);
      expect(res.headers.get('cache-control')).not.toContain('no-store');
      // (Over a raw socket: fetch adds Cache-Control: no-cache to a conditional request.)
      const again = rawExchange(server.port, `GET /static/simulator.css HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: ${res.headers.get('etag') ?? ''}\r\nConnection: close\r\n\r\n`);
      expect((await again.answer).status).toBe(304);
    });
  });

  describe('OPTIONS', () => {
    it.each([
      [ROUTE, 'POST'],
      ['/api/wechat/login', 'POST'],
      ['/healthz', 'GET, HEAD'],
    ])('on %s answers 204 with Allow: %s and no body', async (path, allow) => {
      const res = await fetch(`${server.url}${path}`, { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      expect(res.headers.get('allow')).toBe(allow);
      expect(await res.text()).toBe('');
      expect(res.headers.get('content-type')).toBeNull();
      expectRequestId(res.headers);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('on an unknown route answers 404 NOT_FOUND in the envelope', async () => {
      const answer = await call(`${server.url}/api/nothing-here`, { method: 'OPTIONS' });
      expect(answer.status).toBe(404);
      expectErrorEnvelope(answer.body, 'NOT_FOUND');
      expectRequestId(answer.headers);
    });
  });

  describe('an unsupported Content-Encoding', () => {
    it.each(['compress', 'x-snappy'])('%s answers 415 CONTENT_ENCODING_UNSUPPORTED naming the encoding (not a charset error)', async (encoding) => {
      const answer = await call(`${server.url}${ROUTE}`, { body: buildAlipayPhoneResponse(keys, 'success'), headers: { 'content-encoding': encoding } });
      expect(answer.status).toBe(415);
      const error = expectErrorEnvelope(answer.body, 'CONTENT_ENCODING_UNSUPPORTED');
      expect(error.message).toContain(`"${encoding}"`);
      expect(error.message).not.toMatch(/charset/i);
      expect(error.hint).toMatch(/gzip/);
      expectRequestId(answer.headers);
      expectNotStored(answer.headers);
    });

    it('quotes no encoding name that is not a header token', async () => {
      const answer = await call(`${server.url}${ROUTE}`, { body: '{}', headers: { 'content-encoding': `x${'y'.repeat(200)}` } });
      expect(answer.status).toBe(415);
      expect(expectErrorEnvelope(answer.body, 'CONTENT_ENCODING_UNSUPPORTED').message).not.toContain('yyyyyyyyyy'.repeat(4));
    });
  });

  describe('CORS, with no CORS_ORIGINS', () => {
    it('sends no CORS header to any origin, on a request or a preflight', async () => {
      const res = await fetch(`${server.url}${ROUTE}`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
      expect(res.status).toBe(204);
      const answer = await call(`${server.url}${ROUTE}`, { body: buildAlipayPhoneResponse(keys, 'success'), headers: { origin: 'https://shop.example' } });
      expect(answer.status).toBe(200);
      for (const headers of [res.headers, answer.headers]) {
        expect([...headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
      }
    });
  });
});

describe('with CORS_ORIGINS=https://shop.example,http://localhost:5173', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await start({ CORS_ORIGINS: 'https://shop.example, http://localhost:5173' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers a preflight from a listed origin 204 with that origin, the route\'s methods and the headers a page sends', async () => {
    const res = await fetch(`${server.url}${ROUTE}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('lets a listed origin read the answer and its X-Request-Id', async () => {
    const answer = await call(`${server.url}${ROUTE}`, { body: buildAlipayPhoneResponse(keys, 'success'), headers: { origin: 'https://shop.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
    expectNotStored(answer.headers);
  });

  it('gives an origin not listed (or a look-alike) no CORS header, so its page cannot read the answer', async () => {
    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example', 'null']) {
      const preflight = await fetch(`${server.url}${ROUTE}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      const answer = await call(`${server.url}${ROUTE}`, { body: buildAlipayPhoneResponse(keys, 'success'), headers: { origin } });
      for (const headers of [preflight.headers, answer.headers]) {
        expect({ origin, cors: [...headers.keys()].filter((name) => name.startsWith('access-control-')) }).toEqual({ origin, cors: [] });
        expect(headers.get('vary')).toMatch(/Origin/);
      }
    }
  });

  it('answers a preflight for an unknown route 404 in the envelope', async () => {
    const answer = await call(`${server.url}/api/nothing-here`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(answer.status).toBe(404);
    expectErrorEnvelope(answer.body, 'NOT_FOUND');
  });
});

describe('a request that does not arrive in time (REQUEST_TIMEOUT_MS=1000)', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await start({ REQUEST_TIMEOUT_MS: '1000' });
  });

  afterAll(async () => {
    await server.close();
  });

  function expectTimeoutAnswer(answer: RawResponse): void {
    expect(answer.status).toBe(408);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['connection']).toBe('close');
    expectErrorEnvelope(JSON.parse(answer.body), 'REQUEST_TIMEOUT');
    expectRequestId(answer.headers);
    expectNotStored(answer.headers);
  }

  it('gets 408 REQUEST_TIMEOUT as JSON with an X-Request-Id when its body stops half-way', async () => {
    const body = buildAlipayPhoneResponse(keys, 'success');
    const slow = partialPost(server.port, ROUTE, body, Math.floor(body.length / 2));
    try {
      expectTimeoutAnswer(await slow.answer);
    } finally {
      slow.socket.destroy();
    }
  });

  it('gets 408 REQUEST_TIMEOUT as JSON with an X-Request-Id when its headers stop half-way', async () => {
    const slow = rawExchange(server.port, `POST ${ROUTE} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ab`);
    try {
      expectTimeoutAnswer(await slow.answer);
    } finally {
      slow.socket.destroy();
    }
  });

  it('a request that is not HTTP gets 400 HTTP_MALFORMED as JSON', async () => {
    const exchange = rawExchange(server.port, '\x16\x03\x01 this is a TLS hello or worse\r\n\r\n');
    try {
      const answer = await exchange.answer;
      expect(answer.status).toBe(400);
      expectErrorEnvelope(JSON.parse(answer.body), 'HTTP_MALFORMED');
      expectRequestId(answer.headers);
    } finally {
      exchange.socket.destroy();
    }
  });

  it('headers larger than node accepts get 431 HEADERS_TOO_LARGE as JSON', async () => {
    const exchange = rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    try {
      const answer = await exchange.answer;
      expect(answer.status).toBe(431);
      expectErrorEnvelope(JSON.parse(answer.body), 'HEADERS_TOO_LARGE');
    } finally {
      exchange.socket.destroy();
    }
  });
});
