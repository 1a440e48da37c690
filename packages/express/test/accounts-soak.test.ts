// A soak of the account routes (issue 12, "Fuzz and soak"): 2,400 mixed
// requests (logins with good and bad codes, bindings with good and bad phone
// codes, /api/me with good and dead tokens, exports, erasures, garbage
// bodies) from 8 clients against the real server over HTTP, with the
// accounts on PGlite and the WeChat platform faked at its edge. Each client
// owns its users (no two requests of one user at once), so a model of what
// each user should have is exact: nothing 5xx, every binding the model holds
// is what /api/me shows and what the database holds (no lost binding, no
// erased one back), nothing logged at error level, and the heap back near
// where it started.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { call, fakePlatforms, pgliteDatabase, startAccountServer, suiteKeyring, type AccountServer, type AccountsDatabase, type Platforms } from './support/account-server';

jest.setTimeout(240_000);

const CLIENTS = 8;
const USERS_PER_CLIENT = 12;
const STEPS_PER_CLIENT = 300;
const DEADLINE_MS = 200_000;

/** mulberry32, seeded per client, so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function heapAfterCollection(): number {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** What the model says a user has. */
interface ModelUser {
  readonly name: string;
  readonly mobile: string;
  /** Live tokens (every login adds one; an erasure kills them all). */
  tokens: string[];
  /** Dead tokens, which must answer 401. */
  dead: string[];
  userId: string | undefined;
  bound: boolean;
}

let database: AccountsDatabase;
let platforms: Platforms;
let server: AccountServer;

beforeAll(async () => {
  database = await pgliteDatabase();
  platforms = fakePlatforms();
  server = await startAccountServer(database, platforms, suiteKeyring());
});

afterAll(async () => {
  await server.close();
  await database.dispose();
});

