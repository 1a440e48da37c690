// The Redis WeChat store against a real redis-server: what lands in Redis is
// sealed (AES-256-GCM under the data key, bound to its Redis key name), and
// what cannot be opened reads as absent, warned about once, never thrown.
// Without redis-server this suite FAILS: .ci/run installs it.
import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { Redis } from 'ioredis';
import { ConfigError } from '../src/config';
import { createWechatStore } from '../src/store/create-wechat-store';
import { RedisWechatStore, WechatStoreValueError } from '../src/store/redis-wechat-store';
import { WechatStoreSealer } from '../src/store/wechat-store-sealer';
import type { WechatSession, WechatStore } from '../src/store/wechat-store';
import { startRedisServer, type RunningRedis } from '@phonekit/test-servers';

let redis: RunningRedis;
let raw: Redis;
const opened: WechatStore[] = [];

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await raw?.quit();
  await redis?.stop();
});

let prefixes = 0;
/** A store on a prefix of its own, closed after the test; its warnings collected. */
function storeOf(dataKey: string, prefix = `test:${++prefixes}:`): { store: RedisWechatStore; prefix: string; warnings: Error[] } {
  const warnings: Error[] = [];
  const store = new RedisWechatStore({ url: redis.url, prefix, dataKey, onError: (error) => warnings.push(error) });
  opened.push(store);
  return { store, prefix, warnings };
}

function sessionOf(): WechatSession {
  return {
    openid: `o${randomBytes(12).toString('base64url')}`,
    sessionKey: randomBytes(16).toString('base64'),
    unionid: `u${randomBytes(12).toString('base64url')}`,
    createdAt: Date.now(),
  };
}

/** Every way a secret could be spelled in a stored value. */
function formsOf(secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const forms = [secret, utf8.toString('base64'), utf8.toString('base64url'), utf8.toString('hex'), utf8.toString('hex').toUpperCase()];
  // The session_key is itself base64: its bytes too.
  const decoded = Buffer.from(secret, 'base64');
  if (decoded.toString('base64') === secret) forms.push(decoded.toString('hex'), decoded.toString('hex').toUpperCase(), decoded.toString('base64url'));
  // base64 of the bytes at an offset of 1 or 2 (the secret inside a longer JSON text).
  for (const pad of ['"', '":']) forms.push(Buffer.concat([Buffer.from(pad), utf8]).toString('base64').slice(4, -4));
  return forms.filter((form) => form.length >= 8);
}

async function rawValuesUnder(prefix: string): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const key of await raw.keys(`${prefix}*`)) {
    const value = await raw.get(key);
    if (value !== null) values.set(key, value);
  }
  return values;
}

