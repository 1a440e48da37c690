import { inspect } from 'node:util';
import {
  AccountsError,
  DEFAULT_DATA_KEY_ID,
  generateDataKey,
  parseDataKeyring,
  requireDataKeyring,
} from '../src';
import { decryptField, encryptField } from '../src/lib/field-cipher';

const place = { table: 'phone_bindings', column: 'ciphertext', row: ['user-1', 'app-1'] };

describe('parseDataKeyring', () => {
  describe('with one bare key', () => {
    test('names it "default", encrypts under it and derives the blind-index key from it', () => {
      const keyring = parseDataKeyring(generateDataKey());
      expect(keyring).toEqual({
        currentKeyId: DEFAULT_DATA_KEY_ID,
        keyIds: ['default'],
        currentBlindIndexKeyId: 'derived-default',
        blindIndexKeyIds: ['derived-default'],
        blindIndexKeyDerived: true,
      });
    });

    test('accepts base64url and unpadded text of the same 32 bytes', () => {
      const key = generateDataKey();
      const url = Buffer.from(key, 'base64').toString('base64url');
      const a = parseDataKeyring(key);
      const b = parseDataKeyring(url);
      const field = encryptField(a, Buffer.from('x'), place);
      expect(decryptField(b, field, place).toString()).toBe('x');
    });
  });

  describe('with a list of id:base64 entries', () => {
    test('writes under the last and keeps every one for reading', () => {
      const keyring = parseDataKeyring(` 2025-01:${generateDataKey()},\n2026-06:${generateDataKey()} `);
      expect(keyring.currentKeyId).toBe('2026-06');
      expect(keyring.keyIds).toEqual(['2025-01', '2026-06']);
      expect(keyring.currentBlindIndexKeyId).toBe('derived-2026-06');
    });
  });

  describe('with a separate blind-index key', () => {
    test('indexes with it and still knows the derived ones for rows indexed before', () => {
      const keyring = parseDataKeyring(`k1:${generateDataKey()}`, { blindIndexKey: generateDataKey() });
      expect(keyring.currentBlindIndexKeyId).toBe('blind');
      expect(keyring.blindIndexKeyIds).toEqual(['derived-k1', 'blind']);
      expect(keyring.blindIndexKeyDerived).toBe(false);
    });

    test('refuses a reserved id with BLIND_INDEX_KEY_INVALID', () => {
      expect(() => parseDataKeyring(generateDataKey(), { blindIndexKey: `derived-x:${generateDataKey()}` })).toThrow(
        expect.objectContaining({ code: 'BLIND_INDEX_KEY_INVALID' }),
      );
    });
  });

  describe('with text that is not a keyring', () => {
    test.each([
      ['an empty value', ''],
      ['31 bytes', Buffer.alloc(31, 1).toString('base64')],
      ['33 bytes', Buffer.alloc(33, 1).toString('base64')],
      ['hex instead of base64', Buffer.alloc(32, 1).toString('hex')],
      ['two keys without ids', `${generateDataKey()},${generateDataKey()}`],
      ['the same id twice', `a:${generateDataKey()},a:${generateDataKey()}`],
      ['an id with a space in it', `my key:${generateDataKey()}`],
    ])('refuses %s with DATA_KEY_INVALID', (_case, text) => {
      expect(() => parseDataKeyring(text)).toThrow(expect.objectContaining({ code: 'DATA_KEY_INVALID' }));
    });

    test('never repeats the key text in the message', () => {
      const bad = `a:${Buffer.alloc(31, 7).toString('base64')}`;
      const error: unknown = (() => {
        try {
          return parseDataKeyring(bad);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(AccountsError);
      expect((error as Error).message).toContain('PHONEKIT_DATA_KEY entry 1 (id "a")');
      expect((error as Error).message).not.toContain(bad.slice(2, 12));
    });
  });

  test('shows key ids only when logged, inspected or serialised', () => {
    const key = generateDataKey();
    const keyring = parseDataKeyring(`k:${key}`);
    const raw = Buffer.from(key, 'base64');
    for (const text of [inspect(keyring, { showHidden: true, depth: 10 }), JSON.stringify(keyring), String(Object.values(keyring))]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(raw.toString('hex'));
    }
  });
});

describe('requireDataKeyring', () => {
  describe('without PHONEKIT_DATA_KEY', () => {
    test.each([[{}], [{ dataKey: '' }], [{ dataKey: '   ' }]])('refuses with DATA_KEY_MISSING, naming the variable (%p)', (settings) => {
      expect(() => requireDataKeyring(settings)).toThrow(
        expect.objectContaining({ code: 'DATA_KEY_MISSING', message: expect.stringContaining('PHONEKIT_DATA_KEY is not set') }),
      );
    });
  });

  test('reads PHONEKIT_DATA_KEY and PHONEKIT_BLIND_INDEX_KEY when given', () => {
    const keyring = requireDataKeyring({ dataKey: `p1:${generateDataKey()}`, blindIndexKey: `bi:${generateDataKey()}` });
    expect(keyring.currentKeyId).toBe('p1');
    expect(keyring.currentBlindIndexKeyId).toBe('bi');
  });
});

describe('field encryption (AES-256-GCM)', () => {
  const keyring = parseDataKeyring(`k:${generateDataKey()}`);

  test('round-trips a field in its own place', () => {
    const field = encryptField(keyring, Buffer.from('+8613800138000'), place);
    expect(field.keyId).toBe('k');
    expect(field.ciphertext[0]).toBe(1);
    expect(field.ciphertext.length).toBe(1 + 12 + 16 + '+8613800138000'.length);
    expect(decryptField(keyring, field, place).toString()).toBe('+8613800138000');
  });

  describe('when the field is read in another place', () => {
    test.each([
      ['another row', { ...place, row: ['user-2', 'app-1'] }],
      ['another app', { ...place, row: ['user-1', 'app-2'] }],
      ['another column', { ...place, column: 'other' }],
      ['another table', { ...place, table: 'session_secrets' }],
    ])('fails with FIELD_DECRYPTION_FAILED in %s', (_case, elsewhere) => {
      const field = encryptField(keyring, Buffer.from('secret'), place);
      expect(() => decryptField(keyring, field, elsewhere)).toThrow(expect.objectContaining({ code: 'FIELD_DECRYPTION_FAILED' }));
    });
  });

  describe('when a key with the same id but other bytes reads it', () => {
    test('fails with FIELD_DECRYPTION_FAILED', () => {
      const field = encryptField(keyring, Buffer.from('secret'), place);
      expect(() => decryptField(parseDataKeyring(`k:${generateDataKey()}`), field, place)).toThrow(
        expect.objectContaining({ code: 'FIELD_DECRYPTION_FAILED' }),
      );
    });
  });

  describe('when the ciphertext is cut short or has an unknown version', () => {
    test('fails with FIELD_DECRYPTION_FAILED', () => {
      const field = encryptField(keyring, Buffer.from('secret'), place);
      expect(() => decryptField(keyring, { ...field, ciphertext: field.ciphertext.subarray(0, 20) }, place)).toThrow(
        expect.objectContaining({ code: 'FIELD_DECRYPTION_FAILED' }),
      );
      const versioned = Buffer.from(field.ciphertext);
      versioned[0] = 2;
      expect(() => decryptField(keyring, { ...field, ciphertext: versioned }, place)).toThrow(
        expect.objectContaining({ code: 'FIELD_DECRYPTION_FAILED' }),
      );
    });
  });
});
