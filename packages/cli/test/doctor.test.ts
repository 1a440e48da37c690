import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Finding } from '../src/commands/doctor';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { makeExpiredCertificate, makeLeafAndCa, makeOpensslAlipayKeys, openssl, type OpensslAlipayKeys } from './support/openssl';
import { makeOpensslAppLoginKeys, opensslAlipayCertSn, wrapped, type OpensslAppLoginKeys } from './support/openssl-login';
import { makeTempDir, parseOneJson, runPhonekit, type RunResult } from './support/run';

let temp: ReturnType<typeof makeTempDir>;
let keys: OpensslAlipayKeys;
let expiredCertificatePath: string;
let app: OpensslAppLoginKeys;

beforeAll(() => {
  temp = makeTempDir('doctor');
  keys = makeOpensslAlipayKeys(temp.dir);
  expiredCertificatePath = makeExpiredCertificate(join(temp.dir, 'ca'), keys.privateKeyPath);
  app = makeOpensslAppLoginKeys(join(temp.dir, 'app'));
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
  // The application private key, in every form: a PEM line, and pieces of the bare base64 (PKCS#8 and PKCS#1).
  const output = result.stdout + result.stderr;
  expect(output).not.toContain(app.privateKeyPem.split('\n')[3] ?? 'unused');
  for (const base64 of [app.privateKeyBase64, app.privateKeyPkcs1Base64]) {
    expect(output).not.toContain(base64.slice(0, 40));
    expect(output).not.toContain(base64.slice(600, 640));
  }
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

  describe('the Alipay login (ALIPAY_APP_PRIVATE_KEY, certificate mode)', () => {
    const APP_ID = '2021000000000001';
    /** The server's environment for a login in public key mode, with the given overrides. */
    const loginEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
      ALIPAY_APP_ID: APP_ID,
      ALIPAY_PUBLIC_KEY: keys.publicKeyBase64,
      ALIPAY_AES_KEY: keys.aesKeyBase64,
      ALIPAY_APP_PRIVATE_KEY: app.privateKeyPath,
      ...overrides,
    });

    it('accepts a PKCS#8 PEM private key, says its public half is not the Alipay key, and exits 0', async () => {
      const result = await doctor([], loginEnv());
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'app private key')).toEqual([
        `✔ app private key (ALIPAY_APP_PRIVATE_KEY): PKCS#8 PEM ("BEGIN PRIVATE KEY"), 2048-bit RSA (read from ${app.privateKeyPath}): accepted.`,
        '✔ app private key (ALIPAY_APP_PRIVATE_KEY): its public half is not ALIPAY_PUBLIC_KEY: the Alipay key is not your own application public key pasted in its place.',
      ]);
      expect(lines(result, 'login')).toEqual([]);
      expect(result.stdout).toMatch(/No problems found\.\n$/);
      expectNoSecrets(result);
    });

    it('names the bare base64 PKCS#8 form, and base64 written over several lines', async () => {
      const oneLine = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: app.privateKeyBase64 }));
      expect(oneLine.code).toBe(EXIT_CODES.ok);
      expect(lines(oneLine, 'app private key')[0]).toBe('✔ app private key (ALIPAY_APP_PRIVATE_KEY): PKCS#8, bare base64, 2048-bit RSA: the key tool\'s "PKCS8(Java适用)" form.');
      const text = wrapped(app.privateKeyBase64);
      const breaks = text.split('\n').length - 1;
      const multiLine = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: `${text.replace('\n', ' \n')}\n` }));
      expect(multiLine.code).toBe(EXIT_CODES.ok);
      expect(lines(multiLine, 'app private key')[0]).toBe(
        `✔ app private key (ALIPAY_APP_PRIVATE_KEY): PKCS#8, bare base64, written with ${breaks} line breaks and 1 space inside (accepted: whitespace in base64 is ignored), 2048-bit RSA: the key tool's "PKCS8(Java适用)" form.`,
      );
      expectNoSecrets(oneLine);
      expectNoSecrets(multiLine);
    });

    it('accepts PKCS#1, as PEM and as bare base64, and says which it is', async () => {
      const pem = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: `@${app.privateKeyPkcs1Path}` }));
      expect(pem.code).toBe(EXIT_CODES.ok);
      expect(lines(pem, 'app private key')[0]).toBe(
        `✔ app private key (ALIPAY_APP_PRIVATE_KEY): PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), 2048-bit RSA (read from ${app.privateKeyPkcs1Path}): accepted (the server reads PKCS#1 and PKCS#8 alike).`,
      );
      const base64 = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: app.privateKeyPkcs1Base64 }));
      expect(base64.code).toBe(EXIT_CODES.ok);
      expect(lines(base64, 'app private key')[0]).toBe(
        '✔ app private key (ALIPAY_APP_PRIVATE_KEY): PKCS#1, bare base64, 2048-bit RSA: accepted (the server reads PKCS#1 and PKCS#8 alike); this is the key tool\'s "PKCS1(非Java适用)" form.',
      );
      expectNoSecrets(pem);
      expectNoSecrets(base64);
    });

    it('names a public key given as the private key', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: app.publicKeyBase64 }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'app private key')).toEqual([
        '✘ app private key (ALIPAY_APP_PRIVATE_KEY): holds an RSA public key (SPKI, bare base64), not a private key: requests are signed with the application private key (应用私钥), the other half of the pair the Alipay key tool (支付宝开放平台密钥工具) made. Its public half (应用公钥) is what you upload to the console; the Alipay public key (支付宝公钥) goes in ALIPAY_PUBLIC_KEY.',
      ]);
      expect(result.stdout).toMatch(/1 problem found\.\n$/);
    });

    it('names a certificate, and the AES key, given as the private key', async () => {
      const certificate = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: app.appCertPath }));
      expect(certificate.code).toBe(EXIT_CODES.rejected);
      expect(lines(certificate, 'app private key')[0]).toMatch(
        new RegExp(`^✘ app private key \\(ALIPAY_APP_PRIVATE_KEY\\): holds a certificate \\(CN=${APP_ID}\\), not a private key\\. Certificates go in ALIPAY_APP_CERT_PATH \\(appCertPublicKey_<appId>\\.crt\\), ALIPAY_ROOT_CERT_PATH`),
      );
      const aes = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: keys.aesKeyBase64 }));
      expect(lines(aes, 'app private key')[0]).toMatch(/^✘ app private key \(ALIPAY_APP_PRIVATE_KEY\): holds an AES key, not the application private key/);
      expectNoSecrets(aes);
    });

    it('names the app public key pasted as ALIPAY_PUBLIC_KEY', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: app.publicKeyBase64 }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')).toContain(
        "✘ public key (ALIPAY_PUBLIC_KEY): is the public half of ALIPAY_APP_PRIVATE_KEY: that is your app's public key (应用公钥), which you upload to Alipay. ALIPAY_PUBLIC_KEY must be the Alipay public key (支付宝公钥) the console shows after you upload it (开发设置 > 接口加签方式 > 查看). (Or ALIPAY_APP_PRIVATE_KEY is the Alipay private key, and this configuration signs as Alipay: only the sandbox holds that key.) The server refuses to start with this.",
      );
      expect(lines(result, 'app private key')).toHaveLength(1);
      expect(result.stdout).toMatch(/1 problem found\.\n$/);
      expectNoSecrets(result);
    });

    it('names the Alipay private key configured as the app private key (the sandbox situation) the same way', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_APP_PRIVATE_KEY: keys.privateKeyPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')).toContainEqual(expect.stringMatching(/^✘ public key \(ALIPAY_PUBLIC_KEY\): is the public half of ALIPAY_APP_PRIVATE_KEY: .*signs as Alipay: only the sandbox holds that key/));
      expectNoSecrets(result);
    });

    it('in certificate mode, shows app_cert_sn and alipay_root_cert_sn as the SDKs compute them', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: app.appCertPath, ALIPAY_ROOT_CERT_PATH: app.rootCertPath }));
      expect(result.code).toBe(EXIT_CODES.ok);
      const [appCert] = lines(result, 'app certificate');
      expect(appCert).toMatch(new RegExp(`^✔ app certificate \\(ALIPAY_APP_CERT_PATH\\): ${APP_ID}, valid .+ to .+ \\(read from .+\\); app_cert_sn ${opensslAlipayCertSn(app.appCertPath)}\\.$`));
      expect(lines(result, 'root certificate')).toEqual([
        `✔ root certificate (ALIPAY_ROOT_CERT_PATH): 1 certificate, 1 RSA-signed (read from ${app.rootCertPath}); alipay_root_cert_sn ${opensslAlipayCertSn(app.rootCertPath)}.`,
      ]);
      expect(result.stdout).toMatch(/No problems found\.\n$/);
      expectNoSecrets(result);
    });

    it('names the mismatched app certificate: the app private key does not match it', async () => {
      const other = makeOpensslAppLoginKeys(join(temp.dir, 'other-app'));
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: other.appCertPath, ALIPAY_ROOT_CERT_PATH: app.rootCertPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'app certificate')[0]).toBe(
        `✘ app certificate (ALIPAY_APP_CERT_PATH): the app private key does not match the app certificate: ALIPAY_APP_CERT_PATH (${APP_ID}) certifies another key than ALIPAY_APP_PRIVATE_KEY. Give the appCertPublicKey_<appId>.crt the console issued for this key pair, or set ALIPAY_APP_PRIVATE_KEY to the private key whose CSR the certificate was issued for. The server refuses to start with this.`,
      );
      expect(result.stdout).toMatch(/1 problem found\.\n$/);
    });

    it('names the Alipay public key certificate given as the app certificate', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: keys.certificatePath, ALIPAY_ROOT_CERT_PATH: app.rootCertPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'app certificate')[0]).toMatch(/^✘ app certificate \(ALIPAY_APP_CERT_PATH\): the app private key does not match the app certificate: .*it certifies the Alipay public key \(it is alipayCertPublicKey_RSA2\.crt, which goes in ALIPAY_PUBLIC_KEY\)/);
    });

    it('names the two certificate paths swapped', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: app.rootCertPath, ALIPAY_ROOT_CERT_PATH: app.appCertPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'root certificate')).toEqual([
        "✘ root certificate (ALIPAY_ROOT_CERT_PATH): holds the app certificate (of ALIPAY_APP_PRIVATE_KEY's key), not Alipay's root bundle: give alipayRootCert.crt here (if ALIPAY_APP_CERT_PATH holds the root, the two paths are swapped).",
      ]);
    });

    it.each([
      ['ALIPAY_APP_CERT_PATH', 'ALIPAY_ROOT_CERT_PATH', 'root certificate'],
      ['ALIPAY_ROOT_CERT_PATH', 'ALIPAY_APP_CERT_PATH', 'app certificate'],
    ])('names %s given without %s', async (given, missing, check) => {
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, [given]: given === 'ALIPAY_APP_CERT_PATH' ? app.appCertPath : app.rootCertPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, check)).toEqual([
        `✘ ${check} (${missing}): not set, but ${given} is: certificate mode (公钥证书) needs both appCertPublicKey_<appId>.crt (ALIPAY_APP_CERT_PATH) and alipayRootCert.crt (ALIPAY_ROOT_CERT_PATH), or neither (public key mode). The server refuses to start with one alone.`,
      ]);
    });

    it('names an expired app certificate with its expiry date', async () => {
      const expiredAppCert = makeExpiredCertificate(join(temp.dir, 'expired-app'), app.privateKeyPath);
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: expiredAppCert, ALIPAY_ROOT_CERT_PATH: app.rootCertPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'app certificate')).toContainEqual(
        expect.stringMatching(/^✘ app certificate \(ALIPAY_APP_CERT_PATH\): the certificate expired on Jan {1,2}1 00:00:00 2021 GMT: download the new appCertPublicKey_<appId>\.crt from the Alipay console/),
      );
      expect(result.stdout).toMatch(/1 problem found\.\n$/);
    });

    it('names an expired certificate in the root bundle', async () => {
      const path = join(temp.dir, 'expired-root.crt');
      writeFileSync(path, `${readFileSync(app.rootCertPath, 'utf8')}${readFileSync(expiredCertificatePath, 'utf8')}`);
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: app.appCertPath, ALIPAY_ROOT_CERT_PATH: path }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      // Both RSA-signed, so both in alipay_root_cert_sn, in file order.
      expect(lines(result, 'root certificate')[0]).toBe(
        `✔ root certificate (ALIPAY_ROOT_CERT_PATH): 2 certificates, 2 RSA-signed (read from ${path}); alipay_root_cert_sn ${opensslAlipayCertSn(app.rootCertPath)}_${opensslAlipayCertSn(expiredCertificatePath)}.`,
      );
      expect(lines(result, 'root certificate')).toContain(
        '✘ root certificate (ALIPAY_ROOT_CERT_PATH): certificate 2 (phonekit expired): the certificate expired on Jan  1 00:00:00 2021 GMT: download the current alipayRootCert.crt from the Alipay console.',
      );
    });

    it('names a private key in a certificate path, without echoing it', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: app.privateKeyPath, ALIPAY_ROOT_CERT_PATH: app.rootCertPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'app certificate')).toEqual([
        '✘ app certificate (ALIPAY_APP_CERT_PATH): holds a private key, not a certificate: this setting takes appCertPublicKey_<appId>.crt, and a private key must never be copied beside certificates.',
      ]);
      expectNoSecrets(result);
    });

    it('names a certificate path with no file, with the path tried', async () => {
      const missing = join(temp.dir, 'nowhere', 'alipayRootCert.crt');
      const result = await doctor([], loginEnv({ ALIPAY_PUBLIC_KEY: keys.certificatePath, ALIPAY_APP_CERT_PATH: app.appCertPath, ALIPAY_ROOT_CERT_PATH: missing }));
      expect(lines(result, 'root certificate')[0]).toMatch(new RegExp(`^✘ root certificate \\(ALIPAY_ROOT_CERT_PATH\\): cannot be read: there is no file at "${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`));
    });

    it('names a bare Alipay public key in certificate mode', async () => {
      const result = await doctor([], loginEnv({ ALIPAY_APP_CERT_PATH: app.appCertPath, ALIPAY_ROOT_CERT_PATH: app.rootCertPath }));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'public key')).toContainEqual(expect.stringMatching(/^✘ public key \(ALIPAY_PUBLIC_KEY\): must be the Alipay public key certificate \(alipayCertPublicKey_RSA2\.crt\) in certificate mode/));
    });

    it('names a login without a digits appId', async () => {
      const { ALIPAY_APP_ID: _appId, ...withoutAppId } = loginEnv();
      const result = await doctor([], withoutAppId);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'login')).toEqual([
        '✘ login (ALIPAY_APP_ID): not set: the login needs the appId (ALIPAY_APP_PRIVATE_KEY is set), since alipay.system.oauth.token names the app by it: the digits the Alipay console shows (16 for a mini-program). The server refuses to start without it.',
      ]);
    });

    it('says the login is off, as the server answers it, when no private key is set', async () => {
      const { ALIPAY_APP_PRIVATE_KEY: _key, ...withoutKey } = loginEnv();
      const result = await doctor([], withoutKey);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'login')).toEqual([
        'ℹ login (ALIPAY_APP_PRIVATE_KEY): not set: the Alipay login is off, and POST /api/alipay/login answers 503 ALIPAY_LOGIN_NOT_CONFIGURED until ALIPAY_APP_PRIVATE_KEY holds the application private key (应用私钥) whose public half is uploaded under 接口加签方式. The phone-number route works without it.',
      ]);
    });

    it('names a certificate path without a private key: the server refuses that', async () => {
      const { ALIPAY_APP_PRIVATE_KEY: _key, ...withoutKey } = loginEnv();
      const result = await doctor([], { ...withoutKey, ALIPAY_APP_CERT_PATH: app.appCertPath });
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(lines(result, 'app certificate')).toEqual([
        '✘ app certificate (ALIPAY_APP_CERT_PATH): is only used by the login, which needs ALIPAY_APP_PRIVATE_KEY (应用私钥) too: the server refuses to start with it alone. Set ALIPAY_APP_PRIVATE_KEY, or remove ALIPAY_APP_CERT_PATH.',
      ]);
      expect(lines(result, 'login')).toEqual([]);
    });

    it('checks the login keys given as options', async () => {
      const result = await doctor(
        ['--public-key', keys.certificatePath, '--aes-key', keys.aesKeyBase64, '--app-private-key', `@${app.privateKeyPath}`, '--app-cert', app.appCertPath, '--root-cert', app.rootCertPath],
        { ALIPAY_APP_ID: APP_ID },
      );
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(lines(result, 'app private key')[0]).toMatch(/^✔ app private key \(--app-private-key\): PKCS#8 PEM/);
      expect(lines(result, 'app certificate')[0]).toMatch(new RegExp(`^✔ app certificate \\(--app-cert\\): .*app_cert_sn ${opensslAlipayCertSn(app.appCertPath)}\\.$`));
      expect(lines(result, 'root certificate')[0]).toMatch(new RegExp(`^✔ root certificate \\(--root-cert\\): .*alipay_root_cert_sn ${opensslAlipayCertSn(app.rootCertPath)}\\.$`));
      expectNoSecrets(result);
    });

    it('checks a config file app\'s appPrivateKey and certificate paths, relative to the file', async () => {
      const path = join(app.dir, 'phonekit.json');
      writeFileSync(
        path,
        JSON.stringify({
          alipay: {
            apps: [
              { appId: APP_ID, publicKey: keys.certificatePath, aesKey: keys.aesKeyBase64, appPrivateKey: 'app-private-pkcs1.pem', appCertPath: `appCertPublicKey_${APP_ID}.crt`, alipayRootCertPath: 'alipayRootCert.crt' },
              { appId: '2021000000000002', publicKey: app.publicKeyBase64, aesKey: keys.aesKeyBase64, appPrivateKey: '@app-private.pem' },
            ],
          },
        }),
      );
      const result = await doctor(['--json', '--config', path]);
      expect(result.code).toBe(EXIT_CODES.rejected);
      const out = parseOneJson<{ ok: boolean; problems: number; findings: Finding[] }>(result.stdout);
      expect(out.problems).toBe(1);
      expect(out.findings).toContainEqual(expect.objectContaining({ check: 'app-private-key', setting: 'alipay.apps[0].appPrivateKey', status: 'ok', message: expect.stringMatching(/^PKCS#1 PEM/) }));
      expect(out.findings).toContainEqual(expect.objectContaining({ check: 'app-cert', setting: 'alipay.apps[0].appCertPath', status: 'ok', message: expect.stringContaining(`app_cert_sn ${opensslAlipayCertSn(app.appCertPath)}`) }));
      expect(out.findings).toContainEqual(expect.objectContaining({ check: 'root-cert', setting: 'alipay.apps[0].alipayRootCertPath', status: 'ok' }));
      expect(out.findings).toContainEqual({
        app: `app 2021000000000002 (${path})`,
        check: 'public-key',
        setting: 'alipay.apps[1].publicKey',
        status: 'problem',
        message: expect.stringMatching(/^is the public half of alipay\.apps\[1\]\.appPrivateKey: that is your app's public key/),
      });
      expectNoSecrets(result);
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
      ['is not JSON', '{"alipay": ', /^✘ config \((.*)\): is not valid JSON \(\1\)\.$/m],
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
      expect(result.stdout).toMatch(/^✘ config \((.*missing\.json)\): there is no file at \1: give the path of the JSON file, absolute or from the folder the command was run in\.$/m);
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
      // The last: the login's keys were not given, so not checked.
      expect(out.findings.map((f) => f.status)).toEqual(['problem', 'ok', 'ok', 'note']);
      expectNoSecrets(result);
    });
  });

  it('exits 2 for an unknown option', async () => {
    const result = await doctor(['--public', 'x']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit doctor: unknown option --public\./);
  });
});
