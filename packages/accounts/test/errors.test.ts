import { ACCOUNTS_ERROR_CATALOGUE, ACCOUNTS_ERROR_CODES, AccountsError, isAccountsError } from '../src';

describe('the accounts error catalogue', () => {
  test('has an entry with a status, a message and both hints for every code', () => {
    for (const code of ACCOUNTS_ERROR_CODES) {
      const entry = ACCOUNTS_ERROR_CATALOGUE[code];
      expect(entry.httpStatus).toBeGreaterThanOrEqual(400);
      expect(entry.message).toMatch(/\.$/);
      expect(entry.hint.length).toBeGreaterThan(10);
      expect(entry.hintZh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(Object.keys(ACCOUNTS_ERROR_CATALOGUE).sort()).toEqual([...ACCOUNTS_ERROR_CODES].sort());
  });

  test('answers 409 for a number bound to another user', () => {
    const error = new AccountsError('PHONE_ALREADY_BOUND');
    expect(error.httpStatus).toBe(409);
    expect(error.toJSON()).toEqual({
      error: {
        code: 'PHONE_ALREADY_BOUND',
        message: 'This phone number is already bound to another user of this app.',
        hint: expect.any(String),
        hintZh: expect.any(String),
      },
    });
  });

  test('isAccountsError narrows by code', () => {
    const error: unknown = new AccountsError('USER_NOT_FOUND');
    expect(isAccountsError(error)).toBe(true);
    expect(isAccountsError(error, 'USER_NOT_FOUND')).toBe(true);
    expect(isAccountsError(error, 'PHONE_ALREADY_BOUND')).toBe(false);
    expect(isAccountsError(new Error('USER_NOT_FOUND'))).toBe(false);
  });
});
