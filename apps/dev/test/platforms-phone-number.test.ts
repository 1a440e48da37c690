// Douyin, Baidu, QQ and Kuaishou end to end, over real HTTP, against the
// development app in sandbox mode: it plays each platform (controls at
// /sandbox/<platform>) and each platform's client reaches its fake in
// process, with the same requests it sends the real API. The fake platforms
// (edges we do not own) are the only doubles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type ApiErrorCode, type RunningServer } from '@phonekit/express';
import { generateSandboxIdentity, type SandboxIdentity } from '@phonekit/sandbox';
import { loadDevConfig, openDevAccounts, startDevServer, type DevAccounts } from '../src/index';
import { getJson, postJson, type HttpAnswer } from './support/wechat-fixtures';

type Platform = 'douyin' | 'baidu' | 'qq' | 'kuaishou';

interface PlatformCase {
  readonly platform: Platform;
  readonly P: string;
  /** The fake's name for its code2session endpoint (failNext). */
  readonly loginEndpoint: string;
  /** An errcode the platform documents for a bad secret, and the entry it is answered with. */
  readonly secretErrcode: number | string;
  /** The query parameter of /phone-event that names another app. */
  readonly otherApp: 'appId' | 'appKey';
  /** What data made for another app is answered with; undefined: the platform marks no app in its data (Kuaishou). */
  readonly wrongAppCode: ApiErrorCode | undefined;
  readonly appIdOf: (identity: SandboxIdentity) => string;
}

const CASES: readonly PlatformCase[] = [
  { platform: 'douyin', P: 'DOUYIN', loginEndpoint: 'jscode2session', secretErrcode: 40017, otherApp: 'appId', wrongAppCode: 'DOUYIN_WATERMARK_MISMATCH', appIdOf: (i) => i.douyin.appId },
  { platform: 'baidu', P: 'BAIDU', loginEndpoint: 'jscode2sessionkey', secretErrcode: 'invalid_client', otherApp: 'appKey', wrongAppCode: 'BAIDU_APP_KEY_MISMATCH', appIdOf: (i) => i.baidu.appKey },
  { platform: 'qq', P: 'QQ', loginEndpoint: 'jscode2session', secretErrcode: 40125, otherApp: 'appId', wrongAppCode: 'QQ_WATERMARK_MISMATCH', appIdOf: (i) => i.qq.appId },
  { platform: 'kuaishou', P: 'KUAISHOU', loginEndpoint: 'code2session', secretErrcode: 100200101, otherApp: 'appId', wrongAppCode: undefined, appIdOf: (i) => i.kuaishou.appId },
];

// One identity (RSA keys for Alipay and Douyin) for the suite: each server still gets fresh fakes.
const identity = generateSandboxIdentity();

interface Server {
  readonly url: string;
  close(): Promise<void>;
}

async function startServer(options: { accounts?: DevAccounts } = {}, env: Record<string, string> = {}): Promise<Server> {
  const { config, sandbox } = loadDevConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', ...env }, identity });
  const running: RunningServer = await startDevServer(config, sandbox, {
    logger: createLogger('silent'),
    port: 0,
    simulator: false,
    ...(options.accounts === undefined ? {} : { accounts: options.accounts.accounts }),
  });
  return { url: running.url, close: () => running.close() };
}

