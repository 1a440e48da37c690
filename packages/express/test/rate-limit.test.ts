import express, { type ErrorRequestHandler } from 'express';
import { MemoryStore, ipKeyGenerator, rateLimit, type IncrementResponse, type Store } from 'express-rate-limit';
import request from 'supertest';
import { clientKeyOf, rateLimiter } from '../src/middleware/rate-limit';

// phonekit's limiter keeps express-rate-limit's counting, client key and
// draft-8 headers; these tests hold it to the library's own middleware.

const IDENTIFIER = '3-in-1min';

function limitedApp(middleware: express.RequestHandler): express.Express {
  const app = express();
  // Tests name the client with X-Forwarded-For.
  app.set('trust proxy', true);
  app.use('/api', middleware);
  app.get('/api/x', (_req, res) => {
    res.json({ ok: true });
  });
  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  };
  app.use(onError);
  return app;
}

const ours = (options: Partial<Parameters<typeof rateLimiter>[0]> = {}) =>
  limitedApp(
    rateLimiter({
      windowMs: 60_000,
      limit: 3,
      identifier: IDENTIFIER,
      limited: (_req, res) => {
        res.status(429).json({ limited: true });
      },
      ...options,
    }),
  );

const theirs = (limit = 3, identifier = IDENTIFIER) =>
  limitedApp(
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier,
      // The library warns once about trust proxy true; the tests set it on purpose.
      validate: false,
    }),
  );

const CLIENTS = ['203.0.113.7', '198.51.100.20', '2001:db8:1234:5600::1', '2001:db8:1234:56ff::2', '2001:db8:9999::1'];
const withoutReset = (header: unknown): string => String(header).replace(/t=\d+/, 't=?');

