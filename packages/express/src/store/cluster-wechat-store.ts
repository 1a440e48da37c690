import { randomBytes } from 'node:crypto';
import { callPrimary, type RpcHandlers } from '../cluster/primary-rpc';
import type { CachedAccessToken, ReleaseLock, WechatSession, WechatStore } from './wechat-store';

const PREFIX = 'wechatStore.';

/**
 * In the cluster primary: serves `store` (a MemoryWechatStore) to the
 * workers, so that without REDIS_URL every worker still sees one set of
 * sessions, one access token and one refresh lock.
 */
export function wechatStoreHandlers(store: WechatStore): RpcHandlers {
  const releases = new Map<string, ReleaseLock>();
  return {
    [`${PREFIX}saveSession`]: (id: string, session: WechatSession, ttlSeconds: number) => store.saveSession(id, session, ttlSeconds),
    [`${PREFIX}loadSession`]: (id: string) => store.loadSession(id),
    [`${PREFIX}loadAccessToken`]: (slot?: string | null) => store.loadAccessToken(slot ?? undefined),
    [`${PREFIX}saveAccessToken`]: (token: CachedAccessToken, slot?: string | null) => store.saveAccessToken(token, slot ?? undefined),
    [`${PREFIX}tryLock`]: async (name: string, ttlMs: number) => {
      const release = await store.tryLock(name, ttlMs);
      if (release === undefined) return undefined;
      const id = randomBytes(8).toString('hex');
      releases.set(id, release);
      // A worker that dies holding the lock must not keep the release around forever.
      setTimeout(() => releases.delete(id), ttlMs).unref();
      return id;
    },
    [`${PREFIX}release`]: async (id: string) => {
      const release = releases.get(id);
      releases.delete(id);
      await release?.();
    },
  };
}

/**
 * In a cluster worker: the store held by the primary (see
 * {@link wechatStoreHandlers}), reached over the cluster's IPC channel.
 */
export class ClusterWechatStore implements WechatStore {
  readonly kind = 'memory';

  saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void> {
    return callPrimary(`${PREFIX}saveSession`, id, session, ttlSeconds);
  }

  async loadSession(id: string): Promise<WechatSession | undefined> {
    return (await callPrimary<WechatSession | null | undefined>(`${PREFIX}loadSession`, id)) ?? undefined;
  }

  async loadAccessToken(slot?: string): Promise<CachedAccessToken | undefined> {
    return (await callPrimary<CachedAccessToken | null | undefined>(`${PREFIX}loadAccessToken`, slot ?? null)) ?? undefined;
  }

  saveAccessToken(token: CachedAccessToken, slot?: string): Promise<void> {
    return callPrimary(`${PREFIX}saveAccessToken`, token, slot ?? null);
  }

  async tryLock(name: string, ttlMs: number): Promise<ReleaseLock | undefined> {
    const id = await callPrimary<string | null | undefined>(`${PREFIX}tryLock`, name, ttlMs);
    if (typeof id !== 'string') return undefined;
    return () => callPrimary(`${PREFIX}release`, id);
  }

  async close(): Promise<void> {}
}