function field(answer: HttpAnswer, name: string): string {
  const value = answer.body[name];
  if (typeof value !== 'string') throw new Error(`expected "${name}" in HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return value;
}

function expectError(answer: HttpAnswer, code: string, status: number): Record<string, unknown> {
  expect({ status: answer.status, code: (answer.body['error'] as Record<string, unknown> | undefined)?.['code'] }).toEqual({ status, code });
  const error = answer.body['error'] as Record<string, unknown>;
  expect(error).toEqual(expect.objectContaining({ message: expect.any(String), hint: expect.any(String), hintZh: expect.any(String), retryable: expect.any(Boolean) }));
  return error;
}

const sandbox = (server: Server, platform: Platform, path: string): Promise<HttpAnswer> => getJson(`${server.url}/sandbox/${platform}${path}`);
const loginCode = async (server: Server, platform: Platform, user: string): Promise<string> =>
  field(await sandbox(server, platform, `/login-code?user=${encodeURIComponent(user)}`), 'code');

async function login(server: Server, platform: Platform, user: string): Promise<HttpAnswer> {
  return postJson(`${server.url}/api/${platform}/login`, { code: await loginCode(server, platform, user) });
}

async function tokenOf(server: Server, platform: Platform, user: string): Promise<string> {
  return field(await login(server, platform, user), 'sessionToken');
}

async function phoneEvent(server: Server, platform: Platform, user: string, mobile: string, extra = ''): Promise<{ encryptedData: string; iv: string; code?: string }> {
  const answer = await sandbox(server, platform, `/phone-event?user=${encodeURIComponent(user)}&mobile=${encodeURIComponent(mobile)}${extra}`);
  const code = answer.body['code'];
  return { encryptedData: field(answer, 'encryptedData'), iv: field(answer, 'iv'), ...(typeof code === 'string' ? { code } : {}) };
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const control = (server: Server, platform: Platform, body: Record<string, unknown>): Promise<HttpAnswer> => postJson(`${server.url}/sandbox/${platform}/control`, body);

describe.each(CASES)('$platform in sandbox mode, over HTTP', ({ platform, P, loginEndpoint, secretErrcode, otherApp, wrongAppCode, appIdOf }) => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server.close();
  });

  describe(`POST /api/${platform}/login`, () => {
    it('answers an opaque session token and never the session_key or openid (no accounts: "user" is null)', async () => {
      const answer = await login(server, platform, 'alice');
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['expiresIn', 'sessionToken', 'user']);
      expect(answer.body['user']).toBeNull();
      expect(answer.body['sessionToken']).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(answer.body)).not.toMatch(/session_key|sessionKey|openid|open_id/);
    });

    it(`answers a code used twice with 400 ${P}_CODE_INVALID, keeping what the platform said`, async () => {
      const code = await loginCode(server, platform, 'alice');
      expect((await postJson(`${server.url}/api/${platform}/login`, { code })).status).toBe(200);
      const error = expectError(await postJson(`${server.url}/api/${platform}/login`, { code }), `${P}_CODE_INVALID`, 400);
      expect(error['upstream']).toEqual({ code: expect.any(String), msg: expect.any(String) });
    });

    it(`answers a code the platform never issued with 400 ${P}_CODE_INVALID`, async () => {
      expectError(await postJson(`${server.url}/api/${platform}/login`, { code: 'made-up-code' }), `${P}_CODE_INVALID`, 400);
    });

    it(`answers an expired code with 400 ${P}_CODE_INVALID`, async () => {
      const code = await loginCode(server, platform, 'alice');
      expect((await control(server, platform, { advanceSeconds: 3600 })).status).toBe(200);
      expectError(await postJson(`${server.url}/api/${platform}/login`, { code }), `${P}_CODE_INVALID`, 400);
    });

    it(`answers the documented bad-secret error (${String(secretErrcode)}) with 502 ${P}_APP_SECRET_INVALID, never echoing the secret`, async () => {
      expect((await control(server, platform, { failNext: { endpoint: loginEndpoint, errcode: secretErrcode } })).status).toBe(200);
      const secret = expectError(await login(server, platform, 'alice'), `${P}_APP_SECRET_INVALID`, 502);
      expect(secret['upstream']).toEqual(expect.objectContaining({ code: String(secretErrcode) }));
      expect(JSON.stringify(secret)).not.toContain(identity[platform].appSecret);
    });

    it(`answers a login code made for another app with 400 ${P}_CODE_INVALID`, async () => {
      const other = platform === 'baidu' ? 'OtherAppKey0123456789abcdefABCDEF' : 'other-app-id';
      const code = field(await sandbox(server, platform, `/login-code?user=alice&${otherApp}=${other}`), 'code');
      expectError(await postJson(`${server.url}/api/${platform}/login`, { code }), `${P}_CODE_INVALID`, 400);
    });

    it('refuses a body without a code with 400 PAYLOAD_MALFORMED, naming the call that gives one', async () => {
      const error = expectError(await postJson(`${server.url}/api/${platform}/login`, {}), 'PAYLOAD_MALFORMED', 400);
      expect(error['message']).toMatch(/\.login|getLoginCode/);
    });
  });

  describe(`POST /api/${platform}/phone-number, the legacy flow ({encryptedData, iv} with the session token)`, () => {
    it("answers the phone, decrypted with the session_key of the caller's login", async () => {
      const token = await tokenOf(server, platform, 'bob');
      const { encryptedData, iv } = await phoneEvent(server, platform, 'bob', '13900001111');
      const answer = await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData, iv }, bearer(token));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(expect.objectContaining({ e164: '+8613900001111', masked: '139****1111', countryCode: '86' }));
    });

    it(`after the user logs in again (a new session_key), answers data made under the new key to the old token with 422 ${P}_DECRYPTION_FAILED`, async () => {
      const oldToken = await tokenOf(server, platform, 'carol');
      const newToken = await tokenOf(server, platform, 'carol');
      const { encryptedData, iv } = await phoneEvent(server, platform, 'carol', '13900002222');
      expectError(await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData, iv }, bearer(oldToken)), `${P}_DECRYPTION_FAILED`, 422);
      expect((await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData, iv }, bearer(newToken))).status).toBe(200);
    });

    // Kuaishou's data names no app: another app's data is refused at login instead (the code above).
    if (wrongAppCode !== undefined) it(`answers data made for another app with 422 ${wrongAppCode}`, async () => {
      const token = await tokenOf(server, platform, 'dave');
      const other = platform === 'baidu' ? 'OtherAppKey0123456789abcdefABCDEF' : 'other-app-id';
      expect(other).not.toBe(appIdOf(identity));
      const { encryptedData, iv } = await phoneEvent(server, platform, 'dave', '13900003333', `&${otherApp}=${other}`);
      expectError(await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData, iv }, bearer(token)), wrongAppCode, 422);
    });

    it(`answers without a session token, or with an unknown one, 401 ${P}_SESSION_INVALID`, async () => {
      await tokenOf(server, platform, 'erin');
      const { encryptedData, iv } = await phoneEvent(server, platform, 'erin', '13900004444');
      expectError(await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData, iv }), `${P}_SESSION_INVALID`, 401);
      expectError(await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData, iv }, bearer('A'.repeat(43))), `${P}_SESSION_INVALID`, 401);
    });

    it('refuses damaged data with a 4xx catalogued error and keeps serving', async () => {
      const token = await tokenOf(server, platform, 'frank');
      const answer = await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData: 'not base64 !!', iv: 'AAAAAAAAAAAAAAAAAAAAAA==' }, bearer(token));
      expect(answer.status).toBe(400);
      expect((answer.body['error'] as Record<string, unknown>)['code']).toBe(`${P}_ENCRYPTED_DATA_INVALID`);
      expect((await getJson(`${server.url}/healthz`)).status).toBe(200);
    });
  });
});

describe("Douyin's current flow (the getPhoneNumber button's code -> get_phonenumber_info -> RSA-encrypted data)", () => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server.close();
  });

  const phoneCode = async (mobile: string): Promise<string> => field(await sandbox(server, 'douyin', `/phone-code?mobile=${mobile}`), 'code');

  it('answers the phone the code stands for, decrypted with the app private key', async () => {
    const answer = await postJson(`${server.url}/api/douyin/phone-number`, { code: await phoneCode('13811112222') });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expect.objectContaining({ e164: '+8613811112222', masked: '138****2222' }));
  });

  it('answers a code used twice with 400 DOUYIN_CODE_INVALID', async () => {
    const code = await phoneCode('13811112222');
    expect((await postJson(`${server.url}/api/douyin/phone-number`, { code })).status).toBe(200);
    expectError(await postJson(`${server.url}/api/douyin/phone-number`, { code }), 'DOUYIN_CODE_INVALID', 400);
  });

  it('fetches one client_token for many requests, and after Douyin expires it fetches a new one and retries once, answering 200', async () => {
    const before = (await sandbox(server, 'douyin', '/stats')).body['tokenFetches'] as number;
    for (const mobile of ['13811110001', '13811110002']) expect((await postJson(`${server.url}/api/douyin/phone-number`, { code: await phoneCode(mobile) })).status).toBe(200);
    const after = (await sandbox(server, 'douyin', '/stats')).body['tokenFetches'] as number;
    expect(after - before).toBeLessThanOrEqual(1);
    expect((await control(server, 'douyin', { expireTokens: true })).status).toBe(200);
    expect((await postJson(`${server.url}/api/douyin/phone-number`, { code: await phoneCode('13811110003') })).status).toBe(200);
    expect(((await sandbox(server, 'douyin', '/stats')).body['tokenFetches'] as number) - after).toBe(1);
  });

  it('the event detail carries both: its code and its encryptedData answer the same number', async () => {
    const token = await tokenOf(server, 'douyin', 'gina');
    const event = await phoneEvent(server, 'douyin', 'gina', '13811113333');
    expect(event.code).toEqual(expect.any(String));
    const byCode = await postJson(`${server.url}/api/douyin/phone-number`, { code: event.code }, bearer(token));
    const byData = await postJson(`${server.url}/api/douyin/phone-number`, { encryptedData: event.encryptedData, iv: event.iv }, bearer(token));
    expect([byCode.status, byData.status]).toEqual([200, 200]);
    expect(byCode.body['e164']).toBe(byData.body['e164']);
  });
});

describe('the four platforms with accounts (PGlite): login creates the user, phone-number binds the number', () => {
  let server: Server;
  let opened: DevAccounts;
  const dataDir = mkdtempSync(join(tmpdir(), 'phonekit-platform-accounts-'));

  beforeAll(async () => {
    const { config } = loadDevConfig({ env: { NODE_ENV: 'test', PHONEKIT_DATA_DIR: dataDir }, identity });
    const accounts = await openDevAccounts(config);
    if (accounts === undefined) throw new Error('expected accounts');
    opened = accounts;
    server = await startServer({ accounts: opened }, { PHONEKIT_DATA_DIR: dataDir });
  }, 60_000);

  afterAll(async () => {
    await server.close();
    await opened.accounts.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(CASES)('$platform: the user of (platform, appid, openid), the number bound, /api/me showing it masked, erase removing it', async ({ platform, appIdOf }) => {
    const first = await login(server, platform, 'hana');
    expect(first.status).toBe(200);
    expect(first.body['user']).toEqual({ id: expect.any(String), platform, appId: appIdOf(identity), phone: null });
    const token = field(first, 'sessionToken');
    const { encryptedData, iv } = await phoneEvent(server, platform, 'hana', '13700001234');
    const bound = await postJson(`${server.url}/api/${platform}/phone-number`, { encryptedData, iv }, bearer(token));
    expect(bound.status).toBe(200);
    expect(bound.body['user']).toEqual(expect.objectContaining({ platform, phone: expect.objectContaining({ masked: '137****1234' }) }));
    // The same user logs in again: the same account, the number already there.
    const again = await login(server, platform, 'hana');
    expect((again.body['user'] as Record<string, unknown>)['id']).toBe((first.body['user'] as Record<string, unknown>)['id']);
    const me = await fetch(`${server.url}/api/me`, { headers: bearer(field(again, 'sessionToken')) });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(expect.objectContaining({ platform, phone: expect.objectContaining({ masked: '137****1234' }) }));
    const erased = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: bearer(field(again, 'sessionToken')) });
    expect(erased.status).toBe(204);
  });

  it("refuses one platform's session token on another platform's route with 401 SESSION_INVALID", async () => {
    const qqToken = field(await login(server, 'qq', 'ivan'), 'sessionToken');
    await login(server, 'kuaishou', 'ivan');
    const { encryptedData, iv } = await phoneEvent(server, 'kuaishou', 'ivan', '13700005678');
    expectError(await postJson(`${server.url}/api/kuaishou/phone-number`, { encryptedData, iv }, bearer(qqToken)), 'SESSION_INVALID', 401);
  });
});
