import { randomBytes } from 'node:crypto';
import type { CachedAccessToken, ReleaseLock, WechatSession, WechatStore } from './wechat-store';

/** WECHAT_MEMORY_SESSIONS_MAX's default: at most this many sessions in memory (a few hundred bytes each). */
export const DEFAULT_MEMORY_SESSIONS_MAX = 100_000;

/** Expired sessions at the least recently used end are dropped on each save, at most this many (so a save stays O(1)). */
const SWEEP_PER_SAVE = 16;

export interface MemoryWechatStoreOptions {
  readonly now?: () => number;
  /**
   * WECHAT_MEMORY_SESSIONS_MAX: the most sessions kept. Saving one more
   * evicts the least recently used (saved or loaded) session, whose user
   * logs in again (WECHAT_SESSION_INVALID). Default {@link DEFAULT_MEMORY_SESSIONS_MAX}.
   */
  readonly maxSessions?: number;
}

/**
 * The default store: one process's memory (or the cluster primary's, for
 * all its workers). Sessions are an LRU bounded by `maxSessions`, so logins
 * cannot grow the process without bound; they also expire, checked on read
 * and swept from the least recently used end on save. Nothing keeps a
 * timer running.
 */
export class MemoryWechatStore implements WechatStore {
  readonly kind = 'memory';
  readonly maxSessions: number;
  /** Least recently used first: a Map keeps insertion order, and a use re-inserts. */
  readonly #sessions = new Map<string, { session: WechatSession; expiresAt: number }>();
  readonly #locks = new Map<string, { holder: string; expiresAt: number }>();
  readonly #now: () => number;
  /** By slot ('' is WeChat's). */
  readonly #accessTokens = new Map<string, CachedAccessToken>();
  #evicted = 0;

  constructor(options: MemoryWechatStoreOptions = {}) {
    const max = options.maxSessions ?? DEFAULT_MEMORY_SESSIONS_MAX;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`MemoryWechatStore: maxSessions must be a whole number of at least 1 (got ${String(max)}).`);
    this.maxSessions = max;
    this.#now = options.now ?? Date.now;
  }

  /** Sessions held now (expired ones not yet swept included). */
  get size(): number {
    return this.#sessions.size;
  }

  /** Sessions evicted so far to stay within maxSessions (least recently used first). */
  get evicted(): number {
    return this.#evicted;
  }

  async saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void> {
    const now = this.#now();
    this.#sessions.delete(id);
    this.#sweep(now);
    while (this.#sessions.size >= this.maxSessions) {
      const oldest = this.#sessions.keys().next();
      if (oldest.done === true) break;
      this.#sessions.delete(oldest.value);
      this.#evicted += 1;
    }
    this.#sessions.set(id, { session, expiresAt: now + ttlSeconds * 1000 });
  }

  async loadSession(id: string): Promise<WechatSession | undefined> {
    const entry = this.#sessions.get(id);
    if (entry === undefined) return undefined;
    this.#sessions.delete(id);
    if (entry.expiresAt <= this.#now()) return undefined;
    // Used: now the most recently used.
    this.#sessions.set(id, entry);
    return entry.session;
  }

  async loadAccessToken(slot = ''): Promise<CachedAccessToken | undefined> {
    const token = this.#accessTokens.get(slot);
    return token !== undefined && token.expiresAt > this.#now() ? token : undefined;
  }

  async saveAccessToken(token: CachedAccessToken, slot = ''): Promise<void> {
    this.#accessTokens.set(slot, token);
  }

  async tryLock(name: string, ttlMs: number): Promise<ReleaseLock | undefined> {
    const held = this.#locks.get(name);
    if (held !== undefined && held.expiresAt > this.#now()) return undefined;
    const holder = randomBytes(8).toString('hex');
    this.#locks.set(name, { holder, expiresAt: this.#now() + ttlMs });
    return async () => {
      if (this.#locks.get(name)?.holder === holder) this.#locks.delete(name);
    };
  }

  async close(): Promise<void> {
    this.#sessions.clear();
  }

  /** Drops expired sessions from the least recently used end, stopping at the first live one. */
  #sweep(now: number): void {
    let swept = 0;
    for (const [id, entry] of this.#sessions) {
      if (swept >= SWEEP_PER_SAVE || entry.expiresAt > now) return;
      this.#sessions.delete(id);
      swept += 1;
    }
  }
}
