import { EXIT_CODES } from '../src/lib/exit-codes';
import { openssl, opensslEncrypt } from './support/openssl';
import { parseOneJson, runPhonekit } from './support/run';

const APP_ID = 'wx0123456789abcdef';
const sessionKeyHex = openssl(['rand', '-hex', '16']).toString('utf8').trim();
const ivHex = openssl(['rand', '-hex', '16']).toString('utf8').trim();
const sessionKey = Buffer.from(sessionKeyHex, 'hex').toString('base64');
const iv = Buffer.from(ivHex, 'hex').toString('base64');

function wechatData(appid = APP_ID, timestamp = Math.floor(Date.now() / 1000)): string {
  return JSON.stringify({ phoneNumber: '13811112222', purePhoneNumber: '13811112222', countryCode: '86', watermark: { appid, timestamp } });
}

const encryptedData = opensslEncrypt(wechatData(), sessionKeyHex, ivHex);
const decrypt = (args: readonly string[], stdin: string): ReturnType<typeof runPhonekit> => runPhonekit(['wechat', 'decrypt', ...args], { stdin });

describe('phonekit wechat decrypt', () => {
  it('prints the decrypted object of an openssl-encrypted encryptedData', async () => {
    const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv], encryptedData);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stderr).toBe('');
    expect(parseOneJson(result.stdout)).toMatchObject({
      phoneNumber: '13811112222',
      purePhoneNumber: '13811112222',
      countryCode: '86',
      watermark: { appid: APP_ID },
    });
  });

  it('takes the event detail {encryptedData, iv} as JSON on stdin', async () => {
    const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey], JSON.stringify({ encryptedData, iv, errMsg: 'getPhoneNumber:ok' }));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)['purePhoneNumber']).toBe('13811112222');
  });

  it('fails with one WECHAT_DECRYPTION_FAILED line on stderr for a stale session_key', async () => {
    const stale = Buffer.alloc(16, 9).toString('base64');
    const result = await decrypt(['--app-id', APP_ID, '--session-key', stale, '--iv', iv], encryptedData);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: WECHAT_DECRYPTION_FAILED: .+ Hint: .*session_key.*\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it('reports data made for another app as WECHAT_WATERMARK_MISMATCH', async () => {
    const foreign = opensslEncrypt(wechatData('wxffffffffffffffff'), sessionKeyHex, ivHex);
    const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv], foreign);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stderr).toMatch(/^phonekit: WECHAT_WATERMARK_MISMATCH: /);
  });

  it('refuses data older than --max-age', async () => {
    const old = opensslEncrypt(wechatData(APP_ID, Math.floor(Date.now() / 1000) - 3600), sessionKeyHex, ivHex);
    const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv, '--max-age', '300'], old);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stderr).toMatch(/^phonekit: WECHAT_DATA_EXPIRED: /);
  });

  it('exits 2 for a session_key that is not base64 of 16 bytes, without echoing it', async () => {
    const result = await decrypt(['--app-id', APP_ID, '--session-key', 'c2hvcnQ=', '--iv', iv], encryptedData);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit: WECHAT_SESSION_KEY_INVALID: /);
    expect(result.stderr).not.toContain('c2hvcnQ=');
  });

  it.each([
    ['--app-id is missing', ['--session-key', sessionKey, '--iv', iv], /--app-id is required/],
    ['--session-key is missing', ['--app-id', APP_ID, '--iv', iv], /--session-key is required/],
    ['--iv is missing', ['--app-id', APP_ID, '--session-key', sessionKey], /--iv is required/],
    ['--max-age is not a number', ['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv, '--max-age', 'soon'], /--max-age must be/],
  ])('exits 2 with usage on stderr when %s', async (_title, args, message) => {
    const result = await decrypt(args, encryptedData);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/Usage: phonekit wechat decrypt/);
  });

  describe('with data that decrypts but holds no phone (an equivalent of the official WXBizDataCrypt sample)', () => {
    // getUserInfo data, encrypted by openssl the way WeChat does: AES-128-CBC under the session_key.
    const userInfo = {
      openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE',
      nickName: 'Band',
      gender: 1,
      language: 'zh_CN',
      city: 'Guangzhou',
      province: 'Guangdong',
      country: 'CN',
      avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/sample/0',
      unionId: 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA',
      watermark: { timestamp: Math.floor(Date.now() / 1000), appid: APP_ID },
    };
    const sample = (): string => opensslEncrypt(JSON.stringify(userInfo), sessionKeyHex, ivHex);

    it('prints the decrypted object and says on stderr that there is no phone in it, exit 0', async () => {
      const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv], sample());
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(parseOneJson(result.stdout)).toEqual(userInfo);
      expect(result.stderr).toMatch(/^phonekit wechat decrypt: decrypted, but there is no phone number in it \(no purePhoneNumber and countryCode; its fields: openId, nickName, .*watermark\)/);
      expect(result.stderr.split('\n')).toHaveLength(2);
    });

    it('does not answer PHONE_INVALID with an Alipay hint', async () => {
      const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv], sample());
      expect(result.stderr).not.toMatch(/PHONE_INVALID|alipay/i);
      expect(result.stderr).not.toContain('Band');
    });

    it('still refuses it for another app, printing nothing', async () => {
      const result = await decrypt(['--app-id', 'wxffffffffffffffff', '--session-key', sessionKey, '--iv', iv], sample());
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^phonekit: WECHAT_WATERMARK_MISMATCH: /);
    });
  });

  it.each([
    ['every 76 characters with LF', (b: string): string => b.replace(/(.{76})/g, '$1\n')],
    ['every 64 characters with CRLF', (b: string): string => b.replace(/(.{64})/g, '$1\r\n')],
    ['by a space every 64 characters', (b: string): string => b.replace(/(.{64})/g, '$1 ')],
  ])('accepts encryptedData wrapped %s, as clients log it', async (_title, wrap) => {
    const wrapped = wrap(encryptedData);
    expect(wrapped).toMatch(/\s/);
    const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv], wrapped);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)['purePhoneNumber']).toBe('13811112222');
  });

  it('says non-base64 garbage is not base64, not that the session_key is stale', async () => {
    const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv], 'this is not the encryptedData!');
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: WECHAT_ENCRYPTED_DATA_INVALID: The encryptedData is not base64: /);
    expect(result.stderr).not.toMatch(/stale|wx\.login/);
  });

  it('exits 2 when stdin is empty', async () => {
    const result = await decrypt(['--app-id', APP_ID, '--session-key', sessionKey, '--iv', iv], '');
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/nothing arrived on stdin/);
  });
});
