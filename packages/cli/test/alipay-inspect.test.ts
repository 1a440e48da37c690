import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAlipayEventDetail, buildAlipayPhoneResponse, generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';
import { alipayInspect, type InspectJson } from '../src/commands/alipay-inspect';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { makeOpensslAlipayKeys, opensslAlipayResponse, successBody, tamperSign, type OpensslAlipayKeys } from './support/openssl';
import { makeTempDir, parseOneJson, runPhonekit, type RunResult } from './support/run';

function report(result: RunResult): InspectJson {
  return parseOneJson<InspectJson>(result.stdout);
}

let temp: ReturnType<typeof makeTempDir>;
let keys: OpensslAlipayKeys;
let other: OpensslAlipayKeys;
let sandbox: AlipaySandboxKeys;
let payload: string;

beforeAll(() => {
  temp = makeTempDir('inspect');
  keys = makeOpensslAlipayKeys(temp.dir);
  other = makeOpensslAlipayKeys(join(temp.dir, 'other'), 'app');
  sandbox = generateAlipaySandboxKeys();
  payload = opensslAlipayResponse(keys, successBody('13811112222'));
});

afterAll(() => temp.remove());

/** Everything a run printed must be free of the secrets it was given. */
function expectNoSecrets(result: RunResult): void {
  const printed = result.stdout + result.stderr;
  for (const secret of [keys.aesKeyBase64, keys.aesKeyHex, sandbox.aesKeyBase64]) expect(printed).not.toContain(secret);
  for (const pem of [keys.privateKeyPem, sandbox.privateKeyPem]) {
    const body = pem.split('\n')[5] ?? 'unused';
    expect(printed).not.toContain(body);
  }
}

const inspect = (args: readonly string[], stdin: string): Promise<RunResult> => runPhonekit(['alipay', 'inspect', ...args], { stdin });