describe('the account routes under a soak of 2,400 mixed requests (PGlite)', () => {
  const statuses = new Map<string, number>();
  const failures: string[] = [];
  const users: ModelUser[] = [];
  let steps = 0;
  let before = 0;
  let after = 0;

  const count = (what: string, status: number): void => {
    const key = `${what} ${status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  };

  async function step(user: ModelUser, random: () => number): Promise<void> {
    const { url } = server;
    const roll = random();
    const token = user.tokens[Math.floor(random() * user.tokens.length)];
    if (token === undefined || roll < 0.15) {
      const answer = await call(`${url}/api/wechat/login`, { body: { code: platforms.wechat.mintLoginCode(user.name) } });
      count('login', answer.status);
      if (answer.status !== 200) return void failures.push(`login ${user.name}: ${answer.status}`);
      const got = answer.body['user'] as { id: string; phone: { e164: string } | null };
      if (user.userId !== undefined && got.id !== user.userId) failures.push(`login ${user.name}: another user id`);
      if ((got.phone?.e164 ?? null) !== (user.bound ? `+86${user.mobile}` : null)) failures.push(`login ${user.name}: phone ${JSON.stringify(got.phone)}`);
      user.userId = got.id;
      user.tokens.push(String(answer.body['sessionToken']));
      return;
    }
    if (roll < 0.4) {
      const answer = await call(`${url}/api/wechat/phone-number`, { token, body: { code: platforms.wechat.mintPhoneCode(user.mobile) } });
      count('bind', answer.status);
      if (answer.status === 200) user.bound = true;
      else failures.push(`bind ${user.name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 120)}`);
      return;
    }
    if (roll < 0.5) {
      const answer = await call(`${url}/api/wechat/phone-number`, { token, body: { code: `not-a-code-${Math.floor(random() * 1e6)}` } });
      count('bind-bad-code', answer.status);
      if (answer.status < 400 || answer.status >= 500 || typeof (answer.body['error'] as { code?: unknown } | undefined)?.code !== 'string') failures.push(`bad code: ${answer.status}`);
      return;
    }
    if (roll < 0.75) {
      const answer = await call(`${url}/api/me`, { token });
      count('me', answer.status);
      const phone = answer.body['phone'] as { e164?: string } | null | undefined;
      if (answer.status !== 200 || (phone?.e164 ?? null) !== (user.bound ? `+86${user.mobile}` : null)) failures.push(`me ${user.name}: ${answer.status} ${JSON.stringify(phone)}`);
      return;
    }
    if (roll < 0.82) {
      const dead = user.dead[Math.floor(random() * user.dead.length)] ?? `${'x'.repeat(43)}`;
      const answer = await call(`${url}/api/me`, { token: dead });
      count('me-dead-token', answer.status);
      if (answer.status !== 401) failures.push(`dead token: ${answer.status}`);
      return;
    }
    if (roll < 0.88) {
      const answer = await call(`${url}/api/me/export`, { token });
      count('export', answer.status);
      if (answer.status !== 200) failures.push(`export ${user.name}: ${answer.status}`);
      return;
    }
    if (roll < 0.92) {
      const answer = await call(`${url}/api/me`, { method: 'DELETE', token });
      count('erase', answer.status);
      if (answer.status !== 204) return void failures.push(`erase ${user.name}: ${answer.status}`);
      user.dead.push(...user.tokens);
      user.tokens = [];
      user.userId = undefined;
      user.bound = false;
      return;
    }
    const garbage = ['{', '[]', '{"code": 42}', 'null', 'x'.repeat(200)][Math.floor(random() * 5)] ?? '{';
    const answer = await call(`${url}/api/wechat/login`, { body: garbage });
    count('login-garbage', answer.status);
    if (answer.status < 400 || answer.status >= 500) failures.push(`garbage login: ${answer.status}`);
  }

  beforeAll(async () => {
    for (let c = 0; c < CLIENTS; c++) {
      for (let u = 0; u < USERS_PER_CLIENT; u++) {
        const n = c * USERS_PER_CLIENT + u;
        users.push({ name: `soak-${n}`, mobile: `1350000${String(n).padStart(4, '0')}`, tokens: [], dead: [], userId: undefined, bound: false });
      }
    }
    // Warm up (JIT, PGlite's caches) before the baseline.
    for (const user of users.slice(0, 8)) for (let i = 0; i < 5; i++) await step(user, prng(i));
    before = heapAfterCollection();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const random = prng(0xacc0 + c);
        const mine = users.slice(c * USERS_PER_CLIENT, (c + 1) * USERS_PER_CLIENT);
        for (let i = 0; i < STEPS_PER_CLIENT && Date.now() - started < DEADLINE_MS; i++) {
          const user = mine[Math.floor(random() * mine.length)];
          if (user === undefined) continue;
          try {
            await step(user, random);
            steps++;
          } catch (error) {
            failures.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }),
    );
    after = heapAfterCollection();
  }, 230_000);

  // DEADLINE_MS only stops a runaway run: the count of steps made is what is checked, not the time.
  it('makes every request, every kind of them', () => {
    expect(steps).toBe(CLIENTS * STEPS_PER_CLIENT);
    for (const what of ['login', 'bind', 'bind-bad-code', 'me', 'me-dead-token', 'export', 'erase', 'login-garbage']) {
      expect([...statuses.keys()].some((key) => key.startsWith(`${what} `))).toBe(true);
    }
  });

  it('answers as the model says, and never 5xx', () => {
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...statuses].filter(([key]) => Number(key.split(' ')[1]) >= 500)).toEqual([]);
  });

  it('loses no binding and brings back no erased one: /api/me and the database hold exactly what the model holds', async () => {
    for (const user of users) {
      const token = user.tokens[0];
      if (token === undefined) continue;
      const answer = await call(`${server.url}/api/me`, { token });
      expect({ user: user.name, phone: (answer.body['phone'] as { e164?: string } | null)?.e164 ?? null }).toEqual({ user: user.name, phone: user.bound ? `+86${user.mobile}` : null });
    }
    const bindings = await server.accounts.rawRows('phone_bindings');
    expect(bindings.length).toBe(users.filter((user) => user.bound).length);
    const boundIds = new Set(users.filter((user) => user.bound).map((user) => user.userId));
    for (const row of bindings) expect(boundIds.has(String(row['user_id']))).toBe(true);
  });

  it('logs nothing at error level', () => {
    const errors = server
      .logText()
      .split('\n')
      .filter((line) => line.startsWith('{') && (JSON.parse(line) as { level?: number }).level !== undefined && ((JSON.parse(line) as { level: number }).level >= 50));
    expect(errors).toEqual([]);
  });

  it('ends with the heap back near where it started', () => {
    // A leak of 4 KB per request would be 10 MB.
    expect(after - before).toBeLessThan(16 * 1024 * 1024);
  });
});
