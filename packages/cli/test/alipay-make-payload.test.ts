import { join } from 'node:path';
import type { InspectJson } from '../src/commands/alipay-inspect';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { makeOpensslAlipayKeys, openssl, opensslDecrypt, opensslVerify, type OpensslAlipayKeys } from './support/openssl';
import { makeTempDir, parseOneJson, runPhonekit, type RunResult } from './support/run';

let temp: ReturnType<typeof makeTempDir>;
let keys: OpensslAlipayKeys;

beforeAll(() => {
  temp = makeTempDir('make-payload');
  keys = makeOpensslAlipayKeys(temp.dir);
});
afterAll(() => temp.remove());

const makePayload = (args: readonly string[]): Promise<RunResult> => runPhonekit(['alipay', 'make-payload', ...args]);
const withKeys = (): string[] => ['--private-key', `@${keys.privateKeyPath}`, '--aes-key', `@${keys.aesKeyPath}`];

/** The printed res.response, parsed: stdout must be exactly that one JSON text and a newline. */
function printed(result: RunResult): { response: string; sign: string; sign_type: string; encrypt_type: string; charset: string } {
  expect(result.stdout.endsWith('\n')).toBe(true);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return parseOneJson(result.stdout);
}

describe('phonekit alipay make-payload', () => {
  it('prints a res.response made with the keys given, which alipay inspect verifies and reads', async () => {
    const made = await makePayload(withKeys());
    expect(made.code).toBe(EXIT_CODES.ok);
    expect(made.stderr).toBe('');
    const inspected = await runPhonekit(['alipay', 'inspect', '--public-key', keys.publicKeyPath, '--aes-key', `@${keys.aesKeyPath}`], { stdin: made.stdout });
    expect(inspected.code).toBe(EXIT_CODES.ok);
    const out = parseOneJson<InspectJson>(inspected.stdout);
    expect(out.signature).toBe('valid');
    expect(out.phone).toMatchObject({ mobile: '13811112222', e164: '+8613811112222' });
  });

  it('is byte for byte what Alipay sends: openssl verifies the sign over the quoted ciphertext and decrypts the body', async () => {
    const payload = printed(await makePayload([...withKeys(), '--mobile', '13900001111']));
    expect(Object.keys(payload)).toEqual(['response', 'sign', 'sign_type', 'encrypt_type', 'charset']);
    expect(payload).toMatchObject({ sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' });
    expect(opensslVerify(`"${payload.response}"`, payload.sign, keys.publicKeyPath, 'RSA2')).toBe(true);
    expect(opensslDecrypt(payload.response, keys.aesKeyHex)).toBe('{"code":"10000","msg":"Success","mobile":"13900001111"}');
  });

  it('signs SHA1withRSA with --sign-type RSA', async () => {
    const payload = printed(await makePayload([...withKeys(), '--sign-type', 'RSA']));
    expect(payload.sign_type).toBe('RSA');
    expect(opensslVerify(`"${payload.response}"`, payload.sign, keys.publicKeyPath, 'RSA')).toBe(true);
    expect(opensslVerify(`"${payload.response}"`, payload.sign, keys.publicKeyPath, 'RSA2')).toBe(false);
  });

  it('carries an overseas number as Alipay writes it', async () => {
    const made = await makePayload([...withKeys(), '--mobile', '1-1234432112']);
    const inspected = await runPhonekit(['alipay', 'inspect', '--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64], { stdin: made.stdout });
    expect(parseOneJson<InspectJson>(inspected.stdout).phone).toMatchObject({ countryCode: '1', nationalNumber: '1234432112' });
  });

  it('makes an Alipay error answer with --scenario', async () => {
    const made = await makePayload([...withKeys(), '--scenario', 'not-authorised']);
    const inspected = await runPhonekit(['alipay', 'inspect', '--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64], { stdin: made.stdout });
    expect(parseOneJson<InspectJson>(inspected.stdout).error).toMatchObject({ code: 'ALIPAY_NOT_AUTHORISED' });
  });

  it('takes the keys keys generate writes, and the server-side public key verifies it', async () => {
    const dir = join(temp.dir, 'generated');
    const generated = await runPhonekit(['keys', 'generate', '--out', dir, '--env', join(dir, '.env')]);
    expect(generated.code).toBe(EXIT_CODES.ok);
    const made = await makePayload(['--private-key', join(dir, 'alipay-private.pem'), '--aes-key', `@${join(dir, 'aes.key')}`]);
    expect(made.code).toBe(EXIT_CODES.ok);
    const inspected = await runPhonekit(['alipay', 'inspect', '--public-key', `@${join(dir, 'alipay-public.pem')}`, '--aes-key', `@${join(dir, 'aes.key')}`], { stdin: made.stdout });
    expect(parseOneJson<InspectJson>(inspected.stdout).signature).toBe('valid');
  });

  it('reads a PKCS#1 private key and a bare base64 one', async () => {
    const pkcs1 = openssl(['rsa', '-in', keys.privateKeyPath, '-traditional']).toString('utf8');
    const bare = openssl(['pkey', '-in', keys.privateKeyPath, '-outform', 'DER']).toString('base64');
    for (const privateKey of [`--private-key=${pkcs1}`, `--private-key=${bare}`]) {
      const payload = printed(await makePayload([privateKey, '--aes-key', keys.aesKeyBase64]));
      expect(opensslVerify(`"${payload.response}"`, payload.sign, keys.publicKeyPath)).toBe(true);
    }
  });

  it.each([
    ['no --private-key', ['--aes-key', 'AAAAAAAAAAAAAAAAAAAAAA=='], /--private-key is required/],
    ['no --aes-key', ['--private-key', 'x.pem'], /--aes-key is required/],
    ['a public key as --private-key', ['--private-key', '@PUBLIC', '--aes-key', 'AAAAAAAAAAAAAAAAAAAAAA=='], /--private-key: this is a PUBLIC key/],
    ['a bad --aes-key', ['--private-key', '@PRIVATE', '--aes-key', 'hello'], /--aes-key: The AES key is not base64/],
    ['a bad --mobile', ['--private-key', '@PRIVATE', '--aes-key', 'AAAAAAAAAAAAAAAAAAAAAA==', '--mobile', 'not-a-phone'], /--mobile must be a phone number/],
    ['a bad --sign-type', ['--private-key', '@PRIVATE', '--aes-key', 'AAAAAAAAAAAAAAAAAAAAAA==', '--sign-type', 'SM2'], /--sign-type must be RSA2 or RSA/],
    ['an unknown --scenario', ['--private-key', '@PRIVATE', '--aes-key', 'AAAAAAAAAAAAAAAAAAAAAA==', '--scenario', 'nope'], /--scenario must be one of success, /],
    ['a key file that does not exist', ['--private-key', '@nowhere/alipay-private.pem', '--aes-key', 'AAAAAAAAAAAAAAAAAAAAAA=='], /--private-key: there is no file at/],
  ])('exits 2 with usage on stderr for %s', async (_title, args, message) => {
    const resolved = args.map((arg) => (arg === '@PUBLIC' ? `@${keys.publicKeyPath}` : arg === '@PRIVATE' ? `@${keys.privateKeyPath}` : arg));
    const result = await makePayload(resolved);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(keys.privateKeyPem.split('\n')[2] ?? 'unused');
  });
});