describe('rateLimiter', () => {
  it("answers each client the RateLimit and RateLimit-Policy headers express-rate-limit's middleware answers, request for request", async () => {
    const [a, b] = [ours(), theirs()];
    for (let round = 0; round < 5; round++) {
      for (const client of CLIENTS) {
        const mine = await request(a).get('/api/x').set('x-forwarded-for', client);
        const library = await request(b).get('/api/x').set('x-forwarded-for', client);
        expect([client, round, mine.status]).toEqual([client, round, library.status]);
        expect(mine.headers['ratelimit-policy']).toBe(library.headers['ratelimit-policy']);
        expect(withoutReset(mine.headers['ratelimit'])).toBe(withoutReset(library.headers['ratelimit']));
        expect(mine.headers['ratelimit']).toMatch(/^"3-in-1min"; r=\d; t=\d+$/);
      }
    }
  });

  it('counts IPv6 clients by /56, as the library does: two addresses in one /56 share a limit', async () => {
    const app = ours();
    const statuses: number[] = [];
    for (const client of ['2001:db8:1234:5600::1', '2001:db8:1234:56ff::2', '2001:db8:1234:5600::3', '2001:db8:1234:56aa::4']) {
      statuses.push((await request(app).get('/api/x').set('x-forwarded-for', client)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await request(app).get('/api/x').set('x-forwarded-for', '2001:db8:1234:5700::1')).status).toBe(200);
  });

  it('answers the request after the limit through `limited`, with Retry-After the seconds left in the window', async () => {
    const app = ours();
    for (let i = 0; i < 3; i++) expect((await request(app).get('/api/x')).status).toBe(200);
    const fourth = await request(app).get('/api/x');
    expect(fourth.status).toBe(429);
    expect(fourth.body).toEqual({ limited: true });
    const retryAfter = Number(fourth.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(fourth.headers['ratelimit']).toMatch(/^"3-in-1min"; r=0; t=\d+$/);
  });

  it('starts counting again when the window is over (the store decides: a window of 1 s)', async () => {
    const app = ours({ windowMs: 1_000, identifier: '3-in-1sec' });
    for (let i = 0; i < 3; i++) expect((await request(app).get('/api/x')).status).toBe(200);
    expect((await request(app).get('/api/x')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1_100));
    const next = await request(app).get('/api/x');
    expect(next.status).toBe(200);
    expect(next.headers['ratelimit']).toMatch(/^"3-in-1sec"; r=2; t=[01]$/);
  });

  it('keeps the policy header right for a client seen again after its cached partition key was forgotten', async () => {
    const [a, b] = [ours({ partitionKeysKept: 2, limit: 100, identifier: '100-in-1min' }), theirs(100, '100-in-1min')];
    for (let round = 0; round < 3; round++) {
      for (const client of CLIENTS) {
        const mine = await request(a).get('/api/x').set('x-forwarded-for', client);
        const library = await request(b).get('/api/x').set('x-forwarded-for', client);
        expect(mine.headers['ratelimit-policy']).toBe(library.headers['ratelimit-policy']);
      }
    }
  });

  it('like the library, sets no headers on an answer already started, and lets the request go on', async () => {
    const started = (middleware: express.RequestHandler): express.Express => {
      const app = express();
      app.use((_req, res, next) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('started ');
        next();
      });
      app.use(middleware);
      app.get('/x', (_req, res) => {
        res.end('and ended');
      });
      return app;
    };
    const limited = (_req: express.Request, res: express.Response): void => {
      res.end('and limited');
    };
    const mine = started(rateLimiter({ windowMs: 60_000, limit: 1, identifier: '1-in-1min', limited }));
    const library = started(rateLimit({ windowMs: 60_000, limit: 1, standardHeaders: 'draft-8', legacyHeaders: false, identifier: '1-in-1min', validate: false, handler: limited }));
    for (const expected of ['started and ended', 'started and limited']) {
      for (const app of [mine, library]) {
        const res = await request(app).get('/x');
        expect(res.text).toBe(expected);
        expect(res.headers['ratelimit']).toBeUndefined();
        expect(res.headers['retry-after']).toBeUndefined();
      }
    }
  });

  describe('when the store fails', () => {
    const failing = (): Store => {
      const store = new MemoryStore();
      store.increment = (): Promise<IncrementResponse> => Promise.reject(new Error('store down'));
      return store;
    };

    it('with onStoreError: lets the request through, uncounted and without RateLimit headers, and says so', async () => {
      const errors: unknown[] = [];
      const app = ours({ store: failing(), onStoreError: (error) => errors.push(error) });
      for (let i = 0; i < 5; i++) {
        const res = await request(app).get('/api/x');
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit']).toBeUndefined();
      }
      expect(errors).toHaveLength(5);
      expect((errors[0] as Error).message).toBe('store down');
    });

    it("without it: the error goes to the app's error handler", async () => {
      const res = await request(ours({ store: failing() })).get('/api/x');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: 'store down' });
    });
  });
});

describe('clientKeyOf', () => {
  it("is express-rate-limit's ipKeyGenerator for every kind of address", () => {
    const addresses = [
      '127.0.0.1',
      '203.0.113.7',
      '0.0.0.0',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:203.0.113.7',
      '::203.0.113.7',
      '2001:db8:1234:5600::1',
      '2001:db8:1234:56ff:ffff:ffff:ffff:ffff',
      'fe80::1%eth0',
      '',
      'not an address',
    ];
    for (const address of addresses) expect(clientKeyOf(address)).toBe(ipKeyGenerator(address));
  });
});

describe('rateLimiter with trustProxyOff', () => {
  function appWith(trustProxy: boolean, trustProxyOff: boolean): express.Express {
    const app = express();
    app.set('trust proxy', trustProxy);
    app.use('/api', rateLimiter({ windowMs: 60_000, limit: 2, identifier: '2-in-1min', trustProxyOff, limited: (_req, res) => void res.status(429).json({ limited: true }) }));
    app.get('/api/x', (_req, res) => void res.json({ ok: true }));
    return app;
  }

  it('counts the socket peer, whatever X-Forwarded-For says, as req.ip does with trust proxy off', async () => {
    for (const trustProxyOff of [true, false]) {
      const app = appWith(false, trustProxyOff);
      const statuses: number[] = [];
      for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) statuses.push((await request(app).get('/api/x').set('x-forwarded-for', client)).status);
      expect(statuses).toEqual([200, 200, 429]);
    }
  });
});
