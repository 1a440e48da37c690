import type { AccountsBenchResult, AccountsDriverResult } from './accounts-bench';
import { formatCount, formatRatio, type Summary } from './stats';

/*
 * BENCHMARKS.md's accounts section. Apart from accounts-bench.ts, which
 * run.ts loads only once @phonekit/accounts is built (this file needs only
 * its types).
 */

/** The calls of one login + bind, in order. */
export const LOGIN_BIND_STEPS = ['upsertUser', 'createSession', 'phoneOf', 'userBySessionToken', 'recordConsent', 'bindPhone'] as const;

const spread = (s: Summary, format: (n: number) => string): string => `${format(s.median)} (${format(s.min)} – ${format(s.max)})`;
const verdict = (met: boolean): string => (met ? '**met**' : '**not met**');
const precise = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(3)}x` : 'n/a');
const statementsText = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The heading the section starts with: BENCH_ONLY=accounts replaces the section from it to the next "## ". */
export const ACCOUNTS_HEADING = '## Accounts: login + bind per second, PGlite and Postgres, against a bare INSERT ... ON CONFLICT';

/** BENCHMARKS.md's accounts section; `provenance` says when and how it was measured. */
export function accountsSection(result: AccountsBenchResult, provenance: string): string[] {
  const drivers = [result.pglite, result.postgres];
  const lines: string[] = [
    ACCOUNTS_HEADING,
    '',
    provenance,
    '',
    'What the server asks of `@phonekit/accounts` for one user (`POST /api/alipay/login`, then `POST /api/alipay/phone-number` with its bearer token), called directly through the package\'s public API (`bench/src/accounts-bench.ts`): `upsertUser` (one `INSERT ... ON CONFLICT ... RETURNING`), `createSession` (a random token, its SHA-256 stored), `phoneOf` (the login\'s answer carries the phone, none yet), `userBySessionToken` (the bind request\'s token, a join of sessions and users), `recordConsent`, `bindPhone` (AES-256-GCM of the number under the data key, HMAC-SHA256 blind index under a separate key, in a transaction: lock the user row, check no other user of the app holds the number, upsert the binding). Every login is a new user with a number no one holds, so every login creates and every bind inserts. The baseline is one statement, the shape of `upsertUser`\'s, on a table shaped like `users` (uuid key, the same unique triple) in the same database: `INSERT INTO phonekit_bench.upsert_baseline (platform, app_id, platform_user_id, union_id, created_at) VALUES ($1, ..., $5) ON CONFLICT (platform, app_id, platform_user_id) DO UPDATE SET union_id = coalesce(excluded.union_id, upsert_baseline.union_id) RETURNING id, (xmax = 0)`, sent through the accounts\' own connection(s) (`accounts.db.executeQuery` of a precompiled statement: PGlite\'s `query()` / the same `pg` Pool), with the same number in flight, also always a new row.',
    '',
    `Each round runs both for ${result.seconds} s, one after the other (which goes first alternates by round), after a warm-up of each; ${result.rounds} rounds; cells are the median (min – max) over the rounds, and the ratio is login + bind per second over bare upserts per second within each round. "In flight": operations awaited at once (on Postgres each takes a pooled connection per statement; PGlite is one connection, so it runs one at a time). Statements are counted on an untimed pass of ${result.countedOps} operations by counting the driver's query() calls (BEGIN and COMMIT included).`,
    '',
    '| Database | In flight | Login + bind / s | Bare upsert / s | Login + bind / bare upsert | Statements per login + bind | Target: >= 1/(statements + 1) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const d of drivers) {
    if (!d.available) {
      lines.push(`| ${d.driver} | – | not measured | not measured | n/a | n/a | n/a |`);
      continue;
    }
    const target = 1 / (d.statements + 1);
    for (const m of d.modes) {
      lines.push(
        `| ${d.driver} | ${m.inFlight} | ${spread(m.loginBind, formatCount)} | ${spread(m.baseline, formatCount)} | ${spread(m.ratio, (n) => n.toFixed(3))} | ${statementsText(d.statements)} (baseline ${statementsText(d.baselineStatements)}) | ${target.toFixed(3)}: ${verdict(m.ratio.median >= target)} |`,
      );
    }
  }
  lines.push('', 'Databases:', '');
  for (const d of drivers) lines.push(d.available ? `- **${d.driver}**: ${d.description}.` : `- **${d.driver}**: not measured in this run: ${d.reason}`);
  lines.push('', ...breakdown(drivers));
  lines.push(
    '',
    'Target: login + bind at least 1/(statements + 1) of the bare upsert\'s rate, on each database and in each mode: each of its statements costs about one bare statement (a round trip, a parse and plan, for the writes a WAL record), and everything else it does (the AES-GCM, HMAC and SHA-256, building each statement with Kysely, the checks on the answers) together costs no more than one statement more. Below that, the time goes somewhere other than the database.',
    '',
  );
  for (const d of drivers) {
    if (!d.available) continue;
    const target = 1 / (d.statements + 1);
    for (const m of d.modes) {
      lines.push(`- ${d.driver}, ${m.inFlight} in flight: ${verdict(m.ratio.median >= target)} (median ${precise(m.ratio.median)} against ${precise(target)}, rounds ${m.ratio.min.toFixed(3)} – ${m.ratio.max.toFixed(3)}; per statement, login + bind runs at ${formatRatio((m.ratio.median * d.statements) / d.baselineStatements)} of the baseline's statement rate).`);
    }
  }
  lines.push('', 'What the databases held afterwards (every operation of the run, the warm-ups and the counting pass included):', '');
  for (const d of drivers) {
    if (!d.available) continue;
    const c = d.checks;
    const ok = c.users === c.loginBinds && c.sessions === c.loginBinds && c.bindings === c.loginBinds && c.consents === c.loginBinds && c.baselineRows === c.baselineUpserts;
    lines.push(
      `- ${d.driver}: ${formatCount(c.loginBinds)} login + binds: ${formatCount(c.users)} users, ${formatCount(c.sessions)} sessions, ${formatCount(c.bindings)} phone bindings, ${formatCount(c.consents)} consents; ${formatCount(c.baselineUpserts)} bare upserts: ${formatCount(c.baselineRows)} rows. ${ok ? 'Each as expected (no lost or duplicate row).' : '**Not as expected: a row was lost or duplicated.**'}`,
    );
  }
  return lines;
}

