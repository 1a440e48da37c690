import { execFileSync } from 'node:child_process';
import { decryptWechatData } from '@phonekit/core';
import { encryptWechatPhoneData } from '../src/wechat/encrypt-wechat-phone-data';

const SESSION_KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex').toString('base64');
const IV = Buffer.from('0f0e0d0c0b0a09080706050403020100', 'hex').toString('base64');
const APP_ID = 'wx0123456789abcdef';

/** openssl, the independent party: AES-128-CBC with PKCS#7, as WeChat documents it. */
function opensslDecrypt(encryptedData: string, sessionKey: string, iv: string): string {
  return execFileSync(
    'openssl',
    ['enc', '-d', '-aes-128-cbc', '-K', Buffer.from(sessionKey, 'base64').toString('hex'), '-iv', Buffer.from(iv, 'base64').toString('hex')],
    { input: Buffer.from(encryptedData, 'base64') },
  ).toString('utf8');
}

describe('encryptWechatPhoneData', () => {
  it('produces the JSON WeChat documents, AES-128-CBC with PKCS#7, readable by openssl', () => {
    const { encryptedData, iv } = encryptWechatPhoneData({ phone: '13811112222', appId: APP_ID, sessionKey: SESSION_KEY, iv: IV, timestamp: 1_700_000_000 });
    expect(iv).toBe(IV);
    expect(opensslDecrypt(encryptedData, SESSION_KEY, iv)).toBe(
      '{"phoneNumber":"13811112222","purePhoneNumber":"13811112222","countryCode":"86","watermark":{"appid":"wx0123456789abcdef","timestamp":1700000000}}',
    );
  });

  it('writes overseas numbers with the country code in phoneNumber only', () => {
    const { encryptedData, iv } = encryptWechatPhoneData({ phone: '1-2125550123', appId: APP_ID, sessionKey: SESSION_KEY, iv: IV, timestamp: 1 });
    expect(JSON.parse(opensslDecrypt(encryptedData, SESSION_KEY, iv))).toEqual({
      phoneNumber: '+12125550123',
      purePhoneNumber: '2125550123',
      countryCode: '1',
      watermark: { appid: APP_ID, timestamp: 1 },
    });
  });

  it('round-trips through the core decrypt with the same session_key and appid', () => {
    const { encryptedData, iv } = encryptWechatPhoneData({ phone: '13811112222', appId: APP_ID, sessionKey: SESSION_KEY });
    const { phone } = decryptWechatData({ encryptedData, iv, sessionKey: SESSION_KEY, appId: APP_ID });
    expect(phone.e164).toBe('+8613811112222');
  });

  it('uses a fresh random iv each time when none is given', () => {
    const first = encryptWechatPhoneData({ phone: '13811112222', appId: APP_ID, sessionKey: SESSION_KEY });
    const second = encryptWechatPhoneData({ phone: '13811112222', appId: APP_ID, sessionKey: SESSION_KEY });
    expect(first.iv).not.toBe(second.iv);
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(16);
  });

  it('refuses a session_key that is not base64 of 16 bytes', () => {
    expect(() => encryptWechatPhoneData({ phone: '13811112222', appId: APP_ID, sessionKey: 'c2hvcnQ=' })).toThrow(/sessionKey/);
  });
});
