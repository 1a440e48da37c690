import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { douyinEncrypt, makeDouyinKeyPair, phoneData, withPlusAndSlash, type DouyinKeyPair } from './support/openssl-platforms';
import { makeTempDir, parseOneJson, runPhonekit, type RunResult } from './support/run';

// The "data" of get_phonenumber_info, made as Douyin makes it: RSA PKCS#1 v1.5
// under the application public key (openssl genrsa + openssl pkeyutl -encrypt,
// test/support/openssl-platforms.ts).

const APP_ID = 'tt0123456789abcdef01';

let temp: ReturnType<typeof makeTempDir>;
let keys: DouyinKeyPair;
let otherKeys: DouyinKeyPair;
let data: string;
beforeAll(() => {
  temp = makeTempDir('douyin');
  keys = makeDouyinKeyPair(temp.dir, 'douyin');
  otherKeys = makeDouyinKeyPair(temp.dir, 'other');
  data = withPlusAndSlash(() => douyinEncrypt(phoneData(APP_ID), keys.publicKeyPath));
});
afterAll(() => temp.remove());

const decryptPhone = (argv: readonly string[], stdin: string): Promise<RunResult> => runPhonekit(['douyin', 'decrypt-phone', ...argv], { stdin });

/** Every line of the key's base64 body: none may reach the output. */
function keyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
}

function expectNoKey(result: RunResult, pem: string): void {
  const output = result.stdout + result.stderr;
  for (const line of keyLines(pem)) expect(output).not.toContain(line);
}

