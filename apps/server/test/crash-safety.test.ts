// Crash safety of the accounts (issue 12, "Fuzz and soak"): the production
// server (`node dist/main.js`, on PGlite in a data dir, and on a real
// Postgres) is killed with SIGKILL while logins and bindings are in flight.
// After a normal restart, every binding that was answered 200 is there, and
// nothing is half-written: every stored binding opens (decrypts under the
// data key, its blind index finds its user), belongs to a user who exists,
// and has the consent it was given under. And Postgres itself going down
// mid-load: bounded 503s with Retry-After, never a 500 or a hang, and the
// same server recovers once Postgres is back. WeChat is the sandbox's fake,
// on real HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openAccounts, requireDataKeyring, type AccountsDatabaseOptions } from '@phonekit/accounts';
import { FakeWechatApi, createFakeWechatListener } from '@phonekit/sandbox';
import { postJson } from './support/wechat-fixtures';
import { startPostgresServer, type PostgresServer } from '@phonekit/test-servers';
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

/** Kills the server with SIGKILL mid-bindings, restarts it normally, and checks what the database kept. */
async function crashAndCheck(env: Record<string, string>, database: AccountsDatabaseOptions, prefix: string): Promise<void> {
  const server = await spawnServerProcess(env);
  const answered = new Map<string, { userId: string; mobile: string }>();
  let killing: Promise<string | null> | undefined;
  const mobile = (i: number): string => `${prefix}${String(i).padStart(7, '0')}`;

  const bindOne = async (i: number): Promise<void> => {
    const user = `crash-${prefix}-${i}`;
    const login = await postJson(`${server.url}/api/wechat/login`, { code: api.mintLoginCode(user) });
    if (login.status !== 200) return;
    const token = String(login.body['sessionToken']);
    const userId = String((login.body['user'] as Record<string, unknown>)['id']);
    const bound = await postJson(`${server.url}/api/wechat/phone-number`, { code: api.mintPhoneCode(mobile(i)) }, { authorization: `Bearer ${token}` });
    if (bound.status !== 200) return;
    answered.set(user, { userId, mobile: mobile(i) });
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

  // A normal start on the same database, then a normal stop.
  const again = await spawnServerProcess(env);
  for (const [user, { userId, mobile: number }] of answered) {
    const login = await postJson(`${again.url}/api/wechat/login`, { code: api.mintLoginCode(user) });
    expect(login.status).toBe(200);
    expect(login.body['user']).toMatchObject({ id: userId, phone: { e164: `+86${number}` } });
  }
  expect(await again.stop()).toBe(0);

  // Directly in the database: every binding opens, is its user's, and has its consent.
  const accounts = await openAccounts({ database, keyring: requireDataKeyring({ dataKey: DATA_KEY }) });
  try {
    const bindings = await accounts.rawRows('phone_bindings');
    const users = new Set((await accounts.rawRows('users')).map((row) => String(row['id'])));
    expect(bindings.length).toBeGreaterThanOrEqual(answered.size);
    for (const row of bindings) {
      const userId = String(row['user_id']);
      expect(users.has(userId)).toBe(true);
      const phone = await accounts.phoneOf(userId);
      expect(phone?.e164.startsWith(`+86${prefix}`)).toBe(true);
      expect(await accounts.findUserByPhone(APP_ID, phone?.e164 ?? '')).toMatchObject({ id: userId });
    }
    // Never a number without the consent it was given under (the consent is written first, so a kill between the two leaves only a consent).
    const consented = new Set((await accounts.rawRows('consents')).map((row) => String(row['user_id'])));
    for (const row of bindings) expect(consented.has(String(row['user_id']))).toBe(true);
  } finally {
    await accounts.close();
  }
}

describe('SIGKILL of the production server in the middle of bindings (PGlite)', () => {
  it('loses no binding that was answered 200 and leaves no half-written row', async () => {
    await crashAndCheck({ ...wechatEnv, PHONEKIT_DATA_DIR: dataDir, PHONEKIT_DATA_KEY: DATA_KEY }, { dataDir }, '1391');
  });
});

describe('the production server on a real Postgres', () => {
  let postgres: PostgresServer;
  let databaseUrl: string;

  beforeAll(async () => {
    postgres = await startPostgresServer();
    databaseUrl = await postgres.createDatabase('crash_safety');
  });

  afterAll(async () => {
    await postgres.stop();
  });

  it('loses no binding that was answered 200 and leaves no half-written row when the server is SIGKILLed', async () => {
    await crashAndCheck({ ...wechatEnv, DATABASE_URL: databaseUrl, PHONEKIT_DATA_KEY: DATA_KEY }, { databaseUrl }, '1392');
  });

  it('answers bounded 503s with Retry-After while Postgres is down mid-load, never a 500, and recovers without a restart', async () => {
    const server = await spawnServerProcess({ ...wechatEnv, DATABASE_URL: databaseUrl, PHONEKIT_DATA_KEY: DATA_KEY });
    const statuses = new Map<number, number>();
    const answered = new Map<string, string>();
    const failures: string[] = [];
    let phase: 'up' | 'down' | 'back' = 'up';
    let stop = false;
    let n = 0;
    const loop = async (): Promise<void> => {
      while (!stop) {
        const i = n++;
        const user = `outage-${i}`;
        const mobile = `1393${String(i).padStart(7, '0')}`;
        try {
          const signal = AbortSignal.timeout(20_000);
          const login = await fetch(`${server.url}/api/wechat/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: api.mintLoginCode(user) }), signal });
          const body = (await login.json()) as Record<string, unknown>;
          statuses.set(login.status, (statuses.get(login.status) ?? 0) + 1);
          if (login.status === 503 && login.headers.get('retry-after') === null) failures.push('503 without Retry-After');
          if (login.status !== 200) continue;
          const bound = await fetch(`${server.url}/api/wechat/phone-number`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${String(body['sessionToken'])}` }, body: JSON.stringify({ code: api.mintPhoneCode(mobile) }), signal });
          await bound.arrayBuffer();
          statuses.set(bound.status, (statuses.get(bound.status) ?? 0) + 1);
          if (bound.status === 200) answered.set(user, mobile);
        } catch (error) {
          failures.push(`${phase}: no answer within 20 s (${error instanceof Error ? error.name : 'error'})`);
        }
      }
    };
    const clients = Array.from({ length: 4 }, () => loop());
    try {
      while (answered.size < 10) await new Promise((r) => setTimeout(r, 50));
      phase = 'down';
      await postgres.down();
      const before503 = statuses.get(503) ?? 0;
      // Bounded: with Postgres down, 503s arrive (connect timeout 3 s at most per request).
      for (let i = 0; i < 400 && (statuses.get(503) ?? 0) < before503 + 8; i++) await new Promise((r) => setTimeout(r, 50));
      if ((statuses.get(503) ?? 0) - before503 < 8) throw new Error(`503s: ${JSON.stringify({ statuses: Object.fromEntries(statuses), failures: failures.slice(0, 3), answered: answered.size, n })}\n${server.output().slice(-3000)}`);
      phase = 'back';
      await postgres.up();
      const before = answered.size;
      for (let i = 0; i < 600 && answered.size < before + 10; i++) await new Promise((r) => setTimeout(r, 50));
      expect(answered.size).toBeGreaterThanOrEqual(before + 10);
    } finally {
      stop = true;
      await Promise.all(clients);
    }
    expect(failures).toEqual([]);
    expect([...statuses.keys()].filter((status) => status >= 500 && status !== 503)).toEqual([]);
    // Every binding answered 200 is there, before and after the outage.
    for (const [user, mobile] of answered) {
      const login = await postJson(`${server.url}/api/wechat/login`, { code: api.mintLoginCode(user) });
      expect(login.body['user']).toMatchObject({ phone: { e164: `+86${mobile}` } });
    }
    expect(await server.stop()).toBe(0);
  });
});
