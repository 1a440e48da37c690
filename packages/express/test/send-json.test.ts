import express from 'express';
import request from 'supertest';
import { sendJson } from '../src/routes/send-json';

// sendJson writes phonekit's answers straight to node; it must put the same
// bytes on the wire as Express's res.json under Express's default settings.

const bodies: ReadonlyArray<readonly [string, unknown]> = [
  ['a phone answer', { mobile: '13800138000', e164: '+8613800138000', region: 'CN', valid: true }],
  ['the error envelope', { error: { code: 'SIGNATURE_INVALID', message: 'The signature does not verify.', hint: '…', hintZh: '验签失败' } }],
  ['non-ASCII text (Content-Length counts bytes)', { name: '支付宝 😀', quote: '"\\\n' }],
  ['nested arrays and null', { list: [1, 'two', null, { three: [3] }], none: null }],
  ['an empty object', {}],
  ['a bare string', 'hello'],
  ['a number', 42],
];

function appWith(send: (res: express.Response, body: unknown) => void, body: unknown, status?: number): express.Express {
  const app = express();
  app.set('etag', false);
  app.all('/', (_req, res) => {
    if (status !== undefined) res.status(status);
    send(res, body);
  });
  return app;
}

const viaExpress = (res: express.Response, body: unknown): void => void res.json(body);

describe('sendJson answers what res.json answers', () => {
  it.each(bodies)('%s', async (_name, body) => {
    for (const status of [undefined, 201, 400, 503]) {
      const [ours, theirs] = await Promise.all([request(appWith(sendJson, body, status)).post('/'), request(appWith(viaExpress, body, status)).post('/')]);
      expect(ours.status).toBe(theirs.status);
      expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
      expect(ours.headers['content-length']).toBe(theirs.headers['content-length']);
      expect(ours.text).toBe(theirs.text);
      expect(ours.text).toBe(JSON.stringify(body));
      expect(Number(ours.headers['content-length'])).toBe(Buffer.byteLength(ours.text));
    }
  });

  it('answers HEAD with the headers and no body, as res.json does', async () => {
    const body = { status: 'ok', mode: 'configured' };
    const [ours, theirs] = await Promise.all([request(appWith(sendJson, body)).head('/'), request(appWith(viaExpress, body)).head('/')]);
    expect(ours.status).toBe(200);
    expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
    expect(ours.headers['content-length']).toBe(theirs.headers['content-length']);
    expect(ours.text).toBeUndefined();
    expect(theirs.text).toBeUndefined();
  });

  it('keeps the headers set before it, and replaces a Content-Type set before it', async () => {
    const app = express();
    app.post('/', (_req, res) => {
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-type', 'text/plain');
      sendJson(res, { ok: true });
    });
    const answer = await request(app).post('/');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual({ ok: true });
  });
});
