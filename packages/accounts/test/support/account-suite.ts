import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  AccountsError,
  generateDataKey,
  isAccountsError,
  parseDataKeyring,
  type Accounts,
  type DataKeyring,
  type PhoneNumberInput,
  type User,
} from '../../src';
import { filesUnder, PhoneGrep } from './phone-grep';
import { chinaMobile, ukMobile } from './phones';
import type { SuiteDatabase } from './suite-database';

/** What the driver-specific tests of a file get from the shared suite. */
export interface AccountSuite {
  /** The open handle (it changes when the suite reopens the database). */
  accounts(): Accounts;
  keyring(): DataKeyring;
  clock(): Date;
  database(): SuiteDatabase;
  /** Records a number as bound, so the at-rest checks look for it, and binds it. */
  bind(accounts: Accounts, userId: string, phone: PhoneNumberInput): ReturnType<Accounts['bindPhone']>;
  /** A number no other test uses. */
  nextPhone(): PhoneNumberInput;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
const hex = (bytes: Uint8Array): string => `\\x${Buffer.from(bytes).toString('hex')}`;

/**
 * The account suite, the same for PGlite and Postgres: every operation, then
 * restart, key rotation and, last, the at-rest checks that no number bound
 * anywhere in the suite can be read from the tables or the database's files.
 * `more` adds a driver's own tests before those checks.
 */
export function describeAccountSuite(setup: () => Promise<SuiteDatabase>, more?: (suite: AccountSuite) => void): void {
  let database: SuiteDatabase;
  let accounts: Accounts;
  let open = false;
  let keyA = generateDataKey();
  let keyring = parseDataKeyring(`a:${keyA}`);
  let clockOffsetMs = 0;
  const clock = (): Date => new Date(Date.now() + clockOffsetMs);
  const bound: PhoneNumberInput[] = [];
  let phoneCounter = 0;
  const marker = `marker-openid-${randomBytes(6).toString('hex')}`;

  const suite: AccountSuite = {
    accounts: () => accounts,
    keyring: () => keyring,
    clock,
    database: () => database,
    bind: (handle, userId, phone) => {
      bound.push(phone);
      return handle.bindPhone(userId, phone);
    },
    nextPhone: () => chinaMobile((phoneCounter += 1)),
  };
  const { bind, nextPhone } = suite;

  const reopen = async (next: DataKeyring = keyring): Promise<Accounts> => {
    if (open) await accounts.close();
    open = false;
    keyring = next;
    accounts = await database.open(keyring, clock);
    open = true;
    return accounts;
  };

  const newUser = async (appId: string, platform: 'alipay' | 'wechat' = 'wechat'): Promise<User> =>
    (await accounts.upsertUser({ platform, appId, platformUserId: `openid-${randomBytes(8).toString('hex')}` })).user;

  beforeAll(async () => {
    database = await setup();
    await reopen();
    await accounts.migrate();
    await accounts.upsertUser({ platform: 'wechat', appId: 'wx-marker', platformUserId: marker });
  }, 120_000);

  afterAll(async () => {
    if (open) await accounts.close();
    open = false;
    await database?.dispose();
  }, 60_000);

  describe('migrate', () => {
    test('applies nothing when the database is already up to date', async () => {
      await expect(accounts.migrate()).resolves.toEqual({ applied: [] });
    });

    test('records each migration once in phonekit.migrations', async () => {
      const { rows } = await sql<{ name: string }>`select name from phonekit.migrations order by name`.execute(accounts.db);
      expect(rows.map((row) => row.name)).toEqual(['0001-accounts', '0002-more-platforms']);
    });

    test('puts every table in the phonekit schema', async () => {
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = 'phonekit' order by table_name`.execute(accounts.db);
      expect(rows.map((row) => row.table_name)).toEqual([
        'consents',
        'migration_lock',
        'migrations',
        'phone_bindings',
        'session_secrets',
        'sessions',
        'users',
      ]);
    });
  });

  describe('upsertUser', () => {
    describe('for a new platform user', () => {
      test('creates the user and says so', async () => {
        const { user, created } = await accounts.upsertUser({ platform: 'alipay', appId: '2021000000000001', platformUserId: '2088000000000001' });
        expect(created).toBe(true);
        expect(user).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          platform: 'alipay',
          appId: '2021000000000001',
          platformUserId: '2088000000000001',
          unionId: null,
          createdAt: expect.any(Date),
        });
      });
    });

    describe('for a platform user seen before', () => {
      test('answers the same user and says it was not created', async () => {
        const first = await accounts.upsertUser({ platform: 'wechat', appId: 'wx-upsert', platformUserId: 'o-same' });
        const again = await accounts.upsertUser({ platform: 'wechat', appId: 'wx-upsert', platformUserId: 'o-same' });
        expect(again.created).toBe(false);
        expect(again.user.id).toBe(first.user.id);
      });

      test('stores a unionId that arrives with a later login', async () => {
        await accounts.upsertUser({ platform: 'wechat', appId: 'wx-upsert', platformUserId: 'o-union' });
        const { user } = await accounts.upsertUser({ platform: 'wechat', appId: 'wx-upsert', platformUserId: 'o-union', unionId: 'u-1' });
        expect(user.unionId).toBe('u-1');
      });

      test('keeps the stored unionId when a later login has none', async () => {
        await accounts.upsertUser({ platform: 'wechat', appId: 'wx-upsert', platformUserId: 'o-keep', unionId: 'u-keep' });
        const { user } = await accounts.upsertUser({ platform: 'wechat', appId: 'wx-upsert', platformUserId: 'o-keep' });
        expect(user.unionId).toBe('u-keep');
      });
    });

    describe('with the same platform user id elsewhere', () => {
      test('makes different users in different apps and platforms', async () => {
        const ids = new Set<string>();
        for (const [platform, appId] of [
          ['wechat', 'wx-a'],
          ['wechat', 'wx-b'],
          ['alipay', 'wx-a'],
        ] as const) {
          ids.add((await accounts.upsertUser({ platform, appId, platformUserId: 'shared-id' })).user.id);
        }
        expect(ids.size).toBe(3);
      });
    });

    describe('when many logins of one new user race', () => {
      test('answers one user to all of them, created exactly once', async () => {
        const results = await Promise.all(
          Array.from({ length: 40 }, () => accounts.upsertUser({ platform: 'wechat', appId: 'wx-race', platformUserId: 'o-race' })),
        );
        expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
        expect(results.filter((result) => result.created)).toHaveLength(1);
      });
    });

    describe('with bad input', () => {
      test('rejects an unknown platform with INPUT_INVALID', async () => {
        await expect(
          accounts.upsertUser({ platform: 'myspace' as 'wechat', appId: 'wx-bad', platformUserId: 'o' }),
        ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
      });

      test('keeps users of the same app id on different platforms apart (Douyin, Baidu, QQ, Kuaishou beside WeChat)', async () => {
        const ids = new Set<string>();
        for (const platform of ['wechat', 'douyin', 'baidu', 'qq', 'kuaishou'] as const) {
          const { user } = await accounts.upsertUser({ platform, appId: 'shared-app-id', platformUserId: 'same-openid' });
          expect(user.platform).toBe(platform);
          ids.add(user.id);
        }
        expect(ids.size).toBe(5);
      });

      test('refuses, in the database itself, a platform the check constraint does not list', async () => {
        await expect(
          sql`insert into phonekit.users (platform, app_id, platform_user_id) values ('myspace', 'a', 'b')`.execute(accounts.db),
        ).rejects.toThrow(/users_platform_check/);
      });

      test('rejects an empty platform user id with INPUT_INVALID', async () => {
        await expect(accounts.upsertUser({ platform: 'wechat', appId: 'wx-bad', platformUserId: '' })).rejects.toMatchObject({
          code: 'INPUT_INVALID',
          message: expect.stringContaining('platformUserId'),
        });
      });
    });
  });

  describe('createSession', () => {
    test('answers a 43-character token and stores only its SHA-256', async () => {
      const user = await newUser('wx-sessions');
      const session = await accounts.createSession(user.id);
      expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(session.expiresIn).toBe(7 * 24 * 60 * 60);
      const [row] = (await accounts.rawRows('sessions')).filter((candidate) => candidate.id === session.id);
      expect(row).toMatchObject({ user_id: user.id, token_hash: hex(sha256(session.token)) });
      expect(JSON.stringify(await accounts.rawRows('sessions'))).not.toContain(session.token);
    });

    test('takes a lifetime of its own', async () => {
      const user = await newUser('wx-sessions');
      const session = await accounts.createSession(user.id, { ttlSeconds: 60 });
      expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(60_000);
    });

    describe('for a user that does not exist', () => {
      test('throws USER_NOT_FOUND', async () => {
        await expect(accounts.createSession('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
        await expect(accounts.createSession('not-a-uuid')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
      });
    });
  });

  describe('userBySessionToken', () => {
    test('answers the user and the session of a live token', async () => {
      const user = await newUser('wx-sessions');
      const session = await accounts.createSession(user.id);
      await expect(accounts.userBySessionToken(session.token)).resolves.toEqual({
        user,
        session: { id: session.id, userId: user.id, createdAt: session.createdAt, expiresAt: session.expiresAt },
      });
    });

    describe('with a token it never issued', () => {
      test('answers null', async () => {
        await expect(accounts.userBySessionToken(randomBytes(32).toString('base64url'))).resolves.toBeNull();
        await expect(accounts.userBySessionToken("' or 1=1 --")).resolves.toBeNull();
        await expect(accounts.userBySessionToken('')).resolves.toBeNull();
      });
    });

    describe('once the session has expired', () => {
      test('answers null', async () => {
        const user = await newUser('wx-sessions');
        const session = await accounts.createSession(user.id, { ttlSeconds: 60 });
        clockOffsetMs = 61_000;
        try {
          await expect(accounts.userBySessionToken(session.token)).resolves.toBeNull();
        } finally {
          clockOffsetMs = 0;
        }
        await expect(accounts.userBySessionToken(session.token)).resolves.not.toBeNull();
      });
    });
  });

  describe('deleteSessions', () => {
    test('with a token, logs that session out and leaves the others', async () => {
      const user = await newUser('wx-sessions');
      const [one, two] = [await accounts.createSession(user.id), await accounts.createSession(user.id)];
      await expect(accounts.deleteSessions({ token: one.token })).resolves.toBe(1);
      await expect(accounts.userBySessionToken(one.token)).resolves.toBeNull();
      await expect(accounts.userBySessionToken(two.token)).resolves.not.toBeNull();
    });

    test('with a user id, logs out every session of the user', async () => {
      const user = await newUser('wx-sessions');
      const sessions = [await accounts.createSession(user.id), await accounts.createSession(user.id)];
      await expect(accounts.deleteSessions({ userId: user.id })).resolves.toBe(2);
      for (const session of sessions) await expect(accounts.userBySessionToken(session.token)).resolves.toBeNull();
    });

    test('with expired: true, removes only the sessions past their expiry', async () => {
      const user = await newUser('wx-sessions');
      const short = await accounts.createSession(user.id, { ttlSeconds: 1 });
      const long = await accounts.createSession(user.id);
      clockOffsetMs = 2_000;
      try {
        expect(await accounts.deleteSessions({ expired: true })).toBeGreaterThanOrEqual(1);
      } finally {
        clockOffsetMs = 0;
      }
      const ids = (await accounts.rawRows('sessions')).map((row) => row.id);
      expect(ids).not.toContain(short.id);
      expect(ids).toContain(long.id);
    });
  });

  describe('storeSessionSecret and sessionSecretOf', () => {
    test('keep a session_key encrypted and give it back decrypted', async () => {
      const user = await newUser('wx-secrets');
      const session = await accounts.createSession(user.id);
      const sessionKey = randomBytes(16).toString('base64');
      await accounts.storeSessionSecret(session.id, 'wechat_session_key', sessionKey);
      await expect(accounts.sessionSecretOf(session.id, 'wechat_session_key')).resolves.toBe(sessionKey);
      const [row] = (await accounts.rawRows('session_secrets')).filter((candidate) => candidate.session_id === session.id);
      expect(row).toMatchObject({ kind: 'wechat_session_key', key_id: keyring.currentKeyId });
      expect(JSON.stringify(row)).not.toContain(sessionKey);
      expect(JSON.stringify(row)).not.toContain(Buffer.from(sessionKey).toString('hex'));
    });

    test('replace the secret stored before for the same session', async () => {
      const user = await newUser('wx-secrets');
      const session = await accounts.createSession(user.id);
      await accounts.storeSessionSecret(session.id, 'wechat_session_key', 'first==');
      await accounts.storeSessionSecret(session.id, 'wechat_session_key', 'second==');
      await expect(accounts.sessionSecretOf(session.id, 'wechat_session_key')).resolves.toBe('second==');
    });

    describe('once the session is deleted', () => {
      test('answer null, the secret gone with it', async () => {
        const user = await newUser('wx-secrets');
        const session = await accounts.createSession(user.id);
        await accounts.storeSessionSecret(session.id, 'wechat_session_key', 'gone==');
        await accounts.deleteSessions({ token: session.token });
        await expect(accounts.sessionSecretOf(session.id, 'wechat_session_key')).resolves.toBeNull();
        expect((await accounts.rawRows('session_secrets')).map((row) => row.session_id)).not.toContain(session.id);
      });
    });

    describe('once the session has expired', () => {
      test('answer null', async () => {
        const user = await newUser('wx-secrets');
        const session = await accounts.createSession(user.id, { ttlSeconds: 60 });
        await accounts.storeSessionSecret(session.id, 'wechat_session_key', 'old==');
        clockOffsetMs = 120_000;
        try {
          await expect(accounts.sessionSecretOf(session.id, 'wechat_session_key')).resolves.toBeNull();
        } finally {
          clockOffsetMs = 0;
        }
      });
    });

    describe('for a session that does not exist', () => {
      test('throw SESSION_NOT_FOUND', async () => {
        await expect(
          accounts.storeSessionSecret('00000000-0000-4000-8000-000000000000', 'wechat_session_key', 'x'),
        ).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
      });
    });
  });

  describe('bindPhone', () => {
    test('binds the number, which phoneOf answers decrypted', async () => {
      const user = await newUser('wx-phones');
      const phone = nextPhone();
      const binding = await bind(accounts, user.id, phone);
      expect(binding).toEqual({ userId: user.id, appId: 'wx-phones', ...phone, boundAt: expect.any(Date) });
      await expect(accounts.phoneOf(user.id)).resolves.toEqual(binding);
    });

    test('stores ciphertext, a key id and a blind index, never the number', async () => {
      const user = await newUser('wx-phones');
      const phone = nextPhone();
      await bind(accounts, user.id, phone);
      const [row] = (await accounts.rawRows('phone_bindings')).filter((candidate) => candidate.user_id === user.id);
      expect(row).toEqual({
        user_id: user.id,
        app_id: 'wx-phones',
        ciphertext: expect.stringMatching(/^\\x01[0-9a-f]{56,}$/),
        key_id: keyring.currentKeyId,
        blind_index: expect.stringMatching(/^\\x[0-9a-f]{64}$/),
        blind_index_key_id: keyring.currentBlindIndexKeyId,
        bound_at: expect.any(String),
      });
      expect(new PhoneGrep([phone]).find(Buffer.from(JSON.stringify(row)))).toEqual([]);
    });

    test('answers a different ciphertext each time for the same number', async () => {
      const user = await newUser('wx-phones');
      const phone = nextPhone();
      await bind(accounts, user.id, phone);
      const first = (await accounts.rawRows('phone_bindings')).find((row) => row.user_id === user.id);
      await bind(accounts, user.id, phone);
      const second = (await accounts.rawRows('phone_bindings')).find((row) => row.user_id === user.id);
      expect(second?.ciphertext).not.toBe(first?.ciphertext);
      expect(second?.blind_index).toBe(first?.blind_index);
    });

    describe('when the user has a number already', () => {
      test('replaces it, and the old number is free again', async () => {
        const user = await newUser('wx-phones');
        const [old, replacement] = [nextPhone(), ukMobile(1)];
        await bind(accounts, user.id, old);
        await bind(accounts, user.id, replacement);
        await expect(accounts.phoneOf(user.id)).resolves.toMatchObject(replacement);
        expect((await accounts.rawRows('phone_bindings')).filter((row) => row.user_id === user.id)).toHaveLength(1);
        const other = await newUser('wx-phones');
        await expect(bind(accounts, other.id, old)).resolves.toMatchObject(old);
      });
    });

    describe('when another user of the same app has the number', () => {
      test('throws PHONE_ALREADY_BOUND, an AccountsError whose message holds no digit of the number', async () => {
        const [holder, other] = [await newUser('wx-phones'), await newUser('wx-phones')];
        const phone = nextPhone();
        await bind(accounts, holder.id, phone);
        const error: unknown = await bind(accounts, other.id, phone).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(AccountsError);
        expect(isAccountsError(error, 'PHONE_ALREADY_BOUND')).toBe(true);
        expect(error).toMatchObject({ httpStatus: 409 });
        const text = JSON.stringify({ message: (error as AccountsError).message, body: (error as AccountsError).toJSON() });
        expect(new PhoneGrep([phone]).find(Buffer.from(text))).toEqual([]);
        await expect(accounts.phoneOf(other.id)).resolves.toBeNull();
        await expect(accounts.phoneOf(holder.id)).resolves.toMatchObject(phone);
      });

      test('lets only one of two users racing for the same number have it', async () => {
        const [one, two] = [await newUser('wx-phones'), await newUser('wx-phones')];
        const phone = nextPhone();
        const outcomes = await Promise.allSettled([bind(accounts, one.id, phone), bind(accounts, two.id, phone)]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const [rejected] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(rejected?.reason).toMatchObject({ code: 'PHONE_ALREADY_BOUND' });
      });
    });

    describe('when a user of another app has the number', () => {
      test('binds it: numbers are unique per app', async () => {
        const phone = nextPhone();
        await bind(accounts, (await newUser('wx-app-one')).id, phone);
        await expect(bind(accounts, (await newUser('wx-app-two')).id, phone)).resolves.toMatchObject(phone);
      });
    });

    describe('for a user that does not exist', () => {
      test('throws USER_NOT_FOUND', async () => {
        await expect(accounts.bindPhone('00000000-0000-4000-8000-000000000000', nextPhone())).rejects.toMatchObject({
          code: 'USER_NOT_FOUND',
        });
      });
    });

    describe('with a phone that is not a consistent triple', () => {
      test('throws PHONE_INVALID without repeating the number', async () => {
        const user = await newUser('wx-phones');
        const bad = { e164: '+8613900000001', countryCode: '86', nationalNumber: '13900000002' };
        const error: unknown = await accounts.bindPhone(user.id, bad).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'PHONE_INVALID' });
        expect((error as Error).message).not.toMatch(/139/);
        await expect(accounts.bindPhone(user.id, { e164: '13900000001', countryCode: '86', nationalNumber: '13900000001' })).rejects.toMatchObject({
          code: 'PHONE_INVALID',
        });
      });
    });
  });

  describe('phoneOf', () => {
    test('answers null for a user with no number', async () => {
      await expect(accounts.phoneOf((await newUser('wx-phones')).id)).resolves.toBeNull();
    });

    test('answers null for an id that is not a user', async () => {
      await expect(accounts.phoneOf('not-a-uuid')).resolves.toBeNull();
    });
  });

  describe('findUserByPhone', () => {
    test('finds the user that has the number in the app', async () => {
      const user = await newUser('wx-find');
      const phone = nextPhone();
      await bind(accounts, user.id, phone);
      await expect(accounts.findUserByPhone('wx-find', phone.e164)).resolves.toEqual(user);
    });

    test('answers null in another app, and for a number nobody has', async () => {
      const user = await newUser('wx-find');
      const phone = nextPhone();
      await bind(accounts, user.id, phone);
      await expect(accounts.findUserByPhone('wx-elsewhere', phone.e164)).resolves.toBeNull();
      await expect(accounts.findUserByPhone('wx-find', '+8613700000000')).resolves.toBeNull();
    });

    test('throws PHONE_INVALID for text that is not E.164', async () => {
      await expect(accounts.findUserByPhone('wx-find', '13800138000')).rejects.toMatchObject({ code: 'PHONE_INVALID' });
    });
  });

  describe('recordConsent and consentsOf', () => {
    test('keep every agreement, oldest first, with its policy version and source', async () => {
      const user = await newUser('wx-consents');
      const first = await accounts.recordConsent(user.id, {
        purpose: 'phone-number',
        policyVersion: '2026-01',
        scope: 'phoneNumber',
        requestId: 'req-1',
        client: { sdk: 'wechat 8.0.50', app: '1.2.3' },
      });
      clockOffsetMs = 1_000;
      try {
        await accounts.recordConsent(user.id, { purpose: 'phone-number', policyVersion: '2026-06' });
      } finally {
        clockOffsetMs = 0;
      }
      const consents = await accounts.consentsOf(user.id);
      expect(consents).toEqual([
        {
          id: first.id,
          userId: user.id,
          purpose: 'phone-number',
          policyVersion: '2026-01',
          agreedAt: first.agreedAt,
          scope: 'phoneNumber',
          requestId: 'req-1',
          client: { sdk: 'wechat 8.0.50', app: '1.2.3' },
        },
        expect.objectContaining({ policyVersion: '2026-06', scope: null, requestId: null, client: null }),
      ]);
    });

    test('recordConsent throws USER_NOT_FOUND for a user that does not exist', async () => {
      await expect(
        accounts.recordConsent('00000000-0000-4000-8000-000000000000', { purpose: 'phone-number', policyVersion: '1' }),
      ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    });

    test('recordConsent refuses a client record of more than 16 entries', async () => {
      const user = await newUser('wx-consents');
      const client = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v']));
      await expect(accounts.recordConsent(user.id, { purpose: 'p', policyVersion: '1', client })).rejects.toMatchObject({
        code: 'INPUT_INVALID',
      });
    });
  });

  describe('exportUser', () => {
    test('answers everything stored about the user, the phone decrypted', async () => {
      const user = await newUser('wx-export');
      const phone = nextPhone();
      const binding = await bind(accounts, user.id, phone);
      const consent = await accounts.recordConsent(user.id, { purpose: 'phone-number', policyVersion: '2026-01' });
      const session = await accounts.createSession(user.id);
      const secret = await accounts.storeSessionSecret(session.id, 'wechat_session_key', 'c2Vzc2lvbktleQ==');
      const exported = await accounts.exportUser(user.id);
      expect(exported).toEqual({
        exportedAt: expect.any(Date),
        user,
        phone: binding,
        consents: [consent],
        sessions: [{ id: session.id, userId: user.id, createdAt: session.createdAt, expiresAt: session.expiresAt }],
        sessionSecrets: [secret],
      });
      expect(JSON.stringify(exported)).not.toContain('c2Vzc2lvbktleQ==');
      expect(JSON.stringify(exported)).not.toContain(session.token);
    });

    test('throws USER_NOT_FOUND for a user that does not exist', async () => {
      await expect(accounts.exportUser('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    });
  });

  describe('rawRows', () => {
    test("with a user id, answers only that user's rows, in every table", async () => {
      const made = [];
      for (let index = 0; index < 2; index += 1) {
        const user = await newUser('wx-raw');
        await bind(accounts, user.id, nextPhone());
        await accounts.recordConsent(user.id, { purpose: 'phone-number', policyVersion: '1' });
        const session = await accounts.createSession(user.id);
        await accounts.storeSessionSecret(session.id, 'wechat_session_key', 'a2V5');
        made.push({ user, session });
      }
      const [{ user, session }] = made as [(typeof made)[number]];
      expect(await accounts.rawRows('users', { userId: user.id })).toEqual([expect.objectContaining({ id: user.id, app_id: 'wx-raw' })]);
      for (const table of ['sessions', 'phone_bindings', 'consents'] as const) {
        expect(await accounts.rawRows(table, { userId: user.id })).toEqual([expect.objectContaining({ user_id: user.id })]);
      }
      expect(await accounts.rawRows('session_secrets', { userId: user.id })).toEqual([
        expect.objectContaining({ session_id: session.id, kind: 'wechat_session_key', key_id: keyring.currentKeyId }),
      ]);
      await expect(accounts.rawRows('users', { userId: 'not-a-uuid' })).resolves.toEqual([]);
    });

    test('refuses a table that is not an accounts table with INPUT_INVALID', async () => {
      await expect(accounts.rawRows('migrations' as 'users')).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    });
  });

  describe('eraseUser', () => {
    test('erases phone, consents, sessions and secrets; the token resolves to nothing at once', async () => {
      const user = await newUser('wx-erase');
      const phone = nextPhone();
      await bind(accounts, user.id, phone);
      await accounts.recordConsent(user.id, { purpose: 'phone-number', policyVersion: '2026-01' });
      const sessions = [await accounts.createSession(user.id), await accounts.createSession(user.id)];
      await accounts.storeSessionSecret(sessions[0]?.id ?? '', 'wechat_session_key', 'a2V5');
      await expect(accounts.eraseUser(user.id)).resolves.toEqual({
        userId: user.id,
        user: true,
        phone: true,
        consents: 1,
        sessions: 2,
        sessionSecrets: 1,
      });
      for (const session of sessions) await expect(accounts.userBySessionToken(session.token)).resolves.toBeNull();
      await expect(accounts.phoneOf(user.id)).resolves.toBeNull();
      await expect(accounts.findUserByPhone('wx-erase', phone.e164)).resolves.toBeNull();
      await expect(accounts.consentsOf(user.id)).resolves.toEqual([]);
      for (const table of ['phone_bindings', 'consents', 'sessions', 'users'] as const) {
        expect(JSON.stringify(await accounts.rawRows(table))).not.toContain(user.id);
      }
      const secretSessions = (await accounts.rawRows('session_secrets')).map((row) => row.session_id);
      for (const session of sessions) expect(secretSessions).not.toContain(session.id);
      await expect(accounts.rawRows('session_secrets', { userId: user.id })).resolves.toEqual([]);
      await expect(accounts.exportUser(user.id)).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    });

    test('frees the number, and a new login of the same platform user is a new user', async () => {
      const { user } = await accounts.upsertUser({ platform: 'wechat', appId: 'wx-erase', platformUserId: 'o-erased' });
      const phone = nextPhone();
      await bind(accounts, user.id, phone);
      await accounts.eraseUser(user.id);
      const again = await accounts.upsertUser({ platform: 'wechat', appId: 'wx-erase', platformUserId: 'o-erased' });
      expect(again.created).toBe(true);
      expect(again.user.id).not.toBe(user.id);
      await expect(bind(accounts, again.user.id, phone)).resolves.toMatchObject(phone);
    });

    test('answers that nothing was there for a user that does not exist', async () => {
      await expect(accounts.eraseUser('00000000-0000-4000-8000-000000000000')).resolves.toMatchObject({ user: false, phone: false });
    });
  });

  describe('200 parallel logins and bindings of 50 users in one process', () => {
    test('make no duplicate user and lose no binding', async () => {
      const appId = 'wx-parallel';
      const phones = Array.from({ length: 50 }, () => nextPhone());
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, async (_, index) => {
          const n = index % 50;
          const { user } = await accounts.upsertUser({ platform: 'wechat', appId, platformUserId: `parallel-${n}` });
          await bind(accounts, user.id, phones[n] ?? nextPhone());
          return user.id;
        }),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      const users = (await accounts.rawRows('users')).filter((row) => row.app_id === appId);
      expect(users).toHaveLength(50);
      expect(new Set(users.map((row) => row.platform_user_id)).size).toBe(50);
      expect((await accounts.rawRows('phone_bindings')).filter((row) => row.app_id === appId)).toHaveLength(50);
      for (const [n, phone] of phones.entries()) {
        const user = users.find((row) => row.platform_user_id === `parallel-${n}`);
        await expect(accounts.phoneOf(String(user?.id))).resolves.toMatchObject(phone);
      }
    }, 60_000);
  });

  describe('a tampered row', () => {
    let one: User;
    let two: User;
    beforeAll(async () => {
      [one, two] = [await newUser('wx-tamper'), await newUser('wx-tamper')];
      await bind(accounts, one.id, nextPhone());
      await bind(accounts, two.id, nextPhone());
    });
    afterAll(async () => {
      await accounts.eraseUser(one.id);
      await accounts.eraseUser(two.id);
    });

    const rowOf = async (userId: string) =>
      accounts.db.selectFrom('phone_bindings').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();

    describe('when ciphertexts are swapped between two users', () => {
      test('fails to decrypt for both with FIELD_DECRYPTION_FAILED (the AAD binds each to its row)', async () => {
        const [rowOne, rowTwo] = [await rowOf(one.id), await rowOf(two.id)];
        await accounts.db.updateTable('phone_bindings').set({ ciphertext: rowTwo.ciphertext, key_id: rowTwo.key_id }).where('user_id', '=', one.id).execute();
        await accounts.db.updateTable('phone_bindings').set({ ciphertext: rowOne.ciphertext, key_id: rowOne.key_id }).where('user_id', '=', two.id).execute();
        await expect(accounts.phoneOf(one.id)).rejects.toMatchObject({ code: 'FIELD_DECRYPTION_FAILED' });
        await expect(accounts.phoneOf(two.id)).rejects.toMatchObject({ code: 'FIELD_DECRYPTION_FAILED' });
        await accounts.db.updateTable('phone_bindings').set({ ciphertext: rowOne.ciphertext }).where('user_id', '=', one.id).execute();
        await accounts.db.updateTable('phone_bindings').set({ ciphertext: rowTwo.ciphertext }).where('user_id', '=', two.id).execute();
        await expect(accounts.phoneOf(one.id)).resolves.not.toBeNull();
      });
    });

    describe('when a ciphertext byte is flipped', () => {
      test('fails to decrypt with FIELD_DECRYPTION_FAILED', async () => {
        const row = await rowOf(one.id);
        const flipped = Buffer.from(row.ciphertext);
        flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
        await accounts.db.updateTable('phone_bindings').set({ ciphertext: flipped }).where('user_id', '=', one.id).execute();
        await expect(accounts.phoneOf(one.id)).rejects.toMatchObject({ code: 'FIELD_DECRYPTION_FAILED' });
        await accounts.db.updateTable('phone_bindings').set({ ciphertext: row.ciphertext }).where('user_id', '=', one.id).execute();
      });
    });

    describe('when its key id names a key the keyring does not hold', () => {
      test('fails with DATA_KEY_UNKNOWN, naming the key id', async () => {
        await accounts.db.updateTable('phone_bindings').set({ key_id: 'retired' }).where('user_id', '=', one.id).execute();
        await expect(accounts.phoneOf(one.id)).rejects.toMatchObject({
          code: 'DATA_KEY_UNKNOWN',
          message: expect.stringContaining('"retired"'),
        });
        await accounts.db.updateTable('phone_bindings').set({ key_id: keyring.currentKeyId }).where('user_id', '=', one.id).execute();
      });
    });

    describe('when a session secret is copied to another session', () => {
      test('fails to decrypt with FIELD_DECRYPTION_FAILED', async () => {
        const [sessionOne, sessionTwo] = [await accounts.createSession(one.id), await accounts.createSession(two.id)];
        await accounts.storeSessionSecret(sessionOne.id, 'wechat_session_key', 'b25l');
        await accounts.storeSessionSecret(sessionTwo.id, 'wechat_session_key', 'dHdv');
        const source = await accounts.db
          .selectFrom('session_secrets')
          .selectAll()
          .where('session_id', '=', sessionOne.id)
          .executeTakeFirstOrThrow();
        await accounts.db.updateTable('session_secrets').set({ ciphertext: source.ciphertext }).where('session_id', '=', sessionTwo.id).execute();
        await expect(accounts.sessionSecretOf(sessionTwo.id, 'wechat_session_key')).rejects.toMatchObject({ code: 'FIELD_DECRYPTION_FAILED' });
      });
    });
  });

  describe('after a restart', () => {
    test('the same login finds the same user, phone and session', async () => {
      const { user } = await accounts.upsertUser({ platform: 'alipay', appId: '2021000000000009', platformUserId: '2088000000000009' });
      const phone = nextPhone();
      await bind(accounts, user.id, phone);
      const session = await accounts.createSession(user.id);
      await reopen();
      const again = await accounts.upsertUser({ platform: 'alipay', appId: '2021000000000009', platformUserId: '2088000000000009' });
      expect(again).toEqual({ user, created: false });
      await expect(accounts.phoneOf(user.id)).resolves.toMatchObject(phone);
      await expect(accounts.userBySessionToken(session.token)).resolves.toMatchObject({ user });
      await expect(accounts.migrate()).resolves.toEqual({ applied: [] });
    }, 60_000);
  });

  more?.(suite);

  describe('rotateKey', () => {
    const known: Array<{ userId: string; appId: string; phone: PhoneNumberInput; sessionId: string; secret: string }> = [];
    let keyB = '';

    beforeAll(async () => {
      for (let index = 0; index < 12; index += 1) {
        const user = await newUser('wx-rotate');
        const phone = nextPhone();
        await bind(accounts, user.id, phone);
        const session = await accounts.createSession(user.id);
        const secret = randomBytes(16).toString('base64');
        await accounts.storeSessionSecret(session.id, 'wechat_session_key', secret);
        known.push({ userId: user.id, appId: 'wx-rotate', phone, sessionId: session.id, secret });
      }
      keyB = generateDataKey();
    }, 60_000);

    describe('with the old and the new key in the keyring', () => {
      test('re-encrypts every row to the new key in batches, and then finds nothing left to do', async () => {
        await reopen(parseDataKeyring(`a:${keyA},b:${keyB}`));
        const before = await accounts.rawRows('phone_bindings');
        expect(before.filter((row) => row.key_id === 'a').length).toBeGreaterThanOrEqual(12);
        const phoneRows = before.length;
        const secretRows = (await accounts.rawRows('session_secrets')).length;
        const rotation = await accounts.rotateKey({ batchSize: 7 });
        expect(rotation).toEqual({
          keyId: 'b',
          blindIndexKeyId: 'derived-b',
          phoneBindings: phoneRows,
          sessionSecrets: secretRows,
          batches: Math.ceil(phoneRows / 7) + Math.ceil(secretRows / 7),
        });
        for (const row of await accounts.rawRows('phone_bindings')) {
          expect(row).toMatchObject({ key_id: 'b', blind_index_key_id: 'derived-b' });
        }
        for (const row of await accounts.rawRows('session_secrets')) expect(row).toMatchObject({ key_id: 'b' });
        await expect(accounts.rotateKey()).resolves.toMatchObject({ phoneBindings: 0, sessionSecrets: 0, batches: 0 });
      }, 60_000);
    });

    describe('after the rotation, with the old key removed and a separate blind-index key added', () => {
      beforeAll(async () => {
        keyA = '';
        await reopen(parseDataKeyring(`b:${keyB}`, { blindIndexKey: `bi1:${generateDataKey()}` }));
      }, 60_000);

      test('every row still decrypts and every number is still found', async () => {
        expect(keyring.keyIds).toEqual(['b']);
        for (const entry of known) {
          await expect(accounts.phoneOf(entry.userId)).resolves.toMatchObject(entry.phone);
          await expect(accounts.findUserByPhone(entry.appId, entry.phone.e164)).resolves.toMatchObject({ id: entry.userId });
          await expect(accounts.sessionSecretOf(entry.sessionId, 'wechat_session_key')).resolves.toBe(entry.secret);
        }
        for (const row of await accounts.rawRows('phone_bindings')) {
          await expect(accounts.phoneOf(String(row.user_id))).resolves.not.toBeNull();
        }
        const newcomer = await newUser('wx-rotate');
        await expect(bind(accounts, newcomer.id, known[0]?.phone ?? nextPhone())).rejects.toMatchObject({ code: 'PHONE_ALREADY_BOUND' });
      }, 60_000);

      test('rotateKey re-indexes every number under the new blind-index key, and lookups still work', async () => {
        const entry = known[1];
        if (entry === undefined) throw new Error('no rows written');
        const rotation = await accounts.rotateKey();
        expect(rotation).toMatchObject({ keyId: 'b', blindIndexKeyId: 'bi1', sessionSecrets: 0 });
        expect(rotation.phoneBindings).toBe((await accounts.rawRows('phone_bindings')).length);
        for (const row of await accounts.rawRows('phone_bindings')) expect(row).toMatchObject({ key_id: 'b', blind_index_key_id: 'bi1' });
        await expect(accounts.findUserByPhone(entry.appId, entry.phone.e164)).resolves.toMatchObject({ id: entry.userId });
      }, 60_000);
    });
  });

  describe('at rest, after the suite', () => {
    test('no table holds any number the suite bound, in any written form', async () => {
      const grep = new PhoneGrep(bound);
      expect(bound.length).toBeGreaterThan(100);
      const { rows: tables } = await sql<{ table_schema: string; table_name: string }>`
        select table_schema, table_name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`.execute(accounts.db);
      expect(tables.map((table) => table.table_name)).toEqual(expect.arrayContaining(['users', 'phone_bindings', 'consents']));
      let text = '';
      for (const table of tables) {
        const { rows } = await sql<{ text: string }>`select t::text as text from ${sql.table(`${table.table_schema}.${table.table_name}`)} as t`.execute(
          accounts.db,
        );
        text += rows.map((row) => row.text).join('\n');
      }
      expect(text).toContain(marker);
      expect(grep.find(Buffer.from(text, 'utf8'))).toEqual([]);
    });

    test('no file of the database holds any number the suite bound, in any written form', async () => {
      const grep = new PhoneGrep(bound);
      await database.flushFiles(accounts);
      if (database.driver === 'pglite') open = false;
      let files = 0;
      let bytes = 0;
      let markerSeen = false;
      const leaks: string[] = [];
      for await (const file of filesUnder(database.filesDir)) {
        files += 1;
        bytes += file.bytes.length;
        markerSeen ||= file.bytes.includes(marker);
        for (const found of grep.find(file.bytes)) leaks.push(`${file.file}: a bound number (${found.length} digits)`);
      }
      // the scan does see what the tables hold: the marker user's plain-text id is in the files
      expect(markerSeen).toBe(true);
      expect(files).toBeGreaterThan(10);
      expect(bytes).toBeGreaterThan(1_000_000);
      expect(leaks).toEqual([]);
    }, 60_000);
  });
}
