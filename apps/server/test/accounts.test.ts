// @phonekit/express takes the accounts as a port it defines itself (it must
// install without @phonekit/accounts); this app is where the two meet, so the
// checks that they fit are here.
import {
  ACCOUNTS_ERROR_CATALOGUE,
  ACCOUNTS_ERROR_CODES,
  AccountsError,
  accountsStartError,
  parseDataKeyring,
  type Accounts,
  type AccountsErrorCode,
} from '@phonekit/accounts';
import {
  ACCOUNTS_PORT_ERROR_CODES,
  ConfigError,
  HTTP_STATUS,
  loadConfig,
  toApiError,
  type AccountsPort,
  type AccountsPortErrorCode,
} from '@phonekit/express';

// Compile-time: Accounts is an AccountsPort, and the two code sets are the same.
type Assert<T extends true> = T;
export type AccountsFitThePort = Assert<Accounts extends AccountsPort ? true : false>;
export type EveryAccountsCodeIsAnswered = Assert<AccountsErrorCode extends AccountsPortErrorCode ? true : false>;
export type NoCodeIsAnsweredThatAccountsLacks = Assert<AccountsPortErrorCode extends AccountsErrorCode ? true : false>;

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

describe("@phonekit/accounts behind @phonekit/express's accounts port", () => {
  test('the port lists exactly the codes AccountsError can carry', () => {
    expect([...ACCOUNTS_PORT_ERROR_CODES].sort()).toEqual([...ACCOUNTS_ERROR_CODES].sort());
  });

  test.each(ACCOUNTS_ERROR_CODES.filter((code) => code !== 'PHONE_INVALID').map((code) => [code]))(
    'the server answers %s with the status @phonekit/accounts gives it',
    (code) => {
      expect(HTTP_STATUS[code]).toBe(ACCOUNTS_ERROR_CATALOGUE[code].httpStatus);
    },
  );

  test("PHONE_INVALID keeps core's status: the server owns one entry per code", () => {
    expect(HTTP_STATUS.PHONE_INVALID).toBe(422);
  });

  test.each(ACCOUNTS_ERROR_CODES.map((code) => [code]))('an AccountsError %s becomes the API error of the same code, the cause kept for the log', (code) => {
    const thrown = new AccountsError(code);
    const error = toApiError(thrown);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(thrown);
    expect(error.httpStatus).toBe(HTTP_STATUS[code]);
  });

  describe('PHONEKIT_DATA_KEY and PHONEKIT_BLIND_INDEX_KEY', () => {
    const wechat = { NODE_ENV: 'test', WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's', PHONEKIT_DATA_DIR: '/tmp/unused' };
    const configAccepts = (env: Record<string, string>): boolean => {
      try {
        loadConfig({ env: { ...wechat, ...env } });
        return true;
      } catch (err) {
        if (err instanceof ConfigError) return false;
        throw err;
      }
    };
    const accountsAccept = (dataKey: string, blindIndexKey?: string): boolean => {
      try {
        parseDataKeyring(dataKey, blindIndexKey === undefined ? {} : { blindIndexKey });
        return true;
      } catch (err) {
        if (err instanceof AccountsError) return false;
        throw err;
      }
    };

    test.each([
      KEY,
      KEY.replace(/=+$/, ''),
      Buffer.alloc(32, 250).toString('base64url'),
      `2025-01:${KEY}`,
      `old:${KEY},new:${OTHER_KEY}`,
      `old:${KEY} new:${OTHER_KEY}`,
      `old:${KEY}, new:${OTHER_KEY}`,
      'c2hvcnQ=',
      `${KEY},${OTHER_KEY}`,
      `a:${KEY},a:${OTHER_KEY}`,
      `${'i'.repeat(33)}:${KEY}`,
      `k:${KEY}x`,
      `k:${KEY.slice(0, -2)}B=`,
      ',',
    ])('the configuration accepts the data key %s exactly when @phonekit/accounts does', (dataKey) => {
      expect(configAccepts({ PHONEKIT_DATA_KEY: dataKey })).toBe(accountsAccept(dataKey));
    });

    test.each([OTHER_KEY, `bi:${OTHER_KEY}`, `a:${KEY},b:${OTHER_KEY}`, `derived-x:${OTHER_KEY}`, 'short'])(
      'the configuration accepts the blind-index key %s exactly when @phonekit/accounts does',
      (blindIndexKey) => {
        expect(configAccepts({ PHONEKIT_DATA_KEY: KEY, PHONEKIT_BLIND_INDEX_KEY: blindIndexKey })).toBe(accountsAccept(KEY, blindIndexKey));
      },
    );
  });

  describe('what the server prints when the accounts cannot be opened', () => {
    test("names the variable in the accounts store's words", () => {
      expect(accountsStartError(new AccountsError('DATA_KEY_MISSING'))).toMatch(/^phonekit: configuration error: PHONEKIT_DATA_KEY is not set: .*openssl rand -base64 32/);
    });

    test("never carries a database URL's password", () => {
      const text = accountsStartError(new Error('could not connect to postgres://phonekit:hunter2@db.internal:5432/phonekit'));
      expect(text).not.toContain('hunter2');
      expect(text).toContain('postgres://***@db.internal:5432/phonekit');
    });
  });
});
