import { Router } from 'express';
import { noStore } from '../middleware/api-headers';
import type { ServerConfig } from '../config';
import type { AccountsPort } from '../accounts/accounts-port';
import type { WechatStore } from '../store/wechat-store';
import { sendJson } from './send-json';

/** What each dependency answered: the word /healthz and /readyz use. */
export type DependencyState = 'ok' | 'down';

/** The services outside this process that the server needs, as /healthz and /readyz name them. */
export type DependencyName = 'redis' | 'database';

/** GET /healthz: liveness, always 200 while the process serves; `degraded` when a dependency is down. */
export interface HealthJson {
  readonly status: 'ok' | 'degraded';
  readonly mode: ServerConfig['mode'];
  /** Only with dependencies configured (REDIS_URL, DATABASE_URL): each one's state. */
  readonly checks?: Readonly<Partial<Record<DependencyName, DependencyState>>>;
}

/** GET /readyz: 200 `ready` when every configured dependency answers, 503 `unavailable` otherwise. */
export interface ReadyJson {
  readonly status: 'ready' | 'unavailable';
  readonly mode: ServerConfig['mode'];
  readonly checks: Readonly<Partial<Record<DependencyName, DependencyState>>>;
}

/** A check still unanswered after this counts as down (Redis and pg have their own, shorter, bounds). */
export const DEPENDENCY_CHECK_TIMEOUT_MS = 3_000;

/**
 * A session token nobody holds, of the accounts' token shape: looking it up
 * is one indexed SELECT through the pool the routes use, so the check fails
 * exactly when the routes' queries would. (The accounts port has no ping;
 * its answer, null, is thrown away.)
 */
const PROBE_TOKEN = `phonekit-readiness-probe-${'0'.repeat(18)}`;

type Check = () => Promise<unknown>;

/** Runs `check` bounded by `timeoutMs`: ok if it resolves in time, down otherwise. */
async function stateOf(check: Check, timeoutMs: number): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([check().then((): DependencyState => 'ok', (): DependencyState => 'down'), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthRouterDeps {
  readonly store: WechatStore;
  readonly accounts?: AccountsPort | undefined;
  readonly checkTimeoutMs?: number;
}

/**
 * The dependencies this server checks: Redis when the WeChat store lives
 * there (REDIS_URL), and the accounts database when it is a Postgres server
 * (DATABASE_URL). PGlite runs inside the process (or the cluster primary),
 * the memory store too: nothing of theirs can be down while the process answers.
 */
export function dependencyChecks(config: Pick<ServerConfig, 'accounts'>, deps: HealthRouterDeps): ReadonlyArray<readonly [DependencyName, Check]> {
  const checks: Array<readonly [DependencyName, Check]> = [];
  const { store, accounts } = deps;
  if (store.ping !== undefined) checks.push(['redis', () => store.ping?.() ?? Promise.resolve()]);
  if (accounts !== undefined && config.accounts.database?.driver === 'postgres') checks.push(['database', () => accounts.userBySessionToken(PROBE_TOKEN)]);
  return checks;
}

/**
 * GET /healthz (liveness) and GET /readyz (readiness), each in a router of
 * its own so OPTIONS answers its Allow list. Both run every configured
 * dependency's check, at most one at a time per dependency (concurrent
 * probes share the check in flight), each bounded.
 *
 * - /healthz stays 200 while the process can answer at all (a load balancer
 *   or orchestrator must not restart phonekit because Redis is down:
 *   restarting would not bring Redis back), with `status: "degraded"` and
 *   the dependency `down` in `checks`.
 * - /readyz is 503 while any dependency is down, so a load balancer sends
 *   the traffic to servers that can answer it; it is 200 again as soon as
 *   the dependency answers (the server reconnects by itself).
 */
export function healthRouters(config: Pick<ServerConfig, 'mode' | 'accounts'>, deps: HealthRouterDeps): { healthz: Router; readyz: Router } {
  const checks = dependencyChecks(config, deps);
  const timeoutMs = deps.checkTimeoutMs ?? DEPENDENCY_CHECK_TIMEOUT_MS;
  const inFlight = new Map<DependencyName, Promise<DependencyState>>();
  const stateNow = (name: DependencyName, check: Check): Promise<DependencyState> => {
    let state = inFlight.get(name);
    if (state === undefined) {
      state = stateOf(check, timeoutMs).finally(() => inFlight.delete(name));
      inFlight.set(name, state);
    }
    return state;
  };
  const checkAll = async (): Promise<{ states: Partial<Record<DependencyName, DependencyState>>; allOk: boolean }> => {
    const answered = await Promise.all(checks.map(async ([name, check]) => [name, await stateNow(name, check)] as const));
    return { states: Object.fromEntries(answered), allOk: answered.every(([, state]) => state === 'ok') };
  };

  const healthz = Router();
  healthz.get('/', async (_req, res) => {
    if (checks.length === 0) {
      sendJson(res, { status: 'ok', mode: config.mode } satisfies HealthJson);
      return;
    }
    const { states, allOk } = await checkAll();
    sendJson(res, { status: allOk ? 'ok' : 'degraded', mode: config.mode, checks: states } satisfies HealthJson);
  });

  const readyz = Router();
  readyz.get('/', async (_req, res) => {
    const { states, allOk } = await checkAll();
    noStore(res);
    if (!allOk) res.setHeader('retry-after', '5');
    res.status(allOk ? 200 : 503);
    sendJson(res, { status: allOk ? 'ready' : 'unavailable', mode: config.mode, checks: states } satisfies ReadyJson);
  });
  return { healthz, readyz };
}
