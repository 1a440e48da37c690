import { randomBytes } from 'node:crypto';
import type { CachedAccessToken, ReleaseLock, WechatSession, WechatStore } from './wechat-store';

const PRUNE_ABOVE = 10_000;

/**
 * The default store: one process's memory. Sessions expire lazily (checked on
 * read, pruned when the map grows); nothing keeps a timer running.
 */
export class MemoryWechatStore implements WechatStore {
  readonly kind = 'memory';
  readonly #sessions = new Map<string, { session: WechatSession; expiresAt: number }>();
  readonly #locks = new Map<string, { holder: string; expiresAt: number }>();
  readonly #now: () => number;
  #accessToken: CachedAccessToken | undefined;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void> {
    if (this.#sessions.size >= PRUNE_ABOVE) this.#prune();
    this.#sessions.set(id, { session, expiresAt: this.#now() + ttlSeconds * 1000 });
  }

  async loadSession(id: string): Promise<WechatSession | undefined> {
    const entry = this.#sessions.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return entry.session;
  }

  async loadAccessToken(): Promise<CachedAccessToken | undefined> {
    return this.#accessToken !== undefined && this.#accessToken.expiresAt > this.#now() ? this.#accessToken : undefined;
  }

  async saveAccessToken(token: CachedAccessToken): Promise<void> {
    this.#accessToken = token;
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

  #prune(): void {
    const now = this.#now();
    for (const [id, entry] of this.#sessions) if (entry.expiresAt <= now) this.#sessions.delete(id);
  }
}