describe('RedisWechatStore', () => {
  describe('what it writes', () => {
    it('keeps neither the session_key, the openid, the unionid nor the access token in Redis, in plain, base64 or hex', async () => {
      const { store, prefix } = storeOf(keyA);
      const session = sessionOf();
      const token = { accessToken: `AT_${randomBytes(24).toString('base64url')}`, expiresAt: Date.now() + 60_000 };
      await store.saveSession('s1', session, 600);
      await store.saveAccessToken(token);

      const values = await rawValuesUnder(prefix);
      expect([...values.keys()].sort()).toEqual([`${prefix}access-token`, `${prefix}session:s1`]);
      for (const secret of [session.sessionKey, session.openid, session.unionid ?? '', token.accessToken]) {
        for (const form of formsOf(secret)) for (const value of values.values()) expect(value).not.toContain(form);
      }
      expect(await store.loadSession('s1')).toEqual(session);
      expect(await store.loadAccessToken()).toEqual(token);
    });

    it('writes v1.<key id>.<iv>.<ciphertext>.<tag>, AES-256-GCM under HKDF-SHA256(data key, "wechat-store/aes-256-gcm/v1"), the Redis key name in the additional data', async () => {
      const { store, prefix } = storeOf(keyA);
      const session = sessionOf();
      await store.saveSession('s1', session, 600);
      const name = `${prefix}session:s1`;
      const value = (await raw.get(name)) ?? '';
      const [version, keyId, iv, ciphertext, tag] = value.split('.');
      expect([version, keyId]).toEqual(['v1', 'default']);
      expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
      expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);

      // Opened here independently of the store: the format as documented.
      const openWith = (info: string): string => {
        const key = Buffer.from(hkdfSync('sha256', Buffer.from(keyA, 'base64'), 'phonekit-wechat-store', info, 32));
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
        decipher.setAAD(Buffer.from(`phonekit-wechat-store\nv1\ndefault\n${name}`));
        decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext ?? '', 'base64url')), decipher.final()]).toString('utf8');
      };
      expect(JSON.parse(openWith('wechat-store/aes-256-gcm/v1'))).toEqual(session);
      // The accounts' phone-field key, from the same data key, is another key.
      expect(() => openWith('field-encryption/aes-256-gcm/v1')).toThrow();
    });

    it('seals the same session twice to different values (a fresh IV each time)', async () => {
      const { store, prefix } = storeOf(keyA);
      const session = sessionOf();
      await store.saveSession('one', session, 600);
      await store.saveSession('two', session, 600);
      const [one, two] = [await raw.get(`${prefix}session:one`), await raw.get(`${prefix}session:two`)];
      expect(one?.split('.')[2]).not.toBe(two?.split('.')[2]);
      expect(one).not.toBe(two);
    });

    it('leaves the lock values as they are (random holders, nothing to hide)', async () => {
      const { store, prefix } = storeOf(keyA);
      const release = await store.tryLock('refresh', 10_000);
      expect(await raw.get(`${prefix}lock:refresh`)).toMatch(/^[0-9a-f]{32}$/);
      await release?.();
      expect(await raw.get(`${prefix}lock:refresh`)).toBeNull();
    });
  });

  describe('a value it cannot open', () => {
    it('reads a session moved to another key name as no session, without throwing, and warns once', async () => {
      const { store, prefix, warnings } = storeOf(keyA);
      await store.saveSession('original', sessionOf(), 600);
      await raw.set(`${prefix}session:copy`, (await raw.get(`${prefix}session:original`)) ?? '');

      await expect(store.loadSession('copy')).resolves.toBeUndefined();
      await expect(store.loadSession('copy')).resolves.toBeUndefined();
      expect(await store.loadSession('original')).toBeDefined();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toBeInstanceOf(WechatStoreValueError);
      expect(warnings[0]).toEqual(expect.objectContaining({ value: 'session', reason: 'unauthentic', keyId: 'default' }));
      expect(warnings[0]?.message).toMatch(/^a session in Redis failed authentication .*: read as absent\.$/);
    });

    it('reads the access token copied over a session as no session, and a session copied over the access token as no token', async () => {
      const { store, prefix, warnings } = storeOf(keyA);
      await store.saveSession('s', sessionOf(), 600);
      await store.saveAccessToken({ accessToken: 'AT_secret_token_value', expiresAt: Date.now() + 60_000 });
      const [session, token] = [await raw.get(`${prefix}session:s`), await raw.get(`${prefix}access-token`)];
      await raw.set(`${prefix}session:s`, token ?? '');
      await raw.set(`${prefix}access-token`, session ?? '');

      await expect(store.loadSession('s')).resolves.toBeUndefined();
      await expect(store.loadAccessToken()).resolves.toBeUndefined();
      expect(warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/^a session in Redis failed/), expect.stringMatching(/^an access token in Redis failed/)]);
    });

    it('reads a value of the same store in another prefix (another WeChat app) as absent', async () => {
      const one = storeOf(keyA);
      const two = storeOf(keyA);
      await one.store.saveSession('s', sessionOf(), 600);
      await raw.set(`${two.prefix}session:s`, (await raw.get(`${one.prefix}session:s`)) ?? '');
      await expect(two.store.loadSession('s')).resolves.toBeUndefined();
    });

    it.each([
      ['a flipped ciphertext byte', (value: string) => flipInPart(value, 3)],
      ['a flipped tag byte', (value: string) => flipInPart(value, 4)],
      ['a flipped IV byte', (value: string) => flipInPart(value, 2)],
    ])('reads a session with %s as no session', async (_what, tamper) => {
      const { store, prefix, warnings } = storeOf(keyA);
      await store.saveSession('s', sessionOf(), 600);
      await raw.set(`${prefix}session:s`, tamper((await raw.get(`${prefix}session:s`)) ?? ''));
      await expect(store.loadSession('s')).resolves.toBeUndefined();
      expect(warnings.map((warning) => (warning as WechatStoreValueError).reason)).toEqual(['unauthentic']);
    });

    it('reads a relabelled key id as absent: the key id is authenticated too', async () => {
      const { store, prefix, warnings } = storeOf(`a:${keyA},b:${keyA}`);
      await store.saveSession('s', sessionOf(), 600);
      const value = (await raw.get(`${prefix}session:s`)) ?? '';
      expect(value.startsWith('v1.b.')).toBe(true);
      await raw.set(`${prefix}session:s`, value.replace(/^v1\.b\./, 'v1.a.'));
      await expect(store.loadSession('s')).resolves.toBeUndefined();
      expect(warnings.map((warning) => (warning as WechatStoreValueError).reason)).toEqual(['unauthentic']);
    });

    it('reads the plain JSON an older phonekit wrote as absent (the user logs in again; the token is fetched again)', async () => {
      const { store, prefix, warnings } = storeOf(keyA);
      const session = sessionOf();
      await raw.set(`${prefix}session:old`, JSON.stringify(session));
      await raw.set(`${prefix}access-token`, JSON.stringify({ accessToken: 'AT_plain', expiresAt: Date.now() + 60_000 }));
      await expect(store.loadSession('old')).resolves.toBeUndefined();
      await expect(store.loadAccessToken()).resolves.toBeUndefined();
      expect(warnings.map((warning) => (warning as WechatStoreValueError).reason)).toEqual(['malformed', 'malformed']);
      expect(warnings[0]?.message).toBe('a session in Redis is not a sealed value (written by an older phonekit, or by something else): read as absent.');
      for (const warning of warnings) for (const secret of [session.sessionKey, session.openid, 'AT_plain', prefix]) expect(warning.message).not.toContain(secret);
    });
  });

  describe('rotating the data key', () => {
    it('opens what key A sealed with keyring A,B; seals new values under B; a keyring without A reads them as absent, warned once', async () => {
      const prefix = `test:rotation:${++prefixes}:`;
      const before = storeOf(`a:${keyA}`, prefix);
      const old = sessionOf();
      await before.store.saveSession('old', old, 600);
      await before.store.saveAccessToken({ accessToken: 'AT_before_rotation', expiresAt: Date.now() + 60_000 });
      expect(await raw.get(`${prefix}session:old`)).toMatch(/^v1\.a\./);

      const rotated = storeOf(`a:${keyA},b:${keyB}`, prefix);
      expect(await rotated.store.loadSession('old')).toEqual(old);
      expect(await rotated.store.loadAccessToken()).toEqual(expect.objectContaining({ accessToken: 'AT_before_rotation' }));
      const fresh = sessionOf();
      await rotated.store.saveSession('new', fresh, 600);
      await rotated.store.saveAccessToken({ accessToken: 'AT_after_rotation', expiresAt: Date.now() + 60_000 });
      expect(await raw.get(`${prefix}session:new`)).toMatch(/^v1\.b\./);
      expect(await raw.get(`${prefix}access-token`)).toMatch(/^v1\.b\./);
      expect(rotated.warnings).toEqual([]);

      const retired = storeOf(`b:${keyB}`, prefix);
      expect(await retired.store.loadSession('new')).toEqual(fresh);
      await expect(retired.store.loadSession('old')).resolves.toBeUndefined();
      await expect(retired.store.loadSession('old')).resolves.toBeUndefined();
      expect(retired.warnings).toHaveLength(1);
      expect(retired.warnings[0]).toEqual(expect.objectContaining({ reason: 'unknown-key-id', keyId: 'a' }));
      expect(retired.warnings[0]?.message).toContain('sealed under the data key id "a", which PHONEKIT_DATA_KEY no longer lists');
    });
  });
});

