import { randomBytes } from 'node:crypto';
import { base64OfLength, encryptAesCbc, ivBytes, type EncryptedOpenData } from '../lib/encrypt-open-data';
import { wechatPhoneInfo } from '../wechat/wechat-phone-info';

export interface EncryptBaiduDataInput {
  /** The user data, e.g. `{"mobile":"13811112222"}`. */
  readonly plaintext: string;
  /** The mini-program's App Key, appended after the data. */
  readonly appKey: string;
  /** The user's current session_key: base64 of 24 bytes, as jscode2sessionkey gave it. */
  readonly sessionKey: string;
  /** base64 of 16 bytes; random when omitted. */
  readonly iv?: string;
  /** The 16 bytes Baidu puts first; 16 random hex digits when omitted, as in Baidu's own sample. */
  readonly randomPrefix?: Buffer;
}

/**
 * Encrypts open data as Baidu does
 * (https://smartprogram.baidu.com/docs/develop/api/open/log_userdata/, swan-team/swan-docs
 * source/_posts/develop/api/open/log_userdata.md): AES-192-CBC with the
 * 24-byte session_key, over 16 random bytes + the data's length as a 4-byte
 * big-endian unsigned integer + the data + the App Key, PKCS#7 padded to
 * 32-byte blocks (Baidu's sample decrypt accepts pad values 1 to 32, and the
 * sample ciphertext there is padded so).
 *
 * @example
 * ```ts
 * const { encryptedData, iv } = encryptBaiduData({ plaintext: '{"mobile":"13811112222"}', appKey, sessionKey });
 * ```
 */
export function encryptBaiduData(input: EncryptBaiduDataInput): EncryptedOpenData {
  const key = base64OfLength(input.sessionKey, 24, 'sessionKey');
  const iv = ivBytes(input.iv);
  const prefix = input.randomPrefix ?? Buffer.from(randomBytes(8).toString('hex'), 'latin1');
  if (prefix.length !== 16) throw new TypeError('randomPrefix must be 16 bytes');
  const data = Buffer.from(input.plaintext, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const plain = Buffer.concat([prefix, length, data, Buffer.from(input.appKey, 'utf8')]);
  return { encryptedData: encryptAesCbc(plain, key, iv, 32).toString('base64'), iv: iv.toString('base64') };
}

export interface EncryptBaiduPhoneDataInput extends Omit<EncryptBaiduDataInput, 'plaintext'> {
  /** `13811112222`, or `1-2125550123` for an overseas number (sent as `+12125550123`). */
  readonly phone: string;
}

/**
 * The getPhoneNumber `encryptedData`/`iv` of a Baidu smart program: the data
 * is `{"mobile":"15000000000"}` (swan-docs source/_posts/develop/component/formlist_button.md:
 * 用户手机号信息解密后数据示例：{"mobile":"15000000000"}).
 */
export function encryptBaiduPhoneData(input: EncryptBaiduPhoneDataInput): EncryptedOpenData {
  const { phone, ...rest } = input;
  return encryptBaiduData({ ...rest, plaintext: JSON.stringify({ mobile: wechatPhoneInfo(phone).phoneNumber }) });
}
