import { ConfigError, loadConfig } from '../src/config';

// A WeChat app is configured, so that every configuration has a platform.
const WECHAT = { WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's' };
const load = (env: Record<string, string>, baseDir = '/srv/phonekit') => loadConfig({ env: { NODE_ENV: 'test', ...WECHAT, ...env }, baseDir });
const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

describe('the accounts configuration', () => {
  describe('without DATABASE_URL or PHONEKIT_DATA_DIR', () => {
    it('has no database: accounts are off, login required nowhere, policy version 2026-12', () => {
      expect(load({}).accounts).toEqual({ database: undefined, dataKey: undefined, blindIndexKey: undefined, requireLogin: false, privacyPolicyVersion: '2026-12' });
    });
  });

  describe('with DATABASE_URL', () => {
    it.each(['postgres://phonekit:secret@db.internal:5432/phonekit', 'postgresql://phonekit@127.0.0.1/phonekit?sslmode=require'])('reads %s as Postgres', (url) => {
      expect(load({ DATABASE_URL: url }).accounts.database).toEqual({ driver: 'postgres', databaseUrl: url });
    });

    it('prefers it to PHONEKIT_DATA_DIR', () => {
      expect(load({ DATABASE_URL: 'postgres://db/phonekit', PHONEKIT_DATA_DIR: 'data' }).accounts.database?.driver).toBe('postgres');
    });

    it.each(['mysql://user:hunter2@db/phonekit', 'db.internal:5432', 'http://user:hunter2@db'])('refuses %s naming DATABASE_URL, without echoing it', (url) => {
      expect(() => load({ DATABASE_URL: url })).toThrow(ConfigError);
      expect(() => load({ DATABASE_URL: url })).toThrow(/^DATABASE_URL: .*postgres:\/\/ or postgresql:\/\/|^DATABASE_URL: is not a URL/);
      try {
        load({ DATABASE_URL: url });
      } catch (err) {
        expect(String(err)).not.toContain('hunter2');
      }
    });
  });

  describe('with PHONEKIT_DATA_DIR', () => {
    it('reads it as a PGlite data dir, relative to the base directory', () => {
      expect(load({ PHONEKIT_DATA_DIR: 'var/data' }).accounts.database).toEqual({ driver: 'pglite', dataDir: '/srv/phonekit/var/data' });
      expect(load({ PHONEKIT_DATA_DIR: '/data/phonekit' }).accounts.database).toEqual({ driver: 'pglite', dataDir: '/data/phonekit' });
    });
  });

  describe('PHONEKIT_DATA_KEY', () => {
    it.each([KEY, `2025-01:${KEY}`, `old:${KEY},new:${OTHER_KEY}`, `old:${KEY} new:${OTHER_KEY}`, KEY.replace(/=+$/, '')])('accepts %s', (dataKey) => {
      expect(load({ PHONEKIT_DATA_DIR: 'data', PHONEKIT_DATA_KEY: dataKey }).accounts.dataKey).toBe(dataKey);
    });

    it.each([
      ['c2hvcnQ=', /entry 1 \(id "default"\) is not the base64 of exactly 32 bytes/],
      [`${KEY},${OTHER_KEY}`, /entry 1 has no "id:" prefix/],
      [`a:${KEY},a:${OTHER_KEY}`, /entry 2: the key id "a" appears twice/],
      [`bad id!:${KEY}`, /entry 1 has no "id:" prefix|the key id must be/],
      [`k:${KEY}x`, /entry 1 \(id "k"\) is not the base64/],
    ])('refuses %s naming PHONEKIT_DATA_KEY, without echoing the key', (dataKey, message) => {
      expect(() => load({ PHONEKIT_DATA_DIR: 'data', PHONEKIT_DATA_KEY: dataKey })).toThrow(message);
      try {
        load({ PHONEKIT_DATA_DIR: 'data', PHONEKIT_DATA_KEY: dataKey });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).variable).toBe('PHONEKIT_DATA_KEY');
        expect(String(err)).not.toContain(KEY);
      }
    });

    describe('in production', () => {
      it.each<Record<string, string>>([{ DATABASE_URL: 'postgres://db/phonekit' }, { PHONEKIT_DATA_DIR: 'data' }])('is required with a database (%j): the start is refused naming it', (database) => {
        expect(() => load({ NODE_ENV: 'production', ...database })).toThrow(/^PHONEKIT_DATA_KEY: is required in production with a database/);
      });

      it('is not required without a database', () => {
        expect(load({ NODE_ENV: 'production' }).accounts.database).toBeUndefined();
      });
    });

    it('is not required outside production (the development app keeps a key in its data dir)', () => {
      expect(load({ PHONEKIT_DATA_DIR: 'data' }).accounts.dataKey).toBeUndefined();
    });
  });

  describe('PHONEKIT_BLIND_INDEX_KEY', () => {
    it('accepts one key, with or without an id', () => {
      expect(load({ PHONEKIT_BLIND_INDEX_KEY: OTHER_KEY }).accounts.blindIndexKey).toBe(OTHER_KEY);
      expect(load({ PHONEKIT_BLIND_INDEX_KEY: `bi-1:${OTHER_KEY}` }).accounts.blindIndexKey).toBe(`bi-1:${OTHER_KEY}`);
    });

    it.each([`a:${KEY},b:${OTHER_KEY}`, `derived-x:${KEY}`, 'tooshort'])('refuses %s naming PHONEKIT_BLIND_INDEX_KEY', (blindIndexKey) => {
      expect(() => load({ PHONEKIT_BLIND_INDEX_KEY: blindIndexKey })).toThrow(/^PHONEKIT_BLIND_INDEX_KEY: /);
    });
  });

  describe('REQUIRE_LOGIN', () => {
    it.each([
      ['true', true],
      ['1', true],
      ['false', false],
      ['', false],
    ])('reads %j as %s', (value, expected) => {
      expect(load({ PHONEKIT_DATA_DIR: 'data', REQUIRE_LOGIN: value }).accounts.requireLogin).toBe(expected);
    });

    it('refuses "maybe" naming REQUIRE_LOGIN', () => {
      expect(() => load({ PHONEKIT_DATA_DIR: 'data', REQUIRE_LOGIN: 'maybe' })).toThrow(/^REQUIRE_LOGIN: must be true or false/);
    });

    it('refuses true without a database: nobody could log in', () => {
      expect(() => load({ REQUIRE_LOGIN: 'true' })).toThrow(/^REQUIRE_LOGIN: needs accounts to log users in: set DATABASE_URL .* or PHONEKIT_DATA_DIR/);
    });
  });

  describe('PRIVACY_POLICY_VERSION', () => {
    it('is recorded as given', () => {
      expect(load({ PRIVACY_POLICY_VERSION: '2027-03.b' }).accounts.privacyPolicyVersion).toBe('2027-03.b');
    });

    it('is the default, 2026-12, when empty', () => {
      expect(load({ PRIVACY_POLICY_VERSION: '' }).accounts.privacyPolicyVersion).toBe('2026-12');
    });

    it.each(['2026 12', 'x'.repeat(65)])('refuses %j naming PRIVACY_POLICY_VERSION', (version) => {
      expect(() => load({ PRIVACY_POLICY_VERSION: version })).toThrow(/^PRIVACY_POLICY_VERSION: must be 1-64 letters/);
    });
  });
});
