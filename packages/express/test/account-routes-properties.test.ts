// Properties of the account routes (issue 12, "Fuzz and soak"): whatever a
// client sends to login (both platforms), phone-number with or without a
// token, /api/me, /api/me/export and DELETE /api/me, the answer is never a
// 5xx, always the JSON error envelope with a catalogued code when it is an
// error, and the server keeps serving: afterwards a real user still logs in,
// binds and reads their phone. Real HTTP, accounts on PGlite, the platforms
// faked at their edge.
import fc from 'fast-check';
import { API_ERROR_CODES } from '../src/errors/catalogue';
import { call, fakePlatforms, pgliteDatabase, startAccountServer, suiteKeyring, type AccountServer, type AccountsDatabase, type Platforms } from './support/account-server';

jest.setTimeout(180_000);

const RUNS = 120;

let database: AccountsDatabase;
let platforms: Platforms;
let server: AccountServer;
let liveToken: string;

beforeAll(async () => {
  database = await pgliteDatabase();
  platforms = fakePlatforms();
  server = await startAccountServer(database, platforms, suiteKeyring());
  const login = await call(`${server.url}/api/wechat/login`, { body: { code: platforms.wechat.mintLoginCode('prop-holder') } });
  liveToken = String(login.body['sessionToken']);
});

afterAll(async () => {
  await server.close();
  await database.dispose();
});

/** Bodies a client might send: JSON of any shape, JSON with odd fields, and text that is not JSON. */
const body = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.json(),
    fc.record({ code: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())) }).map((v) => JSON.stringify(v)),
    fc.record({ authCode: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), appId: fc.string() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc.record({ encryptedData: fc.string(), iv: fc.string() }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 300 }),
  );

/** Authorization headers: none, odd schemes, tokens of every shape, and a live one. */
const authorization = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 80 }).map((t) => `Bearer ${t}`),
    fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((t) => `Bearer ${t}`),
    fc.constantFrom('Bearer', 'Basic abc', 'bearer  x', ''),
    fc.constant('LIVE'),
  );

const ROUTES = [
  { method: 'POST', path: '/api/wechat/login' },
  { method: 'POST', path: '/api/alipay/login' },
  { method: 'POST', path: '/api/wechat/phone-number' },
  { method: 'POST', path: '/api/alipay/phone-number' },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/me/export' },
  { method: 'DELETE', path: '/api/me' },
] as const;

function isEnvelope(value: Record<string, unknown>): boolean {
  const error = value['error'] as Record<string, unknown> | undefined;
  return typeof error === 'object' && error !== null && (API_ERROR_CODES as readonly string[]).includes(String(error['code'])) && typeof error['message'] === 'string';
}

describe('the account routes, whatever a client sends', () => {
  it.each(ROUTES)('$method $path never answers 5xx, and every error is the catalogued envelope', async ({ method, path }) => {
    await fc.assert(
      fc.asyncProperty(body(), authorization(), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (text, auth, type) => {
        // DELETE with the live token would erase the holder the other routes lean on: it gets a random token instead.
        const header = auth === 'LIVE' ? (method === 'DELETE' ? 'Bearer not-the-live-token' : `Bearer ${liveToken}`) : auth;
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { 'content-type': type, ...(header === undefined ? {} : { authorization: header }) },
          ...(method === 'POST' ? { body: text } : {}),
        });
        const raw = await response.text();
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(isEnvelope(JSON.parse(raw) as Record<string, unknown>)).toBe(true);
      }),
      { numRuns: RUNS, seed: 0x5eed + path.length },
    );
  });

  it('keeps serving: a real user logs in, binds and reads the phone afterwards, and nothing was logged at error level', async () => {
    const login = await call(`${server.url}/api/wechat/login`, { body: { code: platforms.wechat.mintLoginCode('prop-after') } });
    expect(login.status).toBe(200);
    const token = String(login.body['sessionToken']);
    const bound = await call(`${server.url}/api/wechat/phone-number`, { token, body: { code: platforms.wechat.mintPhoneCode('13600001111') } });
    expect(bound.status).toBe(200);
    const me = await call(`${server.url}/api/me`, { token });
    expect(me.body).toMatchObject({ phone: { e164: '+8613600001111' } });
    const errors = server
      .logText()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg?: string })
      .filter((entry) => entry.level >= 50);
    expect(errors).toEqual([]);
  });
});