describe('phonekit douyin decrypt-phone', () => {
  it('prints the decrypted object for a PKCS#8 key given as @file, exit 0', async () => {
    const result = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`], data);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)).toMatchObject({ phoneNumber: '13811112222', purePhoneNumber: '13811112222', countryCode: '86', watermark: { appid: APP_ID } });
    expectNoKey(result, keys.privateKeyPem);
  });

  it('takes the key as literal PEM text (--private-key="$(cat key.pem)"), and the PKCS#1 form as a path', async () => {
    const literal = await decryptPhone([`--private-key=${keys.privateKeyPem}`], data);
    expect(literal.code).toBe(EXIT_CODES.ok);
    expectNoKey(literal, keys.privateKeyPem);
    const pkcs1 = await decryptPhone(['--private-key', keys.privateKeyPkcs1Path], data);
    expect(pkcs1.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(pkcs1.stdout)['purePhoneNumber']).toBe('13811112222');
  });

  it('takes the whole get_phonenumber_info answer on stdin, and checks watermark.appid against --app-id', async () => {
    const answer = JSON.stringify({ err_no: 0, err_tips: 'success', log_id: '2024010112000001', data });
    const result = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`, '--app-id', APP_ID], answer);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)['purePhoneNumber']).toBe('13811112222');
  });

  it('refuses data made for another app when --app-id is given, naming --app-id in the fix', async () => {
    const result = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`, '--app-id', 'ttffffffffffffffff01'], data);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: DOUYIN_WATERMARK_MISMATCH: .* Hint: .*--app-id/);
    expectNoKey(result, keys.privateKeyPem);
  });

  it('fails with one DOUYIN_PHONE_DECRYPTION_FAILED line for another private key, without printing either key', async () => {
    const result = await decryptPhone(['--private-key', `@${otherKeys.privateKeyPath}`], data);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: DOUYIN_PHONE_DECRYPTION_FAILED: .+ Hint: .+\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expectNoKey(result, otherKeys.privateKeyPem);
    expectNoKey(result, keys.privateKeyPem);
  });

  it.each<[string, (d: string) => string, RegExp]>([
    ['with a stray quote', (d) => `${d}"`, /^The phone data is not base64: it holds '"', which no base64 alphabet has/],
    ['a "+" that became a space', (d) => d.replace(/\+/g, ' '), /^The phone data has spaces where base64 has "\+": something URL-decoded it on the way/],
    ['in the URL-safe alphabet', (d) => d.replace(/\+/g, '-').replace(/\//g, '_'), /^The phone data uses the URL-safe base64 alphabet \(- and _\)/],
    ['cut short', (d) => d.slice(0, 100), /^The phone data decodes to 75 bytes, not the 256 of an RSA ciphertext under this 2048-bit key/],
  ])('says exactly what is wrong with data %s (DOUYIN_PHONE_DATA_INVALID), exit 1', async (_title, damage, message) => {
    const result = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`], damage(data));
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    const [line = ''] = result.stderr.split('\n');
    expect(line.replace(/^phonekit: DOUYIN_PHONE_DATA_INVALID: /, '')).toMatch(message);
  });

  it('exits 2 with DOUYIN_PRIVATE_KEY_INVALID for a public key, and for a file that is not there', async () => {
    const publicKey = await decryptPhone(['--private-key', `@${keys.publicKeyPath}`], data);
    expect(publicKey.code).toBe(EXIT_CODES.usage);
    expect(publicKey.stdout).toBe('');
    expect(publicKey.stderr).toMatch(/^phonekit: DOUYIN_PRIVATE_KEY_INVALID: .* Hint: .*--private-key/);
    const missing = await decryptPhone(['--private-key', '@no-such-douyin-key.pem'], data);
    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(missing.stderr).toMatch(/^phonekit: DOUYIN_PRIVATE_KEY_INVALID: Cannot read the key \(--private-key\): there is no file at "no-such-douyin-key\.pem"/);
  });

  it('exits 2 for a damaged PEM given as text, without echoing any of it', async () => {
    const damaged = keys.privateKeyPem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    const path = join(temp.dir, 'damaged.pem');
    writeFileSync(path, damaged);
    for (const option of [`--private-key=${damaged}`, `--private-key=@${path}`]) {
      const result = await decryptPhone([option], data);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toMatch(/^phonekit: DOUYIN_PRIVATE_KEY_INVALID: /);
      expectNoKey(result, damaged);
    }
  });

  it('exits 2 for an answer with an err_no, saying there is no data in it', async () => {
    const result = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`], JSON.stringify({ err_no: 28005187, err_tips: 'code expired', log_id: 'x' }));
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit douyin decrypt-phone: stdin is an error answer \(err_no "28005187", "code expired"\): there is no data to decrypt\./);
  });

  it('prints data that holds no phone, and says so on stderr, exit 0', async () => {
    const other = douyinEncrypt(JSON.stringify({ openid: 'o-1', watermark: { appid: APP_ID, timestamp: 1 } }), keys.publicKeyPath);
    const result = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`], other);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)['openid']).toBe('o-1');
    expect(result.stderr).toBe('phonekit douyin decrypt-phone: decrypted, but there is no phone number in it (no purePhoneNumber and countryCode; its fields: openid, watermark). It is not the data of a get_phonenumber_info answer.\n');
  });

  it.each<[string, readonly string[], RegExp]>([
    ['--private-key is missing', [], /--private-key is required/],
    ['a PEM follows --private-key as a separate argument (it starts with dashes)', ['--private-key', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'], /Option '--private-key' argument is ambiguous/],
    ['--app-id is empty', ['--private-key', 'K', '--app-id', ' '], /--app-id is empty/],
    ['a positional argument is given', ['--private-key', 'K', 'extra'], /unexpected argument/],
    ['--session-key is given (it is the legacy flow\'s)', ['--private-key', 'K', '--session-key', 'S'], /unknown option --session-key/],
  ])('exits 2 with the usage on stderr when %s', async (_title, argv, message) => {
    const result = await decryptPhone(argv, data);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Usage: phonekit douyin decrypt-phone --private-key KEY \[--app-id ID\] < data/);
    expect(result.stderr).not.toMatch(/BEGIN PRIVATE KEY|MIIE/);
  });

  it('exits 2 when stdin is empty or not the data', async () => {
    const empty = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`], '');
    expect(empty.code).toBe(EXIT_CODES.usage);
    expect(empty.stderr).toMatch(/nothing arrived on stdin/);
    const other = await decryptPhone(['--private-key', `@${keys.privateKeyPath}`], '{"err_no": 0}');
    expect(other.code).toBe(EXIT_CODES.usage);
    expect(other.stderr).toMatch(/stdin must be the "data"/);
  });

  it('prints its help on stdout for --help', async () => {
    const result = await runPhonekit(['douyin', 'decrypt-phone', '--help']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/^Usage: phonekit douyin decrypt-phone --private-key KEY \[--app-id ID\] < data\n/);
  });
});
