import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import request from 'supertest';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { HELMET_OPTIONS, createApp, helmetHeaders } from '../src/app';
import { configFromEnv, envForKeys, silentLogger } from './support/server-fixtures';

// createApp's first middleware (request log, helmet's headers worked out once,
// body reader) and its rate limiter options must answer exactly what the
// libraries mounted the ordinary way would.

/** What helmet, mounted the ordinary way, sets on an answer. */
async function helmetItself(): Promise<Record<string, string>> {
  const plain = express();
  plain.disable('x-powered-by');
  plain.use(helmet(HELMET_OPTIONS));
  plain.get('/', (_req, res) => {
    res.end();
  });
  const res = await request(plain).get('/');
  return res.headers as Record<string, string>;
}

const HELMET_HEADER_NAMES = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

describe("helmet's headers, worked out once", () => {
  it('are the headers helmet sets itself, name for name and value for value', async () => {
    const expected = await helmetItself();
    for (const name of HELMET_HEADER_NAMES) expect(expected[name]).toBeDefined();
    const keys = generateAlipaySandboxKeys();
    const app = createApp(configFromEnv(envForKeys(keys)), { logger: silentLogger() });
    const answers = [
      await request(app).get('/healthz'),
      await request(app).post('/api/alipay/phone-number').set('content-type', 'text/plain').send(buildAlipayPhoneResponse(keys, 'success', { mobile: '13811112222' })),
      await request(app).post('/api/alipay/phone-number').set('content-type', 'text/plain').send('garbage'),
      await request(app).get('/nowhere'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 404]);
    for (const answer of answers) {
      for (const name of HELMET_HEADER_NAMES) expect([name, answer.headers[name]]).toEqual([name, expected[name]]);
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('refuse options that make a header depend on the response, or change from one response to the next', () => {
    const fromLocals = (_req: unknown, res: unknown) => `'nonce-${String((res as { locals: { nonce: string } }).locals.nonce)}'`;
    expect(() => helmetHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", fromLocals] } } })).toThrow(/res\.locals/);
    let calls = 0;
    const fresh = () => `'nonce-${++calls}'`;
    expect(() => helmetHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", fresh] } } })).toThrow(/second run/);
  });
});

describe('the rate limiter', () => {
  it('sets the RateLimit headers express-rate-limit sets with its own defaults', async () => {
    const plain = express();
    plain.use('/api', rateLimit({ windowMs: 60_000, limit: 5, standardHeaders: 'draft-8', legacyHeaders: false }));
    plain.post('/api/alipay/phone-number', (_req, res) => {
      res.json({});
    });
    const keys = generateAlipaySandboxKeys();
    const app = createApp(configFromEnv({ ...envForKeys(keys), RATE_LIMIT_PER_MINUTE: '5' }), { logger: silentLogger() });
    const body = buildAlipayPhoneResponse(keys, 'success', { mobile: '13811112222' });
    for (let i = 0; i < 2; i++) {
      const theirs = await request(plain).post('/api/alipay/phone-number').send(body);
      const ours = await request(app).post('/api/alipay/phone-number').set('content-type', 'text/plain').send(body);
      expect(ours.status).toBe(200);
      expect(ours.headers['ratelimit-policy']).toBe(theirs.headers['ratelimit-policy']);
      expect(ours.headers['ratelimit-policy']).toMatch(/^"5-in-1min"; q=5; w=60; pk=:[A-Za-z0-9+/=]+:$/);
      // The reset time may tick between the two answers; the name and the remaining count may not.
      expect(String(ours.headers['ratelimit']).replace(/t=\d+/, 't=?')).toBe(String(theirs.headers['ratelimit']).replace(/t=\d+/, 't=?'));
      expect(ours.headers['ratelimit']).toMatch(new RegExp(`^"5-in-1min"; r=${4 - i}; t=\\d+$`));
    }
  });

  // The limiter runs inside the first middleware, for the paths app.use('/api', limiter) would take.
  it.each([
    ['/api/alipay/phone-number', true],
    ['/API/Alipay/phone-number', true],
    ['/api', true],
    ['/api/', true],
    ['/api?x=1', true],
    ['/api/nowhere', true],
    ['/apiary', false],
    ['/healthz', false],
    ['/readyz', false],
    ['/nowhere', false],
    ['/x/api', false],
  ])('counts %s as app.use("/api") would: %s', async (path, counted) => {
    const plain = express();
    plain.use('/api', (_req, res, next) => {
      res.setHeader('x-counted', 'yes');
      next();
    });
    plain.use((_req, res) => {
      res.end();
    });
    const expected = (await request(plain).get(path)).headers['x-counted'] === 'yes';
    expect(expected).toBe(counted);
    const app = createApp(configFromEnv({ ...envForKeys(generateAlipaySandboxKeys()), RATE_LIMIT_PER_MINUTE: '5' }), { logger: silentLogger() });
    const ours = await request(app).get(path);
    expect(ours.headers['ratelimit'] !== undefined).toBe(counted);
  });
});

describe('answers', () => {
  it('carry no ETag (JSON made for one request, never revalidated)', async () => {
    const app = createApp(configFromEnv(envForKeys(generateAlipaySandboxKeys())), { logger: silentLogger() });
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBeUndefined();
  });
});