describe('createWechatStore', () => {
  const wechat = { mode: 'configured', appId: 'wx0123456789abcdef', appSecret: 's', apiBase: 'https://api.weixin.qq.com', tokenEndpoint: 'stable', maxDataAgeSeconds: undefined, sessionTtlSeconds: 3600 } as const;

  it('refuses REDIS_URL without a data key, naming PHONEKIT_DATA_KEY and how to make one', () => {
    for (const accounts of [undefined, { dataKey: undefined }]) {
      const attempt = (): WechatStore => createWechatStore({ redisUrl: redis.url, wechat, accounts });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/^PHONEKIT_DATA_KEY: is required with REDIS_URL: .*`openssl rand -base64 32`/);
    }
  });

  it('builds a Redis store sealing under config.accounts.dataKey, one prefix per WeChat app', async () => {
    const store = createWechatStore({ redisUrl: redis.url, wechat, accounts: { dataKey: keyA } });
    opened.push(store);
    expect(store.kind).toBe('redis');
    const session = sessionOf();
    await store.saveSession('via-config', session, 600);
    const value = await raw.get(`phonekit:wechat:${wechat.appId}:session:via-config`);
    expect(value).toMatch(/^v1\.default\./);
    expect(value).not.toContain(session.sessionKey);
    expect(await store.loadSession('via-config')).toEqual(session);
  });

  it('builds a memory store without REDIS_URL, with or without a data key', () => {
    expect(createWechatStore({ redisUrl: undefined, wechat }).kind).toBe('memory');
    expect(createWechatStore({ redisUrl: undefined, wechat, accounts: { dataKey: keyA } }).kind).toBe('memory');
  });
});

describe('WechatStoreSealer', () => {
  it('shows no key material to JSON.stringify or util.inspect', () => {
    const sealer = new WechatStoreSealer(`a:${keyA}`);
    const shown = `${JSON.stringify(sealer)} ${inspect(sealer, { showHidden: true, depth: 5 })}`;
    expect(shown).toContain('currentKeyId');
    expect(shown).not.toContain(keyA);
    expect(shown).not.toContain(Buffer.from(keyA, 'base64').toString('hex'));
  });

  it('refuses a data key that is not one, naming the entry and never the value', () => {
    const bad = 'a:not-a-key';
    expect(() => new WechatStoreSealer(bad)).toThrow(new ConfigError('PHONEKIT_DATA_KEY', 'entry 1 is not "id:base64" of 32 bytes with a unique id: generate a key with `openssl rand -base64 32`.'));
    expect(() => new WechatStoreSealer(`a:${keyA},a:${keyB}`)).toThrow(/entry 2/);
  });
});

/** The value with one byte of its dot-separated part `index` flipped. */
function flipInPart(value: string, index: number): string {
  const parts = value.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}
