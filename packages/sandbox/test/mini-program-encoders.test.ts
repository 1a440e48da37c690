// The sandbox's encoders for the Douyin, Baidu, QQ and Kuaishou phone data,
// against known answers made by the openssl CLI or published by Baidu
// (test/vectors/mini-program-open-data.json; commands in test/vectors/README.md).
import { encryptBaiduData, encryptBaiduPhoneData } from '../src/baidu/encrypt-baidu-data';
import { encryptDouyinPhoneData, encryptDouyinPhoneNumberInfo } from '../src/douyin/encrypt-douyin-phone-data';
import { encryptKuaishouPhoneData } from '../src/kuaishou/encrypt-kuaishou-phone-data';
import { generateSandboxDouyinApp } from '../src/lib/mini-program-apps';
import { encryptQqPhoneData } from '../src/qq/encrypt-qq-phone-data';
import { opensslAesDecrypt, opensslRsaPkcs1Decrypt, unframeBaidu } from './support/open-data-openssl';
import vectors from './vectors/mini-program-open-data.json';

const KEY = Buffer.from(vectors.aes128.keyHex, 'hex').toString('base64');
const IV = Buffer.from(vectors.aes128.ivHex, 'hex').toString('base64');
const [qqCase, douyinCase, kuaishouCase, overseasCase] = vectors.aes128.cases;
const [baiduSample, baiduPhone] = vectors.baidu.cases;

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing vector');
  return value;
}

describe('the AES-128-CBC encoders', () => {
  it('encrypt QQ phone data to the bytes openssl makes', () => {
    const { encryptedData, iv } = encryptQqPhoneData({ phone: '13811112222', appId: '1109876543', sessionKey: KEY, iv: IV, timestamp: 1_700_000_000 });
    expect(iv).toBe(IV);
    expect(encryptedData).toBe(defined(qqCase).ciphertextBase64);
  });

  it("encrypt Douyin's legacy phone data to the bytes openssl makes", () => {
    expect(encryptDouyinPhoneData({ phone: '13811112222', appId: 'tt0123456789abcdef', sessionKey: KEY, iv: IV, timestamp: 1_700_000_000 }).encryptedData).toBe(defined(douyinCase).ciphertextBase64);
  });

  it('encrypt Kuaishou phone data, no watermark, to the bytes openssl makes, overseas numbers included', () => {
    expect(encryptKuaishouPhoneData({ phone: '13811112222', sessionKey: KEY, iv: IV }).encryptedData).toBe(defined(kuaishouCase).ciphertextBase64);
    expect(encryptKuaishouPhoneData({ phone: '1-2125550123', sessionKey: KEY, iv: IV }).encryptedData).toBe(defined(overseasCase).ciphertextBase64);
  });

  it('use a fresh random iv when none is given, and refuse a session_key that is not 16 bytes', () => {
    const first = encryptQqPhoneData({ phone: '13811112222', appId: '1109876543', sessionKey: KEY });
    const second = encryptQqPhoneData({ phone: '13811112222', appId: '1109876543', sessionKey: KEY });
    expect(first.iv).not.toBe(second.iv);
    expect(opensslAesDecrypt(first.encryptedData, KEY, first.iv).toString('utf8')).toContain('"appid":"1109876543"');
    expect(() => encryptKuaishouPhoneData({ phone: '13811112222', sessionKey: 'c2hvcnQ=' })).toThrow('sessionKey must be base64 of 16 bytes');
    expect(() => encryptKuaishouPhoneData({ phone: '13811112222', sessionKey: KEY, iv: 'c2hvcnQ=' })).toThrow('iv must be base64 of 16 bytes');
  });
});

describe('the Baidu encoder', () => {
  it("reproduces Baidu's own published sample byte for byte", () => {
    const sample = defined(baiduSample);
    const { encryptedData } = encryptBaiduData({
      plaintext: sample.plaintext,
      appKey: sample.appKey,
      sessionKey: sample.sessionKey,
      iv: sample.iv,
      randomPrefix: Buffer.from(sample.randomPrefix, 'latin1'),
    });
    expect(encryptedData).toBe(sample.ciphertextBase64);
  });

  it('encrypts {"mobile": …} to the bytes the shell and openssl frame and encrypt', () => {
    const vector = defined(baiduPhone);
    const { encryptedData, iv } = encryptBaiduPhoneData({ phone: '13811112222', appKey: vector.appKey, sessionKey: vector.sessionKey, iv: vector.iv, randomPrefix: Buffer.from(vector.randomPrefix, 'latin1') });
    expect(iv).toBe(vector.iv);
    expect(encryptedData).toBe(vector.ciphertextBase64);
  });

  it('pads to 32-byte blocks, so a pad of more than 16 bytes occurs', () => {
    const { encryptedData, iv } = encryptBaiduPhoneData({ phone: '13811112222', appKey: 'y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7', sessionKey: defined(baiduPhone).sessionKey });
    const framed = unframeBaidu(opensslAesDecrypt(encryptedData, defined(baiduPhone).sessionKey, iv, { nopad: true }));
    expect(framed).toEqual({ prefix: expect.any(Buffer), data: '{"mobile":"13811112222"}', appKey: 'y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7', pad: 20 });
  });

  it('refuses a session_key that is not 24 bytes and a prefix that is not 16', () => {
    expect(() => encryptBaiduPhoneData({ phone: '13811112222', appKey: 'k', sessionKey: KEY })).toThrow('sessionKey must be base64 of 24 bytes');
    expect(() => encryptBaiduPhoneData({ phone: '13811112222', appKey: 'k', sessionKey: defined(baiduPhone).sessionKey, randomPrefix: Buffer.alloc(15) })).toThrow('randomPrefix must be 16 bytes');
  });
});

describe('the Douyin phone-number encoder', () => {
  const app = generateSandboxDouyinApp();

  it('encrypts with RSA PKCS#1 v1.5 to the public key: openssl decrypts it with the private key', () => {
    const data = encryptDouyinPhoneNumberInfo({ phone: '13811112222', appId: app.appId, appPublicKeyPem: app.appPublicKeyPem, timestamp: 1_700_000_000 });
    expect(opensslRsaPkcs1Decrypt(data, app.appPrivateKeyPem)).toBe(
      `{"phoneNumber":"13811112222","purePhoneNumber":"13811112222","countryCode":"86","watermark":{"appid":"${app.appId}","timestamp":1700000000}}`,
    );
  });

  it('gives a different ciphertext each time (PKCS#1 v1.5 padding is random)', () => {
    const input = { phone: '13811112222', appId: app.appId, appPublicKeyPem: app.appPublicKeyPem, timestamp: 1 };
    expect(encryptDouyinPhoneNumberInfo(input)).not.toBe(encryptDouyinPhoneNumberInfo(input));
  });
});
