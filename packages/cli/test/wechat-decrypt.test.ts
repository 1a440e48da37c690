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

  describe('on the official WXBizDataCrypt sample (getUserInfo data: it decrypts, and holds no phone)', () => {
    // WeChat's own decryption demo (WXBizDataCrypt, linked from the docs' 开放数据校验与解密 page,
    // https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html), as kept in
    // binarywang/WxJava weixin-java-miniapp/src/test/java/cn/binarywang/wx/miniapp/util/crypt/WxMaCryptUtilsTest.java
    // (testDecryptAnotherWay, commit 96eaeb2caace4f3cfaa4ca26b876a66140aac94e). Its watermark dates from 2016.
    const SAMPLE = {
      appId: 'wx4f4bc4dec97d474b',
      sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
      iv: 'r7BXXKkLb8qrSNn05n0qiA==',
      encryptedData:
        'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==',
    };
    const sampleArgs = ['--app-id', SAMPLE.appId, '--session-key', SAMPLE.sessionKey, '--iv', SAMPLE.iv];

    it('prints the decrypted object, says on stderr there is no phone in it, and exits 0', async () => {
      const result = await decrypt(sampleArgs, SAMPLE.encryptedData);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(parseOneJson(result.stdout)).toMatchObject({
        openId: 'oGZUI0egBJY1zhBYw2KhdUfwVJJE',
        nickName: 'Band',
        unionId: 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA',
        watermark: { timestamp: 1477314187, appid: SAMPLE.appId },
      });
      expect(result.stderr).toMatch(/^phonekit wechat decrypt: decrypted, but there is no phone number in it \(no purePhoneNumber and countryCode; its fields: openId, nickName, gender, language, city, province, country, avatarUrl, unionId, watermark\)/);
      expect(result.stderr).not.toMatch(/PHONE_INVALID|alipay|Band/i);
    });

    it('takes it as the event detail JSON, and wrapped at 64 characters as a log shows it', async () => {
      const detail = await decrypt(sampleArgs.slice(0, 4), JSON.stringify({ encryptedData: SAMPLE.encryptedData, iv: SAMPLE.iv }));
      expect(detail.code).toBe(EXIT_CODES.ok);
      const wrapped = await decrypt(sampleArgs, SAMPLE.encryptedData.replace(/(.{64})/g, '$1\n'));
      expect(wrapped.code).toBe(EXIT_CODES.ok);
      expect(parseOneJson(wrapped.stdout)['nickName']).toBe('Band');
    });

    it.each<[string, (b: string) => string, RegExp]>([
      ['text after it', (b) => `${b}xyz`, /^The encryptedData has "=" in the middle \(character 535 of 539\): "=" only ever ends base64, so this is two values joined, or text after it\./],
      ['a "+" that became a space', (b) => b.replace(/\+/g, ' '), /^The encryptedData has spaces where base64 has "\+": something URL-decoded it on the way/],
      ['URL-encoded', (b) => encodeURIComponent(b), /^The encryptedData is URL-encoded/],
      ['the URL-safe alphabet', (b) => b.replace(/\+/g, '-').replace(/\//g, '_'), /^The encryptedData uses the URL-safe base64 alphabet \(- and _\)/],
      ['with a stray quote', (b) => `${b}"`, /^The encryptedData is not base64: it holds '"', which no base64 alphabet has/],
      ['cut short', (b) => b.slice(0, 100), /^The encryptedData decodes to 75 bytes, not a multiple of 16: it was cut short\./],
    ])('says exactly what is wrong with it (%s), never that the session_key is stale', async (_title, damage, message) => {
      const result = await decrypt(sampleArgs, damage(SAMPLE.encryptedData));
      expect(result.code).toBe(EXIT_CODES.rejected);
      expect(result.stdout).toBe('');
      const [line = ''] = result.stderr.split('\n');
      expect(line.replace(/^phonekit: WECHAT_ENCRYPTED_DATA_INVALID: /, '')).toMatch(message);
      expect(result.stderr).not.toMatch(/stale|wx\.login/);
    });

    it('names the option of a session_key or iv that is no base64 of 16 bytes, and where the iv came from', async () => {
      const key = await decrypt(['--app-id', SAMPLE.appId, '--session-key', 'tiihtNczf5v6AKRyjwEUh', '--iv', SAMPLE.iv], SAMPLE.encryptedData);
      expect(key.code).toBe(EXIT_CODES.usage);
      expect(key.stderr).toMatch(/^phonekit: WECHAT_SESSION_KEY_INVALID: The session_key \(--session-key\) is not base64: 21 characters is one more .* Hint: Pass --session-key with the session_key exactly as jscode2session returned it/);
      const short = await decrypt(['--app-id', SAMPLE.appId, '--session-key', 'c2hvcnQ=', '--iv', SAMPLE.iv], SAMPLE.encryptedData);
      expect(short.stderr).toMatch(/^phonekit: WECHAT_SESSION_KEY_INVALID: The session_key \(--session-key\) decodes to 5 bytes, not 16\./);
      const iv = await decrypt(sampleArgs.slice(0, 4), JSON.stringify({ encryptedData: SAMPLE.encryptedData, iv: 'r7BXXKkLb8qrSNn05n0qi' }));
      expect(iv.code).toBe(EXIT_CODES.rejected);
      expect(iv.stderr).toMatch(/^phonekit: WECHAT_IV_INVALID: The iv \(the "iv" on stdin\) is not base64: 21 characters .* Hint: Pass the iv of the same getPhoneNumber event unchanged: --iv, or the "iv" of the event detail piped on stdin/);
      expect(key.stderr + short.stderr + iv.stderr).not.toMatch(/tiihtNczf5v6AKRyjwEUh|r7BXXKkLb8qrSNn05n0qi|restart|WECHAT_APP/);
    });

    it('names --max-age and --app-id in the hints when those refuse it', async () => {
      const old = await decrypt([...sampleArgs, '--max-age', '300'], SAMPLE.encryptedData);
      expect(old.code).toBe(EXIT_CODES.rejected);
      expect(old.stderr).toMatch(/^phonekit: WECHAT_DATA_EXPIRED: .* Hint: .*--max-age/);
      const other = await decrypt(['--app-id', 'wxffffffffffffffff', ...sampleArgs.slice(2)], SAMPLE.encryptedData);
      expect(other.stderr).toMatch(/^phonekit: WECHAT_WATERMARK_MISMATCH: The data's watermark\.appid is "wx4f4bc4dec97d474b", not this app's "wxffffffffffffffff"\. Hint: .*--app-id/);
      expect(old.stderr + other.stderr).not.toMatch(/Ask the user|restart/);
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
