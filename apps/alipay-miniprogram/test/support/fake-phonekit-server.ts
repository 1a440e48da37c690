/**
 * A tiny stand-in for the phonekit server, on node:http and port 0, that
 * answers with the documented contract and records every request byte for
 * byte. For page tests only: the end-to-end test uses the real server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiErrorEnvelope, PhoneJson } from '@phonekit/express';

/** A request as it reached the server. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, e.g. `/sandbox/alipay/phone-response?scenario=busy`. */
  readonly url: string;
  /** Node's lower-cased headers. */
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What to answer: a status and either a JSON value or raw text. */
export type FakeReply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; headers?: Record<string, string> };

export type Responder = (request: ReceivedRequest) => FakeReply;

export interface FakePhonekitServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Replaces how the server answers from now on. */
  respondWith(responder: Responder): void;
  /** Answers with these replies in turn, the last one repeating. */
  respondInTurn(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

/** The contract's success body. */
export const CONTRACT_PHONE: PhoneJson = {
  mobile: '13811112222',
  countryCode: '86',
  nationalNumber: '13811112222',
  e164: '+8613811112222',
  masked: '138****2222',
  region: 'CN',
  valid: true,
};

export const CONTRACT_SIGNATURE_INVALID: FakeReply = {
  status: 422,
  json: {
    error: {
      code: 'SIGNATURE_INVALID',
      message: 'The signature does not match the payload.',
      hint: 'Check ALIPAY_PUBLIC_KEY is the Alipay public key (支付宝公钥) of this app, not your application public key.',
      hintZh: '验签失败：请确认 ALIPAY_PUBLIC_KEY 是该应用的“支付宝公钥”。',
      retryable: false,
    },
  } satisfies ApiErrorEnvelope,
};

export const CONTRACT_ALIPAY_BUSY: FakeReply = {
  status: 503,
  json: {
    error: {
      code: 'ALIPAY_BUSY',
      message: 'Alipay was busy and returned no phone number (20000 aop.unknow-error).',
      hint: 'Temporary: call my.getPhoneNumber again (a retry button is enough).',
      hintZh: '支付宝系统繁忙（20000）：属于临时错误，请重新调用 my.getPhoneNumber。',
      retryable: true,
      upstream: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'aop.unknow-error', subMsg: '系统繁忙' },
    },
  } satisfies ApiErrorEnvelope,
};

export const CONTRACT_INTERNAL: FakeReply = {
  status: 500,
  json: {
    error: {
      code: 'INTERNAL',
      message: 'Something went wrong on the server.',
      hint: 'Try again; if it persists, check the server log for this request id.',
      hintZh: '服务端内部错误：请重试。',
      retryable: true,
    },
  } satisfies ApiErrorEnvelope,
};

export const CONTRACT_SUCCESS: FakeReply = { status: 200, json: CONTRACT_PHONE };

/** Starts the server on 127.0.0.1 and a free port; it answers {@link CONTRACT_SUCCESS} until told otherwise. */
export async function startFakePhonekitServer(): Promise<FakePhonekitServer> {
  const received: ReceivedRequest[] = [];
  let responder: Responder = () => CONTRACT_SUCCESS;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(request);
      const reply = responder(request);
      const isJson = 'json' in reply;
      const body = isJson ? JSON.stringify(reply.json) : reply.text;
      res.writeHead(reply.status, {
        'content-type': isJson ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
        ...(reply.headers ?? {}),
      });
      res.end(body);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith(next) {
      responder = next;
    },
    respondInTurn(...replies) {
      let index = 0;
      responder = () => {
        const reply = replies[Math.min(index, replies.length - 1)];
        index += 1;
        if (reply === undefined) throw new Error('respondInTurn needs at least one reply');
        return reply;
      };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A URL on which nothing listens: a port that was just free. */
export async function unusedLocalUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
