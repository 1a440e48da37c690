import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEVELOPMENT_KEY_FILE, developmentDataKeyring, generateDataKey, parseDataKeyring } from '../src';
import { decryptField, encryptField } from '../src/lib/field-cipher';

const place = { table: 't', column: 'c', row: ['r'] };

describe('developmentDataKeyring', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'phonekit-accounts-key-')), 'data');
  });
  afterEach(async () => {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  describe('without PHONEKIT_DATA_KEY, on a fresh data dir', () => {
    test('generates a key file readable by its owner only, and says so', async () => {
      const first = await developmentDataKeyring({ dataDir });
      expect(first).toMatchObject({ source: 'key-file', created: true, keyFile: path.join(dataDir, DEVELOPMENT_KEY_FILE) });
      expect((await stat(path.join(dataDir, DEVELOPMENT_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect((await readFile(path.join(dataDir, DEVELOPMENT_KEY_FILE), 'utf8')).trim()).toMatch(/^dev:[A-Za-z0-9+/]{43}=$/);
      expect(first.keyring.currentKeyId).toBe('dev');
    });

    test('answers the same key on the next start, so rows written before still decrypt', async () => {
      const first = await developmentDataKeyring({ dataDir });
      const field = encryptField(first.keyring, Buffer.from('x'), place);
      const second = await developmentDataKeyring({ dataDir });
      expect(second.created).toBe(false);
      expect(decryptField(second.keyring, field, place).toString()).toBe('x');
    });

    test('gives two processes starting at once the same key', async () => {
      const [one, two] = await Promise.all([developmentDataKeyring({ dataDir }), developmentDataKeyring({ dataDir })]);
      expect([one.created, two.created].filter(Boolean)).toHaveLength(1);
      const field = encryptField(one.keyring, Buffer.from('x'), place);
      expect(decryptField(two.keyring, field, place).toString()).toBe('x');
    });
  });

  describe('with a key file someone made readable to others', () => {
    test('tightens it back to 0600', async () => {
      await developmentDataKeyring({ dataDir });
      await chmod(path.join(dataDir, DEVELOPMENT_KEY_FILE), 0o644);
      await developmentDataKeyring({ dataDir });
      expect((await stat(path.join(dataDir, DEVELOPMENT_KEY_FILE))).mode & 0o777).toBe(0o600);
    });
  });

  describe('with PHONEKIT_DATA_KEY given', () => {
    test('uses it and writes no key file', async () => {
      const dataKey = `given:${generateDataKey()}`;
      const result = await developmentDataKeyring({ dataDir, dataKey });
      expect(result).toMatchObject({ source: 'settings', created: false, keyFile: undefined });
      expect(result.keyring.currentKeyId).toBe('given');
      await expect(stat(path.join(dataDir, DEVELOPMENT_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });

  describe('with a keyring written into the key file by hand', () => {
    test('reads it like PHONEKIT_DATA_KEY', async () => {
      const { keyring } = await developmentDataKeyring({ dataDir });
      const old = await readFile(path.join(dataDir, DEVELOPMENT_KEY_FILE), 'utf8');
      await writeFile(path.join(dataDir, DEVELOPMENT_KEY_FILE), `${old.trim()},dev2:${generateDataKey()}\n`);
      const rotated = await developmentDataKeyring({ dataDir });
      expect(rotated.keyring.keyIds).toEqual(['dev', 'dev2']);
      const field = encryptField(keyring, Buffer.from('x'), place);
      expect(decryptField(rotated.keyring, field, place).toString()).toBe('x');
      expect(parseDataKeyring(old.trim()).currentKeyId).toBe('dev');
    });
  });
});