/** Where a sequential login + bind's time goes, call by call, beside one bare upsert. */
function breakdown(drivers: readonly AccountsDriverResult[]): string[] {
  const measured = drivers.flatMap((d) => {
    if (!d.available) return [];
    const mode = d.modes.find((m) => m.inFlight === 1);
    return mode === undefined ? [] : [{ d, mode }];
  });
  if (measured.length === 0) return [];
  const us = (n: number): string => (Number.isFinite(n) ? formatCount(n) : 'n/a');
  const header = ['Call (1 in flight)', ...measured.flatMap(({ d }) => [`${d.driver}: statements`, `${d.driver}: µs`])];
  const lines = [
    'Where the time of a login + bind goes, one at a time: the mean wall-clock time of each call over the timed runs, and its statements (from the counting pass), beside one bare upsert measured in the same rounds:',
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
  ];
  for (const name of LOGIN_BIND_STEPS) {
    lines.push(`| \`${name}\` | ${measured.map(({ d, mode }) => `${statementsText(d.stepStatements[name])} | ${us(mode.stepUs[name])}`).join(' | ')} |`);
  }
  const total = (stepUs: Readonly<Record<string, number>>): number => LOGIN_BIND_STEPS.reduce((n, name) => n + (stepUs[name] ?? 0), 0);
  lines.push(`| **login + bind** | ${measured.map(({ d, mode }) => `${statementsText(d.statements)} | ${us(total(mode.stepUs))}`).join(' | ')} |`);
  lines.push(`| bare upsert (baseline) | ${measured.map(({ d, mode }) => `${statementsText(d.baselineStatements)} | ${us(mode.baselineUs)}`).join(' | ')} |`);
  lines.push(`| login + bind per statement | ${measured.map(({ d, mode }) => `– | ${us(total(mode.stepUs) / d.statements)}`).join(' | ')} |`);
  return lines;
}