describe('phonekit alipay inspect', () => {
  describe('with a payload made by the openssl CLI', () => {
    it('verifies, decrypts and prints the phone with exit code 0', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(result.stderr).toBe('');
      const out = report(result);
      expect(out.signature).toBe('valid');
      expect(out.encrypted).toBe(true);
      expect(out.body).toEqual({ code: '10000', msg: 'Success', mobile: '13811112222' });
      expect(out.phone).toEqual({
        mobile: '13811112222',
        countryCode: '86',
        nationalNumber: '13811112222',
        e164: '+8613811112222',
        masked: '138****2222',
        valid: true,
        region: 'CN',
      });
      expect(out.error).toBeUndefined();
      expectNoSecrets(result);
    });

    it('never writes the full phone number into the diagnosis', async () => {
      const out = report(await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], payload));
      expect(out.diagnosis.join('\n')).not.toContain('13811112222');
      expect(out.diagnosis.join('\n')).toContain('138****2222');
    });

    it.each([
      ['an SPKI PEM file given as @file', (): string => `@${keys.publicKeyPath}`],
      ['an SPKI PEM file given as a plain path', (): string => keys.publicKeyPath],
      ['a PKCS#1 PEM file', (): string => `@${keys.publicKeyPkcs1Path}`],
      ['a certificate (certificate mode)', (): string => `@${keys.certificatePath}`],
    ])('accepts the public key as %s', async (_title, publicKey) => {
      const result = await inspect(['--aes-key', `@${keys.aesKeyPath}`, '--public-key', publicKey()], payload);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(report(result).signature).toBe('valid');
    });

    it('accepts a PEM given inline with --public-key=', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, `--public-key=${keys.publicKeyPem}`], payload);
      expect(report(result).signature).toBe('valid');
    });

    it('reports a tampered sign as invalid, does not decrypt, and exits 1', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], tamperSign(payload));
      expect(result.code).toBe(EXIT_CODES.rejected);
      const out = report(result);
      expect(out.signature).toBe('invalid');
      expect(out.body).toBeNull();
      expect(out.phone).toBeUndefined();
      expect(out.error?.code).toBe('SIGNATURE_INVALID');
    });

    it('reports a payload signed with the application key instead of Alipay\'s as invalid', async () => {
      const signedByApp = opensslAlipayResponse(keys, successBody(), { privateKeyPath: other.privateKeyPath });
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], signedByApp);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(report(result).diagnosis.join(' ')).toMatch(/public key/);
    });

    it('rejects a payload whose AES key is not the one given, after a valid signature', async () => {
      const result = await inspect(['--aes-key', other.aesKeyBase64, '--public-key', keys.publicKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.rejected);
      const out = report(result);
      expect(out.signature).toBe('valid');
      expect(out.body).toBeNull();
      expect(out.error?.code).toBe('DECRYPTION_FAILED');
      expect(out.diagnosis.join(' ')).toMatch(/AES key/);
    });

    it('verifies a legacy RSA (SHA1) signature when --sign-type RSA is given', async () => {
      const rsa = opensslAlipayResponse(keys, successBody(), { signType: 'RSA' });
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64, '--sign-type', 'RSA'], rsa);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(report(result).signature).toBe('valid');
    });

    it('refuses a payload whose sign_type differs from --sign-type', async () => {
      const rsa = opensslAlipayResponse(keys, successBody(), { signType: 'RSA' });
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], rsa);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(report(result).error?.code).toBe('SIGN_TYPE_MISMATCH');
    });
  });

  describe('with the sandbox scenarios', () => {
    const withSandboxKeys = (): string[] => ['--aes-key', sandbox.aesKeyBase64, '--public-key', sandbox.publicKeyBase64];

    it('reads an Alipay 40003 body behind a valid signature: exit 0, the error reported', async () => {
      const result = await inspect(withSandboxKeys(), buildAlipayPhoneResponse(sandbox, 'not-authorised'));
      expect(result.code).toBe(EXIT_CODES.ok);
      const out = report(result);
      expect(out.signature).toBe('valid');
      expect(out.body?.['code']).toBe('40003');
      expect(out.phone).toBeUndefined();
      expect(out.error).toMatchObject({ code: 'ALIPAY_NOT_AUTHORISED', upstream: { code: '40003', subCode: 'isv.invalid-auth-relations' } });
      expect(out.error?.hintZh).toMatch(/授权/);
    });

    it.each([
      ['busy', 'ALIPAY_BUSY'],
      ['missing-sign-type', 'ALIPAY_MISSING_SIGN_TYPE'],
      ['invalid-encrypt', 'ALIPAY_INVALID_ENCRYPT'],
      ['insufficient-permissions', 'ALIPAY_INSUFFICIENT_PERMISSIONS'],
      ['empty-mobile', 'NO_PHONE_BOUND'],
    ] as const)('reads the %s scenario with exit 0 and error %s', async (scenario, code) => {
      const result = await inspect(withSandboxKeys(), buildAlipayPhoneResponse(sandbox, scenario));
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(report(result).error?.code).toBe(code);
    });

    it('normalises an overseas number', async () => {
      const out = report(await inspect(withSandboxKeys(), buildAlipayPhoneResponse(sandbox, 'overseas')));
      expect(out.phone).toMatchObject({ mobile: '1-1234432112', countryCode: '1', nationalNumber: '1234432112', e164: '+11234432112' });
    });

    it('reports the tampered-sign scenario as invalid', async () => {
      const result = await inspect(withSandboxKeys(), buildAlipayPhoneResponse(sandbox, 'tampered-sign'));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(report(result).signature).toBe('invalid');
    });

    it('reads the button event variant {encryptedData, sign}', async () => {
      const detail = JSON.stringify(buildAlipayEventDetail(sandbox, { mobile: '13900001111' }));
      const out = report(await inspect(withSandboxKeys(), detail));
      expect(out.signature).toBe('valid');
      expect(out.phone?.e164).toBe('+8613900001111');
    });

    it('rejects an unsigned payload with exit 1 and says how to accept it', async () => {
      const result = await inspect(withSandboxKeys(), buildAlipayPhoneResponse(sandbox, 'unsigned'));
      expect(result.code).toBe(EXIT_CODES.rejected);
      const out = report(result);
      expect(out.signature).toBe('absent');
      expect(out.error?.code).toBe('SIGNATURE_MISSING');
      expect(out.phone).toBeUndefined();
      expect(out.diagnosis.join(' ')).toMatch(/--allow-unsigned/);
    });

    it('accepts an unsigned payload with --allow-unsigned', async () => {
      const result = await inspect([...withSandboxKeys(), '--allow-unsigned'], buildAlipayPhoneResponse(sandbox, 'unsigned'));
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(report(result).phone?.masked).toBe('138****2222');
    });

    it('reads the unencrypted 40001 missing-encrypt-key body without --aes-key', async () => {
      const result = await runPhonekit(['alipay', 'inspect', '--allow-unsigned'], { stdin: buildAlipayPhoneResponse(sandbox, 'missing-encrypt-key') });
      expect(result.code).toBe(EXIT_CODES.ok);
      const out = report(result);
      expect(out).toMatchObject({ signature: 'absent', encrypted: false, error: { code: 'ALIPAY_MISSING_ENCRYPT_KEY' } });
    });

    it('exits 1 for the unsigned 40001 body when unsigned payloads are not allowed', async () => {
      const result = await runPhonekit(['alipay', 'inspect'], { stdin: buildAlipayPhoneResponse(sandbox, 'missing-encrypt-key') });
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(report(result).body?.['code']).toBe('40001');
    });
  });

  describe('with keys that cannot be used', () => {
    it('names a private key given as --public-key, prints the JSON and exits 2', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', `@${keys.privateKeyPath}`], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      const out = report(result);
      expect(out).toMatchObject({ signature: 'unchecked', encrypted: true, body: null, error: { code: 'PUBLIC_KEY_INVALID' } });
      expect(out.error?.message).toMatch(/PRIVATE key/);
      expect(out.diagnosis[0]).toMatch(/^--public-key: /);
      expectNoSecrets(result);
    });

    it('names an AES key of the wrong length and exits 2', async () => {
      const result = await inspect(['--aes-key', Buffer.alloc(12, 7).toString('base64'), '--public-key', keys.publicKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      const out = report(result);
      expect(out.error?.code).toBe('AES_KEY_INVALID');
      expect(out.error?.message).toMatch(/12 bytes/);
    });

    it('names a hex AES key and exits 2', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyHex, '--public-key', keys.publicKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(report(result).error?.message).toMatch(/hex/);
      expectNoSecrets(result);
    });

    it('names the AES key pasted as --public-key', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.aesKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(report(result).error?.message).toMatch(/AES key/);
      expectNoSecrets(result);
    });

    it('reports a key file that does not exist', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', `@${join(temp.dir, 'nope.pem')}`], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(report(result).error?.message).toMatch(/no file at/);
    });

    it('asks for --aes-key when the response is encrypted and none was given', async () => {
      const result = await inspect(['--public-key', keys.publicKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      const out = report(result);
      expect(out.signature).toBe('valid');
      expect(out.error?.code).toBe('AES_KEY_MISSING');
      expect(out.diagnosis.join(' ')).toMatch(/Pass --aes-key/);
    });

    it('with only --aes-key, words every hint with the options given and names no variable, nothing to restart', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64], payload);
      const out = report(result);
      expect(out.error?.code).toBe('PUBLIC_KEY_MISSING');
      expect(out.error?.hint).toMatch(/^Pass --public-key with the Alipay public key/);
      expect(out.error?.hintZh).toMatch(/--public-key/);
      const words = [out.error?.message ?? '', out.error?.hint ?? '', out.error?.hintZh ?? '', ...out.diagnosis].join('\n');
      expect(words).not.toMatch(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b|restart|重启|configured|allowUnsigned/);
    });

    it('with only --public-key, asks for --aes-key in the hint too', async () => {
      const out = report(await inspect(['--public-key', keys.publicKeyBase64], payload));
      expect(out.error?.code).toBe('AES_KEY_MISSING');
      expect(out.error?.hint).toMatch(/^Pass --aes-key /);
      expect([out.error?.hint ?? '', ...out.diagnosis].join('\n')).not.toMatch(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b|restart|configured/);
    });

    it('names --allow-unsigned, not a config field, for an unsigned payload', async () => {
      const out = report(await inspect(['--aes-key', sandbox.aesKeyBase64, '--public-key', sandbox.publicKeyBase64], buildAlipayPhoneResponse(sandbox, 'unsigned')));
      expect(out.error?.code).toBe('SIGNATURE_MISSING');
      expect(out.error?.hint).toContain('--allow-unsigned');
      expect(out.error?.hint).not.toContain('allowUnsigned');
    });

    it('names --sign-type in the hint for a sign type mismatch', async () => {
      const rsa = opensslAlipayResponse(keys, successBody(), { signType: 'RSA' });
      const out = report(await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], rsa));
      expect(out.error?.code).toBe('SIGN_TYPE_MISMATCH');
      expect(out.error?.hint).toMatch(/^Pass --sign-type /);
    });

    it('asks for --public-key when the payload is signed and none was given', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      const out = report(result);
      expect(out.signature).toBe('unchecked');
      expect(out.error?.code).toBe('PUBLIC_KEY_MISSING');
      expect(out.body).toBeNull();
      expect(out.diagnosis.join(' ')).toMatch(/Pass --public-key/);
    });
  });

  describe('with what real clients send', () => {
    it('verifies a res.response that Gson re-serialised (= as \\u003d) and gives the phone', async () => {
      const gson = payload.replace(/=/g, '\\u003d');
      expect(gson).toContain('\\u003d');
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], gson);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(report(result).signature).toBe('valid');
      expect(report(result).phone?.e164).toBe('+8613811112222');
    });

    it('verifies a res.response that PHP json_encode re-serialised (/ as \\/)', async () => {
      // A ciphertext with a "/" in it, so the escape lands in the signed text.
      let withSlash = '';
      for (let i = 0; withSlash === '' && i < 200; i++) {
        const text = opensslAlipayResponse(keys, successBody(`1381111${2000 + i}`));
        if (/"response":"[^"]*\//.test(text)) withSlash = text;
      }
      const php = withSlash.replace(/\//g, '\\/');
      expect(php).toMatch(/"response":"[^"]*\\\//);
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], php);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(report(result).signature).toBe('valid');
    });

    it('says a form-encoded body is form-encoded and how to send it', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], `response=${encodeURIComponent(payload)}`);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(report(result).error?.code).toBe('PAYLOAD_FORM_ENCODED');
      expect(report(result).error?.message).toMatch(/^The payload is form-encoded \(response=\.\.\.\), not JSON: .*data: res\.response.*application\/json/);
    });

    it('says {"response": <the parsed res.response object>} was parsed, not that it is unsigned', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], JSON.stringify({ response: JSON.parse(payload) as unknown }));
      expect(report(result).error?.code).toBe('PAYLOAD_RESPONSE_PARSED');
      expect(report(result).error?.message).toMatch(/JSON\.parse\(res\.response\)/);
    });
  });

  describe('with bad input or options', () => {
    it('reports a payload that is not JSON as PAYLOAD_MALFORMED with exit 1', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64], 'not json');
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(report(result).error?.code).toBe('PAYLOAD_MALFORMED');
    });

    it('exits 2 when nothing arrives on stdin', async () => {
      const result = await inspect(['--aes-key', keys.aesKeyBase64], '  \n');
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(report(result).diagnosis.join(' ')).toMatch(/Nothing arrived on stdin/);
    });

    it('refuses an unknown --sign-type on stderr with exit 2 and nothing on stdout', async () => {
      const result = await inspect(['--sign-type', 'SHA256'], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/--sign-type must be RSA2 or RSA/);
    });

    it('does not echo a key passed without its option name', async () => {
      const result = await inspect([keys.aesKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toMatch(/unexpected argument/);
      expectNoSecrets(result);
    });

    it('runs as a plain function with a promised stdin', async () => {
      let stdout = '';
      const code = await alipayInspect(['--aes-key', keys.aesKeyBase64, '--public-key', keys.publicKeyBase64], {
        stdin: Promise.resolve(payload),
        stdout: (text) => {
          stdout += text;
        },
        stderr: () => undefined,
      });
      expect(code).toBe(EXIT_CODES.ok);
      expect(parseOneJson<InspectJson>(stdout).phone?.e164).toBe('+8613811112222');
    });

    it('reads a key file written with a trailing newline', async () => {
      const path = join(temp.dir, 'aes-with-newline.txt');
      writeFileSync(path, `${keys.aesKeyBase64}\r\n`);
      const result = await inspect(['--aes-key', `@${path}`, '--public-key', keys.publicKeyBase64], payload);
      expect(result.code).toBe(EXIT_CODES.ok);
    });
  });
});
