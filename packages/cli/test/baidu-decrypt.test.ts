import { EXIT_CODES } from '../src/lib/exit-codes';
import { baiduEncrypt, randomHex } from './support/openssl-platforms';
import { parseOneJson, runPhonekit, type RunResult } from './support/run';

// Baidu: AES-192-CBC under a 24-byte session_key; the plaintext is 16 random
// bytes, the data's length, the data and the App Key, padded to 32-byte blocks
// (made with `openssl enc -aes-192-cbc -nopad`, test/support/openssl-platforms.ts).

const APP_KEY = 'y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7';
const OTHER_APP_KEY = 'Zz9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF';
const sessionKeyHex = randomHex(24);
const ivHex = randomHex(16);
const sessionKey = Buffer.from(sessionKeyHex, 'hex').toString('base64');
const iv = Buffer.from(ivHex, 'hex').toString('base64');
const PHONE = { mobile: '13811112222' };
const encryptedData = baiduEncrypt(JSON.stringify(PHONE), APP_KEY, sessionKeyHex, ivHex);
const args = ['--app-key', APP_KEY, '--session-key', sessionKey, '--iv', iv];
const decrypt = (argv: readonly string[], stdin: string): Promise<RunResult> => runPhonekit(['baidu', 'decrypt', ...argv], { stdin });

describe('phonekit baidu decrypt', () => {
  it('prints the decrypted data (without the random prefix or the App Key), exit 0, nothing on stderr', async () => {
    const result = await decrypt(args, encryptedData);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)).toEqual(PHONE);
    expect(result.stdout + result.stderr).not.toContain(sessionKey);
  });

  it('takes the event detail {encryptedData, iv} on stdin, without --iv', async () => {
    const result = await decrypt(args.slice(0, 4), JSON.stringify({ encryptedData, iv }));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stderr).toBe('');
    expect(parseOneJson(result.stdout)).toEqual(PHONE);
  });

  it('refuses data that ends with another App Key with BAIDU_APP_KEY_MISMATCH, naming --app-key in the fix', async () => {
    const result = await decrypt(['--app-key', OTHER_APP_KEY, ...args.slice(2)], encryptedData);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: BAIDU_APP_KEY_MISMATCH: .* Hint: .*--app-key/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).not.toContain(sessionKey);
  });

  it('fails with one BAIDU_DECRYPTION_FAILED line for another session_key', async () => {
    const stale = Buffer.from(randomHex(24), 'hex').toString('base64');
    const result = await decrypt(['--app-key', APP_KEY, '--session-key', stale, '--iv', iv], encryptedData);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: BAIDU_DECRYPTION_FAILED: .+ Hint: .+\n$/);
    expect(result.stderr).not.toContain(stale);
  });

  it("exits 2 with BAIDU_SESSION_KEY_INVALID for a 16-byte session_key (WeChat's size), not echoing it", async () => {
    const short = Buffer.from(randomHex(16), 'hex').toString('base64');
    const result = await decrypt(['--app-key', APP_KEY, '--session-key', short, '--iv', iv], encryptedData);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit: BAIDU_SESSION_KEY_INVALID: The session_key \(--session-key\) decodes to 16 bytes, not 24\. Hint: Pass --session-key with the session_key exactly as jscode2sessionkey returned it \(32 base64 characters\)/);
    expect(result.stderr).not.toContain(short);
  });

  it.each([
    ['--app-key is missing', ['--session-key', sessionKey, '--iv', iv], /--app-key is required/],
    ['--session-key is missing', ['--app-key', APP_KEY, '--iv', iv], /--session-key is required/],
    ['--app-id is given instead of --app-key', ['--app-id', APP_KEY, '--session-key', sessionKey, '--iv', iv], /unknown option --app-id/],
    ['--max-age is given (the data has no timestamp)', [...args, '--max-age', '300'], /unknown option --max-age/],
  ])('exits 2 with the usage on stderr when %s', async (_title, argv, message) => {
    const result = await decrypt(argv, encryptedData);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Usage: phonekit baidu decrypt --app-key KEY --session-key KEY \[--iv B64\] < encryptedData/);
    expect(result.stderr).not.toContain(sessionKey);
  });

  it('prints its help on stdout for --help', async () => {
    const result = await runPhonekit(['baidu', 'decrypt', '-h']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/^Usage: phonekit baidu decrypt --app-key KEY --session-key KEY --iv B64 < encryptedData\n/);
    expect(result.stdout).not.toContain('--max-age');
  });

  describe("on Baidu's own sample (getUserInfo data: it decrypts, and holds no phone)", () => {
    // The PHP demo in Baidu's 用户数据的签名验证和加解密 page ("@Author: smartprogram_rd@baidu.com"),
    // as copied at https://bookstack.cn/read/smartprogram-api/spilt.6.68.md. Checked independently with
    //   echo -n "$CIPHERTEXT" | base64 -d | openssl enc -d -aes-192-cbc -nopad \
    //     -K "$(echo -n "$SESSION_KEY" | base64 -d | xxd -p -c 100)" -iv "$(echo -n "$IV" | base64 -d | xxd -p -c 100)"
    // which shows 16 random bytes, 00 00 00 50, the 80-byte JSON below, the app_key, then 28 bytes of 0x1c:
    // PKCS#7 to a 32-byte block, which openssl's own (16-byte) unpadding refuses.
    const SAMPLE = {
      appKey: 'y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7',
      sessionKey: '1df09d0a1677dd72b8325aec59576e0c',
      iv: '1df09d0a1677dd72b8325Q==',
      ciphertext:
        'OpCoJgs7RrVgaMNDixIvaCIyV2SFDBNLivgkVqtzq2GC10egsn+PKmQ/+5q+chT8xzldLUog2haTItyIkKyvzvmXonBQLIMeq54axAu9c3KG8IhpFD6+ymHocmx07ZKi7eED3t0KyIxJgRNSDkFk5RV1ZP2mSWa7ZgCXXcAbP0RsiUcvhcJfrSwlpsm0E1YJzKpYy429xrEEGvK+gfL+Cw==',
      plaintext: { openid: 'open_id', nickname: 'baidu_user', headimgurl: 'url of image', sex: 1 },
    };
    const sampleArgs = ['--app-key', SAMPLE.appKey, '--session-key', SAMPLE.sessionKey, '--iv', SAMPLE.iv];

    it('prints the decrypted object, says on stderr there is no phone in it, and exits 0', async () => {
      const result = await decrypt(sampleArgs, SAMPLE.ciphertext);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(parseOneJson(result.stdout)).toEqual(SAMPLE.plaintext);
      expect(result.stderr).toMatch(
        /^phonekit baidu decrypt: decrypted, but there is no phone number in it \(no mobile; its fields: openid, nickname, headimgurl, sex\)\. It is not the encryptedData of a getPhoneNumber button: swan\.getUserInfo data is encrypted the same way\.\n$/,
      );
      expect(result.stderr).not.toContain('baidu_user');
    });

    it('refuses it for another App Key', async () => {
      const result = await decrypt(['--app-key', OTHER_APP_KEY, ...sampleArgs.slice(2)], SAMPLE.ciphertext);
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^phonekit: BAIDU_APP_KEY_MISMATCH: /);
    });
  });
});
