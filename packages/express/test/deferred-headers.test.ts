import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import request from 'supertest';
import { deferHeaders, setAnswerHeader, startDeferredHeaders } from '../src/middleware/deferred-headers';
import { sendJson } from '../src/routes/send-json';

// An app that defers its every-answer headers must answer exactly what the
// same app answers when it sets them one by one with setHeader, whatever its
// routes do with headers afterwards.

const EVERY_ANSWER = ['x-frame-options', 'SAMEORIGIN', 'cache-control', 'no-store', 'vary', 'Origin', 'x-content-type-options', 'nosniff'];

const staticDir = mkdtempSync(join(tmpdir(), 'phonekit-deferred-'));
writeFileSync(join(staticDir, 'page.html'), '<!doctype html><p>hello</p>');

const routes: Record<string, RequestHandler> = {
  '/send-json': (_req, res) => sendJson(res, { ok: true }),
  '/send-json-status': (_req, res) => {
    res.status(503);
    sendJson(res, { ok: false });
  },
  '/express-json': (_req, res) => void res.json({ ok: true }),
  '/express-send-text': (_req, res) => void res.send('plain'),
  '/end-only': (_req, res) => void res.end(),
  '/no-content': (_req, res) => void res.status(204).end(),
  '/set-same-name': (_req, res) => {
    res.setHeader('Cache-Control', 'private, max-age=60');
    sendJson(res, { ok: true });
  },
  '/remove': (_req, res) => {
    res.removeHeader('X-Frame-Options');
    sendJson(res, { ok: true });
  },
  '/append': (_req, res) => {
    res.appendHeader('vary', 'Accept-Encoding');
    sendJson(res, { ok: true });
  },
  '/express-append-vary': (_req, res) => {
    res.vary('Accept');
    res.json({ ok: true });
  },
  '/read-back': (_req, res) => {
    res.json({
      get: res.getHeader('X-Frame-Options') ?? null,
      has: res.hasHeader('cache-control'),
      missing: res.hasHeader('x-not-set'),
      names: res.getHeaderNames().sort(),
      // Node has getRawHeaderNames since 15.13; @types/node does not declare it.
      raw: (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames().map((n) => n.toLowerCase()).sort(),
      all: Object.fromEntries(Object.entries(res.getHeaders()).sort()),
    });
  },
  '/answer-header': (_req, res) => {
    setAnswerHeader(res, 'x-request-id', 'abc');
    setAnswerHeader(res, 'cache-control', 'no-cache');
    sendJson(res, { ok: true });
  },
  '/write-head-object': (_req, res) => {
    res.writeHead(202, { 'Content-Type': 'text/plain', 'X-Frame-Options': 'DENY' });
    res.end('accepted');
  },
  '/write-head-message': (_req, res) => {
    res.writeHead(202, 'Taken', ['content-type', 'text/plain']);
    res.end('taken');
  },
  '/flush-first': (_req, res) => {
    res.flushHeaders();
    res.end('flushed');
  },
  '/thrown': () => {
    throw new Error('boom');
  },
};

function build(mode: 'set' | 'deferred'): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (mode === 'deferred') deferHeaders(app);
  app.use((_req, res, next) => {
    if (mode === 'deferred') startDeferredHeaders(res, EVERY_ANSWER);
    else for (let i = 0; i < EVERY_ANSWER.length; i += 2) res.setHeader(EVERY_ANSWER[i] as string, EVERY_ANSWER[i + 1] as string);
    next();
  });
  for (const [path, handler] of Object.entries(routes)) app.get(path, handler);
  app.use('/static', express.static(staticDir, { etag: false, lastModified: false }));
  return app;
}

const set = build('set');
const deferred = build('deferred');

/** Every header as written on the wire but Date, names lower case, each with all its values. */
function headersOf(raw: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (name === 'date') continue;
    (out[name] ??= []).push(raw[i + 1] as string);
  }
  return out;
}

async function answer(app: Express, method: 'get' | 'head', path: string) {
  const res = await request(app)[method](path);
  return { status: res.status, message: (res as unknown as { res: { statusMessage: string } }).res.statusMessage, headers: headersOf((res as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders), body: res.text };
}

describe('deferred headers answer what headers set one by one answer', () => {
  const paths = [...Object.keys(routes), '/static/page.html', '/static/missing.html', '/nowhere'];
  it.each(paths)('GET %s', async (path) => {
    const [ours, theirs] = await Promise.all([answer(deferred, 'get', path), answer(set, 'get', path)]);
    expect(ours).toEqual(theirs);
  });

  it.each(['/send-json', '/express-json', '/static/page.html'])('HEAD %s', async (path) => {
    const [ours, theirs] = await Promise.all([answer(deferred, 'head', path), answer(set, 'head', path)]);
    expect(ours).toEqual(theirs);
  });

  it('writes every deferred header once, with the route’s own value where it set one', async () => {
    const plain = await answer(deferred, 'get', '/send-json');
    expect(plain.headers['x-frame-options']).toEqual(['SAMEORIGIN']);
    expect(plain.headers['cache-control']).toEqual(['no-store']);
    expect(plain.headers['content-type']).toEqual(['application/json; charset=utf-8']);
    const replaced = await answer(deferred, 'get', '/set-same-name');
    expect(replaced.headers['cache-control']).toEqual(['private, max-age=60']);
    const removed = await answer(deferred, 'get', '/remove');
    expect(removed.headers['x-frame-options']).toBeUndefined();
    const appended = await answer(deferred, 'get', '/append');
    expect(appended.headers['vary']).toEqual(['Origin', 'Accept-Encoding']);
  });
});

describe('setAnswerHeader and startDeferredHeaders on an app that does not defer', () => {
  it('set the headers the usual way, so they are still written', async () => {
    const app = express();
    app.disable('x-powered-by');
    app.get('/', (_req, res) => {
      startDeferredHeaders(res, ['x-frame-options', 'DENY']);
      setAnswerHeader(res, 'x-request-id', 'abc');
      res.json({ names: res.getHeaderNames().sort() });
    });
    const res = await request(app).get('/');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-request-id']).toBe('abc');
    expect(res.body).toEqual({ names: ['x-frame-options', 'x-request-id'] });
  });
});
