import { createDecipheriv, randomBytes } from 'node:crypto';
import { decryptWechatData } from '@phonekit/core';
import { encryptWechatPhoneData } from '@phonekit/sandbox';
import type { BenchPayload } from './fixtures';
import type { CoreContender } from './core-bench';

const APP_ID = 'wx0123456789abcdef';

/** One user's legacy getPhoneNumber event and the session_key the server holds for them. */
interface WechatCase {
  readonly encryptedData: string;
  readonly iv: string;
  readonly sessionKey: string;
  readonly mobile: string;
}

/**
 * The WeChat contenders reuse the core bench's machinery: each "payload" is
 * the index of a case (every case has its own session_key and iv, as users do).
 */
export function makeWechatCases(mobiles: readonly string[]): { payloads: BenchPayload[]; contenders: CoreContender[] } {
  const cases: WechatCase[] = mobiles.map((mobile) => {
    const sessionKey = randomBytes(16).toString('base64');
    return { ...encryptWechatPhoneData({ phone: mobile, appId: APP_ID, sessionKey }), sessionKey, mobile };
  });
  const caseAt = (index: string): WechatCase => {
    const found = cases[Number(index)];
    if (found === undefined) throw new Error(`no WeChat case ${index}`);
    return found;
  };
  const phonekit: CoreContender = {
    name: 'phonekit',
    description: '`decryptWechatData({encryptedData, iv, sessionKey, appId})` (includes the watermark check and phone normalisation)',
    open: (index) => {
      const c = caseAt(index);
      return decryptWechatData({ encryptedData: c.encryptedData, iv: c.iv, sessionKey: c.sessionKey, appId: APP_ID }).phone.nationalNumber;
    },
  };
  const floor: CoreContender = {
    name: 'node:crypto floor',
    description: 'one `createDecipheriv(aes-128-cbc)` + `JSON.parse` + the watermark appid check',
    open: (index) => {
      const c = caseAt(index);
      const decipher = createDecipheriv('aes-128-cbc', Buffer.from(c.sessionKey, 'base64'), Buffer.from(c.iv, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(c.encryptedData, 'base64')), decipher.final()]).toString('utf8');
      const data: unknown = JSON.parse(plain);
      if (typeof data !== 'object' || data === null) throw new Error('not an object');
      const watermark: unknown = Reflect.get(data, 'watermark');
      if (typeof watermark !== 'object' || watermark === null || Reflect.get(watermark, 'appid') !== APP_ID) throw new Error('watermark');
      const pure: unknown = Reflect.get(data, 'purePhoneNumber');
      if (typeof pure !== 'string') throw new Error('no phone');
      return pure;
    },
  };
  return { payloads: cases.map((c, i) => ({ response: String(i), mobile: c.mobile })), contenders: [phonekit, floor] };
}
