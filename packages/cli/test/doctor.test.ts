import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Finding } from '../src/commands/doctor';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { makeExpiredCertificate, makeLeafAndCa, makeOpensslAlipayKeys, openssl, type OpensslAlipayKeys } from './support/openssl';
import { makeTempDir, parseOneJson, runPhonekit, type RunResult } from './support/run';

let temp: ReturnType<typeof makeTempDir>;
let keys: OpensslAlipayKeys;
let expiredCertificatePath: string;

beforeAll(() => {
  temp = makeTempDir('doctor');
  keys = makeOpensslAlipayKeys(temp.dir);
  expiredCertificatePath = makeExpiredCertificate(join(temp.dir, 'ca'), keys.privateKeyPath);
});
afterAll(() => temp.remove());

const doctor = (args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> => runPhonekit(['doctor', ...args], { env });

/** The finding lines of one check, in the text output. */
function lines(result: RunResult, check: string): string[] {
  return result.stdout.split('\n').filter((line) => new RegExp(`^[✔✘ℹ] ${check}\\b`).test(line));
}

function expectNoSecrets(result: RunResult): void {
  expect(result.stdout + result.stderr).not.toContain(keys.aesKeyBase64);
  expect(result.stdout + result.stderr).not.toContain(keys.aesKeyHex);
  expect(result.stdout + result.stderr).not.toContain(keys.privateKeyPem.split('\n')[3] ?? 'unused');
}

describe('phonekit doctor', () => {
  describe('with a sound configuration', () => {
    it('marks each check ✔, says what it cannot tell offline, and exits 0', async () => {
      const result = await doctor(['--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'public key')[0]).toMatch(/^✔ public key \(--public-key\): SPKI, bare base64, 2048-bit RSA: the form the Alipay console shows\.$/);
      expect(lines(result, 'AES key')).toEqual(['✔ AES key (--aes-key): AES-128, 16 bytes: the usual key from 接口内容加密方式.']);
      expect(lines(result, 'sign type')).toEqual(['✔ sign type: RSA2 (SHA256withRSA), the default.']);
      expect(result.stdout).toMatch(/^ℹ public key \(--public-key\): doctor cannot tell offline whether this is the Alipay public key \(支付宝公钥\) or your application public key.*phonekit alipay inspect/m);
      expect(result.stdout).not.toMatch(/^✘/m);
      expect(result.stdout).toMatch(/No problems found\.\n$/);
      expectNoSecrets(result);
    });

    it('takes its defaults from ALIPAY_PUBLIC_KEY, ALIPAY_AES_KEY and ALIPAY_SIGN_TYPE', async () => {
      const result = await doctor([], { ALIPAY_APP_ID: '2021000000000001', ALIPAY_PUBLIC_KEY: keys.publicKeyPath, ALIPAY_AES_KEY: keys.aesKeyBase64, ALIPAY_SIGN_TYPE: 'RSA2' });
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(result.stdout).toMatch(/^app 2021000000000001 \(options and environment\)$/m);
      expect(lines(result, 'public key')[0]).toMatch(/\(ALIPAY_PUBLIC_KEY\): SPKI PEM.*read from/);
      expect(lines(result, 'sign type')).toEqual(['✔ sign type (ALIPAY_SIGN_TYPE): RSA2 (SHA256withRSA).']);
    });

    it('lets options override the environment', async () => {
      const result = await doctor(['--aes-key', keys.aesKeyBase64], { ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: 'broken' });
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'AES key')[0]).toMatch(/^✔ AES key \(--aes-key\)/);
    });

    it('accepts PKCS#1 and says the console shows SPKI', async () => {
      const result = await doctor(['--public-key', `@${keys.publicKeyPkcs1Path}`, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'public key')[0]).toMatch(/^✔ .*PKCS#1 PEM \("BEGIN RSA PUBLIC KEY"\).*accepted, but the Alipay console shows SPKI/);
    });

    it('describes a certificate in certificate mode', async () => {
      const result = await doctor(['--public-key', keys.certificatePath, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'public key')[0]).toMatch(/^✔ .*certificate \(certificate mode\).*serial .*valid .* to /);
    });

    it('reads a lower-case sign type as the server does, and notes legacy RSA', async () => {
      const result = await doctor(['--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64, '--sign-type', 'rsa']);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'sign type')[0]).toMatch(/^✔ sign type \(--sign-type\): RSA \(SHA1withRSA, legacy\) \(written "rsa", read as RSA\)/);
    });
  });

  describe('naming the classic mistakes', () => {
    it('names an AES key of the wrong length and says what it looks like', async () => {
      const result = await doctor(['--public-key', keys.publicKeyBase64, '--aes-key', Buffer.alloc(20, 1).toString('base64')]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'AES key')[0]).toMatch(/^✘ AES key \(--aes-key\): .*20 bytes/);
      expect(result.stdout).toMatch(/1 problem found\.\n$/);
    });

    it('names a hex AES key', async () => {
      const result = await doctor(['--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyHex]);
      expect(lines(result, 'AES key')[0]).toMatch(/^✘ .*looks like hex \(32 hex digits\)/);
      expectNoSecrets(result);
    });

    it('names a private key in the public-key slot', async () => {
      const result = await doctor(['--public-key', keys.privateKeyPath, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')[0]).toMatch(/^✘ public key \(--public-key\): .*PRIVATE key/);
      expectNoSecrets(result);
    });

    it('names the AES key pasted into the public-key slot', async () => {
      const result = await doctor(['--public-key', keys.aesKeyBase64, '--aes-key', keys.aesKeyBase64]);
      expect(lines(result, 'public key')[0]).toMatch(/^✘ public key \(--public-key\): holds an AES key, not the Alipay public key/);
      expectNoSecrets(result);
    });

    it('names the two keys swapped', async () => {
      const result = await doctor(['--public-key', keys.aesKeyBase64, '--aes-key', keys.publicKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'AES key')[0]).toMatch(/^✘ AES key \(--aes-key\): holds an RSA public key/);
      expect(lines(result, 'config')).toEqual(['✘ config: --public-key and --aes-key are swapped: exchange the two values.']);
    });

    it('counts a leaf followed by the CA that issued it as two certificates, as alipayCertPublicKey_RSA2.crt ships', async () => {
      const { leafPem, caPem } = makeLeafAndCa(join(temp.dir, 'chain'), keys.privateKeyPath);
      const path = join(temp.dir, 'chain', 'alipayCertPublicKey_RSA2.crt');
      writeFileSync(path, `${leafPem}${caPem}`);
      const result = await doctor(['--public-key', path, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'public key')).toContain(
        '✔ public key (--public-key): the file holds 2 certificates: the one whose key is used (phonekit test Alipay public key) and the CA that issued it (phonekit test CA Class 2 R1), as Alipay ships alipayCertPublicKey_RSA2.crt.',
      );
      expect(result.stdout).not.toMatch(/holds one/);
    });

    it('notes certificates in the file that did not issue the first', async () => {
      const other = makeOpensslAlipayKeys(join(temp.dir, 'unrelated'), 'other');
      const path = join(temp.dir, 'two-unrelated.crt');
      writeFileSync(path, `${readFileSync(keys.certificatePath, 'utf8')}${readFileSync(other.certificatePath, 'utf8')}`);
      const result = await doctor(['--public-key', path, '--aes-key', keys.aesKeyBase64]);
      expect(lines(result, 'public key')).toContainEqual(
        expect.stringMatching(/^ℹ public key \(--public-key\): the file holds 2 certificates, and only the first \(phonekit test Alipay\) is used; the others did not issue it/),
      );
    });

    it('names an expired certificate', async () => {
      const result = await doctor(['--public-key', `@${expiredCertificatePath}`, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toMatch(/^✘ public key \(--public-key\): the certificate expired on Jan {1,2}1 00:00:00 2021 GMT: download the current alipayCertPublicKey_RSA2\.crt/m);
    });

    it('names a certificate that cannot be read', async () => {
      const path = join(temp.dir, 'broken.crt');
      writeFileSync(path, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
      const result = await doctor(['--public-key', path, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')[0]).toMatch(/^✘ public key \(--public-key\): .*certificate could not be read/);
    });

    it('names a certificate file that does not exist', async () => {
      const result = await doctor(['--public-key', join(temp.dir, 'missing', 'alipayCertPublicKey_RSA2.crt'), '--aes-key', keys.aesKeyBase64]);
      expect(lines(result, 'public key')[0]).toMatch(/^✘ .*no file at/);
    });

    it('names a sign type other than RSA2 or RSA', async () => {
      const result = await doctor(['--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64], { ALIPAY_SIGN_TYPE: 'RSA256' });
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'sign type')).toEqual(['✘ sign type (ALIPAY_SIGN_TYPE): "RSA256" is not a sign type: use RSA2 (SHA256withRSA, the console default) or RSA (SHA1withRSA, legacy).']);
    });

    it('does not echo a key pasted as the sign type', async () => {
      const result = await doctor(['--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64, '--sign-type', keys.aesKeyBase64]);
      expect(lines(result, 'sign type')[0]).toMatch(/A 24-character value is not a sign type/);
      expectNoSecrets(result);
    });

    it('names a missing AES key and a missing public key by the options the user gives keys with', async () => {
      const result = await doctor(['--sign-type', 'RSA2']);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')[0]).toMatch(/^✘ public key \(--public-key\): not set: .*Give --public-key the Alipay public key/);
      expect(lines(result, 'AES key')[0]).toMatch(/^✘ AES key \(--aes-key\): not set: Alipay always encrypts phone numbers\. Give --aes-key the AES key/);
    });

    it('with only --aes-key, names the missing public key by its option and no variable, nothing to restart', async () => {
      const result = await doctor(['--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')).toEqual([
        '✘ public key (--public-key): not set: signed payloads cannot be verified. Give --public-key the Alipay public key (支付宝公钥) from the Alipay console (开发设置 > 接口加签方式).',
      ]);
      expect(result.stdout).not.toMatch(/ALIPAY_|restart/i);
    });

    it('names missing keys by their variables when the others come from the environment', async () => {
      const result = await doctor([], { ALIPAY_AES_KEY: keys.aesKeyBase64 });
      expect(lines(result, 'public key')[0]).toMatch(/^✘ public key \(ALIPAY_PUBLIC_KEY\): not set: .*Give ALIPAY_PUBLIC_KEY the Alipay public key/);
    });

    it.each(['hello', 'abcdefghi', 'Zm9vYmFyYmF6c'])('does not call --aes-key %s (alphanumeric, 4n+1 characters) URL-safe', async (text) => {
      const result = await doctor(['--public-key', keys.publicKeyBase64, '--aes-key', text]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      const [line] = lines(result, 'AES key');
      expect(line).toMatch(new RegExp(`^✘ AES key \\(--aes-key\\): The AES key is not base64: ${text.length} characters is one more than a whole number of 4-character groups`));
      expect(line).not.toMatch(/URL-safe/);
    });

    it('names the Alipay root bundle (an SM2 root first) given as the public key', async () => {
      const sm2Key = join(temp.dir, 'sm2-root.key');
      const rsaKey = join(temp.dir, 'rsa-root.key');
      openssl(['genpkey', '-algorithm', 'SM2', '-out', sm2Key]);
      openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', rsaKey]);
      const sm2 = openssl(['req', '-x509', '-new', '-key', sm2Key, '-sm3', '-days', '30', '-subj', '/C=CN/O=NRCAC/CN=ROOTCA']).toString('utf8');
      const rsa = openssl(['req', '-x509', '-new', '-key', rsaKey, '-days', '30', '-subj', '/C=CN/O=Ant Financial/CN=Ant Financial Certification Authority R1']).toString('utf8');
      const path = join(temp.dir, 'root', 'alipayRootCert.crt');
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${sm2}${rsa}`);
      const result = await doctor(['--public-key', path, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')[0]).toMatch(/^✘ public key \(--public-key\): This is the Alipay ROOT certificate \(alipayRootCert\.crt\).*use alipayCertPublicKey_RSA2\.crt/);
    });

    it('exits 1 when there is nothing to check', async () => {
      const result = await doctor([]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toMatch(/^✘ config: no Alipay keys to check/m);
    });
  });

  describe('with a config file', () => {
    it('checks every app, resolving key paths from the file, and notes allowUnsigned', async () => {
      const path = join(temp.dir, 'phonekit.json');
      writeFileSync(
        path,
        JSON.stringify({
          alipay: {
            apps: [
              { appId: '2021000000000001', publicKey: 'alipay-public.pem', aesKey: keys.aesKeyBase64 },
              { appId: '2021000000000002', publicKey: `@${keys.certificatePath}`, aesKey: '@alipay-aes.key', signType: 'RSA2', allowUnsigned: true },
            ],
          },
        }),
      );
      const result = await doctor(['--config', path]);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(result.stdout).toMatch(/^app 2021000000000001 \(.*phonekit\.json\)$/m);
      expect(result.stdout).toMatch(/^app 2021000000000002 \(.*phonekit\.json\)$/m);
      expect(result.stdout).toMatch(/^✔ public key \(alipay\.apps\[0\]\.publicKey\): SPKI PEM/m);
      expect(result.stdout).toMatch(/^✔ AES key \(alipay\.apps\[1\]\.aesKey\): AES-128/m);
      expect(result.stdout).toMatch(/^ℹ unsigned payloads \(alipay\.apps\[1\]\.allowUnsigned\): on: .*Development only/m);
      expectNoSecrets(result);
    });

    it('reads PHONEKIT_CONFIG and names a duplicate appId', async () => {
      const path = join(temp.dir, 'duplicate.json');
      const app = { appId: '2021000000000001', publicKey: keys.publicKeyBase64, aesKey: keys.aesKeyBase64 };
      writeFileSync(path, JSON.stringify({ alipay: { apps: [app, app] } }));
      const result = await doctor([], { PHONEKIT_CONFIG: path });
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toMatch(/^✘ config: appId 2021000000000001 is configured more than once/m);
    });

    it.each([
      ['is not JSON', '{"alipay": ', /^✘ config \(.*\): is not valid JSON\.$/m],
      ['has no apps', '{"alipay": {"apps": []}}', /^✘ config \(.*\): no apps: expected/m],
      ['has an app without appId', '{"alipay": {"apps": [{"publicKey": "x"}]}}', /^✘ config \(.* alipay\.apps\[0\]\): no appId/m],
      ['has a key that is not a string', '{"alipay": {"apps": [{"appId": "1", "aesKey": 42}]}}', /^✘ config \(.* alipay\.apps\[0\]\): aesKey must be a string\.$/m],
      ['has allowUnsigned that is not a boolean', '{"alipay": {"apps": [{"appId": "1", "allowUnsigned": "yes"}]}}', /^✘ config \(.* alipay\.apps\[0\]\): allowUnsigned must be true or false\.$/m],
    ])('names a config file that %s', async (_title, content, message) => {
      const path = join(temp.dir, 'bad.json');
      writeFileSync(path, content);
      const result = await doctor(['--config', path]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toMatch(message);
    });

    it('names a config file that does not exist', async () => {
      const result = await doctor(['--config', join(temp.dir, 'missing.json')]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toMatch(/^✘ config \(.*missing\.json\): cannot be read\.$/m);
    });
  });

  describe('--json', () => {
    it('prints {ok, problems, findings} with one entry per finding', async () => {
      const result = await doctor(['--json', '--public-key', keys.privateKeyPath, '--aes-key', keys.aesKeyBase64]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      const out = parseOneJson<{ ok: boolean; problems: number; findings: Finding[] }>(result.stdout);
      expect(out.ok).toBe(false);
      expect(out.problems).toBe(1);
      expect(out.findings).toContainEqual({
        app: 'app (options and environment)',
        check: 'public-key',
        setting: '--public-key',
        status: 'problem',
        message: expect.stringMatching(/PRIVATE key/),
      });
      expect(out.findings.map((f) => f.status)).toEqual(['problem', 'ok', 'ok']);
      expectNoSecrets(result);
    });
  });

  it('exits 2 for an unknown option', async () => {
    const result = await doctor(['--public', 'x']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit doctor: unknown option --public\./);
  });
});
