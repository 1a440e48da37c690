// Crash safety of the accounts (issue 12, "Fuzz and soak"): the production
// server (`node dist/main.js`, PGlite in a data dir) is killed with SIGKILL
// while logins and bindings are in flight. After a normal restart on the same
// data dir, every binding that was answered 200 is there, and nothing is
// half-written: every stored binding opens (decrypts under the data key, its
// blind index finds its user), belongs to a user who exists, and has the
// consent it was given under. WeChat is the sandbox's fake, on real HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openAccounts, requireDataKeyring } from '@phonekit/accounts';
import { FakeWechatApi, createFakeWechatListener } from '@phonekit/sandbox';
import { postJson } from './support/wechat-fixtures';
import { spawnServerProcess } from './support/wechat-server-process';

jest.setTimeout(180_000);

const APP_ID = 'wx00000000000c4a5e';
const APP_SECRET = 'sandbox-secret-for-crash-safety';
const DATA_KEY = Buffer.alloc(32, 51).toString('base64');
const USERS = 60;
/** Kill once this many bindings have been answered 200 (the rest are in flight or not yet sent). */
const KILL_AFTER = 20;

let api: FakeWechatApi;
let wechat: Server;
let wechatEnv: Record<string, string>;
let dataDir: string;

beforeAll(async () => {
  api = new FakeWechatApi({ appId: APP_ID, appSecret: APP_SECRET });
  wechat = createServer(createFakeWechatListener(api));
  await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
  const address = wechat.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  wechatEnv = { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE: `http://127.0.0.1:${port}` };
  dataDir = await mkdtemp(path.join(tmpdir(), 'phonekit-crash-'));
});

afterAll(async () => {
  await new Promise((resolve) => wechat.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

const mobileOf = (i: number): string => `1391${String(i).padStart(7, '0')}`;

describe('SIGKILL of the production server in the middle of bindings (PGlite)', () => {
  it('loses no binding that was answered 200 and leaves no half-written row', async () => {
    const env = { ...wechatEnv, PHONEKIT_DATA_DIR: dataDir, PHONEKIT_DATA_KEY: DATA_KEY };
    const server = await spawnServerProcess(env);
    const answered = new Map<string, { userId: string; mobile: string }>();
    let killing: Promise<string | null> | undefined;

    const bindOne = async (i: number): Promise<void> => {
      const user = `crash-user-${i}`;
      const login = await postJson(`${server.url}/api/wechat/login`, { code: api.mintLoginCode(user) });
      if (login.status !== 200) return;
      const token = String(login.body['sessionToken']);
      const userId = String((login.body['user'] as Record<string, unknown>)['id']);
      const bound = await postJson(`${server.url}/api/wechat/phone-number`, { code: api.mintPhoneCode(mobileOf(i)) }, { authorization: `Bearer ${token}` });
      if (bound.status !== 200) return;
      answered.set(user, { userId, mobile: mobileOf(i) });
      if (answered.size >= KILL_AFTER && killing === undefined) killing = server.kill();
    };
    // 8 at a time, so that some are in flight when the kill lands; a request cut off by the kill just fails.
    const queue = Array.from({ length: USERS }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) await bindOne(i).catch(() => undefined);
      }),
    );
    expect(await (killing ?? server.kill())).toBe('SIGKILL');
    expect(answered.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(answered.size).toBeLessThan(USERS);

    // A normal start on the same data dir, then a normal stop: PGlite recovers what the kill left.
    const again = await spawnServerProcess(env);
    for (const [user, { userId, mobile }] of answered) {
      const login = await postJson(`${again.url}/api/wechat/login`, { code: api.mintLoginCode(user) });
      expect(login.status).toBe(200);
      expect(login.body['user']).toMatchObject({ id: userId, phone: { e164: `+86${mobile}` } });
    }
    expect(await again.stop()).toBe(0);

    // Directly in the database: every binding opens, is its user's, and has its consent.
    const accounts = await openAccounts({ database: { dataDir }, keyring: requireDataKeyring({ dataKey: DATA_KEY }) });
    try {
      const bindings = await accounts.rawRows('phone_bindings');
      const users = new Set((await accounts.rawRows('users')).map((row) => String(row['id'])));
      expect(bindings.length).toBeGreaterThanOrEqual(answered.size);
      for (const row of bindings) {
        const userId = String(row['user_id']);
        expect(users.has(userId)).toBe(true);
        const phone = await accounts.phoneOf(userId);
        expect(phone?.e164).toMatch(/^\+861391\d{7}$/);
        expect(await accounts.findUserByPhone(APP_ID, phone?.e164 ?? '')).toMatchObject({ id: userId });
      }
      // Never a number without the consent it was given under (the consent is written first, so a kill between the two leaves only a consent).
      const consented = new Set((await accounts.rawRows('consents')).map((row) => String(row['user_id'])));
      for (const row of bindings) expect(consented.has(String(row['user_id']))).toBe(true);
    } finally {
      await accounts.close();
    }
  });
});
