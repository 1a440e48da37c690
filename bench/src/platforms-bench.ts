import { constants, createDecipheriv, createPrivateKey, generateKeyPairSync, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';
import {
  decryptBaiduPhoneData,
  decryptDouyinPhoneData,
  decryptDouyinPhoneNumber,
  decryptKuaishouPhoneData,
  decryptQqPhoneData,
  loadDouyinPrivateKey,
} from '@phonekit/core';
import { encryptBaiduPhoneData, encryptDouyinPhoneData, encryptDouyinPhoneNumberInfo, encryptKuaishouPhoneData, encryptQqPhoneData } from '@phonekit/sandbox';
import { summarise, type Summary } from './stats';

/*
 * The mini-program platforms' decrypt, one payload at a time: @phonekit/core's
 * function against a bare node:crypto floor doing only the work the scheme
 * needs, measured side by side in every round (as core-bench.ts does for
 * Alipay and WeChat). Loaded by run.ts once @phonekit/core is built.
 */

/** Made-up app identifiers in each platform's shape (only compared, never sent anywhere). */
const QQ_APP_ID = '1109876543';
const KUAISHOU_APP_ID = 'ks671234567890123456';
const DOUYIN_APP_ID = 'tt0123456789abcdef';
const BAIDU_APP_KEY = 'Bq7dTfnWfkx2OXttMEMWlGHoB1KzMo9x';

/** Reads payload `index` of its case and returns the 11-digit mobile it carries; throws when it does not decrypt. */
type OpenPayload = (index: number) => string;

export interface PlatformContender {
  readonly description: string;
  readonly open: OpenPayload;
}

/** One platform's flow: its payloads (made by @phonekit/sandbox) and the two implementations that read them. */
export interface PlatformCase {
  readonly platform: string;
  readonly scheme: string;
  readonly mobiles: readonly string[];
  readonly phonekit: PlatformContender;
  readonly floor: PlatformContender;
}

/** A legacy getPhoneNumber event of one user and the session_key the server holds for them. */
interface SessionPayload {
  readonly encryptedData: string;
  readonly iv: string;
  readonly sessionKey: string;
}

const at = <T>(list: readonly T[], index: number): T => {
  const found = list[index];
  if (found === undefined) throw new Error(`no payload ${index}`);
  return found;
};

const objectOf = (text: string): object => {
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null) throw new Error('not an object');
  return data;
};

const stringField = (data: object, name: string): string => {
  const value: unknown = Reflect.get(data, name);
  if (typeof value !== 'string') throw new Error(`no ${name}`);
  return value;
};

/** WeChat's JSON as the floor reads it: watermark.appid compared when the platform has one, then purePhoneNumber. */
function readPhoneJson(text: string, appId: string | undefined): string {
  const data = objectOf(text);
  if (appId !== undefined) {
    const watermark: unknown = Reflect.get(data, 'watermark');
    if (typeof watermark !== 'object' || watermark === null || Reflect.get(watermark, 'appid') !== appId) throw new Error('watermark');
  }
  return stringField(data, 'purePhoneNumber');
}

/** The floor of the AES-128-CBC platforms: one createDecipheriv (auto PKCS#7) + JSON.parse (+ the watermark check). */
function aes128Floor(payloads: readonly SessionPayload[], appId: string | undefined): PlatformContender {
  return {
    description: `one \`createDecipheriv('aes-128-cbc', session_key, iv)\` + \`JSON.parse\`${appId === undefined ? '' : ' + the `watermark.appid` check'} + \`purePhoneNumber\``,
    open: (index) => {
      const p = at(payloads, index);
      const decipher = createDecipheriv('aes-128-cbc', Buffer.from(p.sessionKey, 'base64'), Buffer.from(p.iv, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(p.encryptedData, 'base64')), decipher.final()]).toString('utf8');
      return readPhoneJson(plain, appId);
    },
  };
}

const session16 = (): string => randomBytes(16).toString('base64');

/**
 * QQ: WeChat's scheme, AES-128-CBC under the 16-byte session_key, with a
 * watermark (QQ's "加密数据解密算法", cited in packages/core/src/qq/decrypt-qq-data.ts).
 */
function qqCase(mobiles: readonly string[]): PlatformCase {
  const payloads = mobiles.map((phone) => {
    const sessionKey = session16();
    return { ...encryptQqPhoneData({ phone, appId: QQ_APP_ID, sessionKey }), sessionKey };
  });
  return {
    platform: 'QQ',
    scheme: 'AES-128-CBC, session_key, watermark.appid',
    mobiles,
    phonekit: {
      description: '`decryptQqPhoneData({encryptedData, iv, sessionKey, appId})` (strict base64, the watermark check, phone normalisation)',
      open: (index) => decryptQqPhoneData({ ...at(payloads, index), appId: QQ_APP_ID }).phone.nationalNumber,
    },
    floor: aes128Floor(payloads, QQ_APP_ID),
  };
}

/**
 * Kuaishou: AES-128-CBC under the session_key
 * (https://mp.kuaishou.com/docs/develop/server/userInfo/userEncryptedData.html). No
 * documented watermark, and phonekit checks none, so neither does the floor.
 */
function kuaishouCase(mobiles: readonly string[]): PlatformCase {
  const payloads = mobiles.map((phone) => {
    const sessionKey = session16();
    return { ...encryptKuaishouPhoneData({ phone, sessionKey }), sessionKey };
  });
  return {
    platform: 'Kuaishou',
    scheme: 'AES-128-CBC, session_key, no watermark',
    mobiles,
    phonekit: {
      description: '`decryptKuaishouPhoneData({encryptedData, iv, sessionKey, appId})` (strict base64, phone normalisation; no watermark to check)',
      open: (index) => decryptKuaishouPhoneData({ ...at(payloads, index), appId: KUAISHOU_APP_ID }).phone.nationalNumber,
    },
    floor: aes128Floor(payloads, undefined),
  };
}

/**
 * Douyin's legacy encryptedData/iv: AES-128-CBC under the session_key, with a
 * tt… watermark (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire).
 */
function douyinLegacyCase(mobiles: readonly string[]): PlatformCase {
  const payloads = mobiles.map((phone) => {
    const sessionKey = session16();
    return { ...encryptDouyinPhoneData({ phone, appId: DOUYIN_APP_ID, sessionKey }), sessionKey };
  });
  return {
    platform: 'Douyin (legacy encryptedData)',
    scheme: 'AES-128-CBC, session_key, watermark.appid',
    mobiles,
    phonekit: {
      description: '`decryptDouyinPhoneData({encryptedData, iv, sessionKey, appId})` (strict base64, the watermark check, phone normalisation)',
      open: (index) => decryptDouyinPhoneData({ ...at(payloads, index), appId: DOUYIN_APP_ID }).phone.nationalNumber,
    },
    floor: aes128Floor(payloads, DOUYIN_APP_ID),
  };
}

const BAIDU_PAD_BLOCK = 32;
const BAIDU_HEADER = 16 + 4;

/**
 * Baidu: AES-192-CBC under the 24-byte session_key over 16 random bytes + the
 * data's length (4 bytes, big-endian) + the data + the App Key, PKCS#7 to
 * 32-byte blocks (https://smartprogram.baidu.com/docs/develop/api/open/log_userdata/).
 * The floor unframes as Baidu's sample does: the pad value's range, the
 * length, the trailing app key compared; no check of the pad bytes.
 */
function baiduCase(mobiles: readonly string[]): PlatformCase {
  const payloads = mobiles.map((phone) => {
    const sessionKey = randomBytes(24).toString('base64');
    return { ...encryptBaiduPhoneData({ phone, appKey: BAIDU_APP_KEY, sessionKey }), sessionKey };
  });
  return {
    platform: 'Baidu',
    scheme: 'AES-192-CBC, session_key, 32-byte PKCS#7, framed, app key',
    mobiles,
    phonekit: {
      description: '`decryptBaiduPhoneData({encryptedData, iv, sessionKey, appKey})` (strict base64, the branch-free unframing, UTF-8 and JSON-shape checks, the app key compared, phone normalisation)',
      open: (index) => decryptBaiduPhoneData({ ...at(payloads, index), appKey: BAIDU_APP_KEY }).phone.nationalNumber,
    },
    floor: {
      description: "one `createDecipheriv('aes-192-cbc')` with `setAutoPadding(false)`, the pad value (1 to 32) cut off, the 4-byte length read, the trailing app key compared, `JSON.parse` of the data + `mobile`",
      open: (index) => {
        const p = at(payloads, index);
        const decipher = createDecipheriv('aes-192-cbc', Buffer.from(p.sessionKey, 'base64'), Buffer.from(p.iv, 'base64'));
        decipher.setAutoPadding(false);
        const plain = Buffer.concat([decipher.update(Buffer.from(p.encryptedData, 'base64')), decipher.final()]);
        const pad = plain[plain.length - 1] ?? 0;
        if (pad < 1 || pad > BAIDU_PAD_BLOCK) throw new Error('padding');
        const content = plain.length - pad;
        const end = BAIDU_HEADER + plain.readUInt32BE(16);
        if (end > content) throw new Error('length');
        if (plain.toString('utf8', end, content) !== BAIDU_APP_KEY) throw new Error('app key');
        return stringField(objectOf(plain.toString('utf8', BAIDU_HEADER, end)), 'mobile');
      },
    },
  };
}

/** The naive PKCS#1 v1.5 unpadding: 0x00 0x02, at least 8 non-zero bytes, 0x00, the message. Exits early: a padding oracle. */
function naiveUnpad(em: Buffer): Buffer {
  if (em[0] !== 0 || em[1] !== 2) throw new Error('padding');
  const zero = em.indexOf(0, 2);
  if (zero < 2 + 8) throw new Error('padding');
  return em.subarray(zero + 1);
}

/**
 * Douyin's code flow: get_phonenumber_info's `data` is the same JSON under
 * the uploaded application public key, RSA PKCS#1 v1.5
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method).
 * Node 20 refuses RSA_PKCS1_PADDING in privateDecrypt (CVE-2023-46809), so
 * both sides decrypt with RSA_NO_PADDING and unpad themselves.
 */
function douyinCodeCase(mobiles: readonly string[]): PlatformCase {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appPublicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const data = mobiles.map((phone) => encryptDouyinPhoneNumberInfo({ phone, appId: DOUYIN_APP_ID, appPublicKeyPem }));
  const privateKey = loadDouyinPrivateKey(privatePem);
  const floorKey: KeyObject = createPrivateKey(privatePem);
  return {
    platform: 'Douyin (code flow, get_phonenumber_info data)',
    scheme: 'RSA-2048, PKCS#1 v1.5, watermark.appid',
    mobiles,
    phonekit: {
      description:
        '`decryptDouyinPhoneNumber({data, privateKey, appId})`, `loadDouyinPrivateKey` done once: strict base64 and length, `privateDecrypt` with RSA_NO_PADDING, the branch-free PKCS#1 v1.5 unpadding with implicit rejection (HMAC-SHA256 key derivation and a synthetic message computed for every payload), UTF-8 and JSON-shape checks, the watermark check, phone normalisation',
      open: (index) => decryptDouyinPhoneNumber({ data: at(data, index), privateKey, appId: DOUYIN_APP_ID }).phone.nationalNumber,
    },
    floor: {
      description: '`crypto.privateDecrypt({key, padding: RSA_NO_PADDING}, c)` with a pre-parsed KeyObject + a naive unpad (early exits, not constant-time: a padding oracle) + `JSON.parse` + the `watermark.appid` check + `purePhoneNumber`',
      open: (index) => {
        const em = privateDecrypt({ key: floorKey, padding: constants.RSA_NO_PADDING }, Buffer.from(at(data, index), 'base64'));
        return readPhoneJson(naiveUnpad(em).toString('utf8'), DOUYIN_APP_ID);
      },
    },
  };
}

/** Every platform's case over the same mobiles, each payload with its own session_key and iv (the RSA flow: one app key pair). */
export function makePlatformCases(mobiles: readonly string[]): PlatformCase[] {
  return [qqCase(mobiles), kuaishouCase(mobiles), douyinLegacyCase(mobiles), baiduCase(mobiles), douyinCodeCase(mobiles)];
}

/** Throws unless the contender reads every payload of its case to its mobile. */
function check(c: PlatformCase, side: 'phonekit' | 'floor'): void {
  c.mobiles.forEach((mobile, index) => {
    const read = c[side].open(index);
    if (read !== mobile) throw new Error(`${c.platform}, ${side}: payload ${index} read ${read.slice(0, 3)}… instead of the expected number`);
  });
}

/** CPU time this process has used, in nanoseconds (user + system, all its threads). */
function cpuNs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

interface Sample {
  readonly wallUs: number;
  readonly cpuUs: number;
}

/**
 * One round of one case: phonekit and the floor take turns, one whole pass
 * over the payloads at a time (`floorFirst` says who starts), until `minMs`
 * of wall time has passed (at most `maxTurns` turns each). Returns µs per
 * payload of each, wall-clock and CPU.
 */
function measurePair(c: PlatformCase, floorFirst: boolean, minMs: number, maxTurns: number): { phonekit: Sample; floor: Sample } {
  const sides = floorFirst ? ([c.floor, c.phonekit] as const) : ([c.phonekit, c.floor] as const);
  const wall = [0, 0];
  const cpu = [0, 0];
  const done = [0, 0];
  const count = c.mobiles.length;
  const started = process.hrtime.bigint();
  for (let turn = 0; turn < maxTurns; turn++) {
    sides.forEach((side, s) => {
      const cpu0 = cpuNs();
      const wall0 = process.hrtime.bigint();
      for (let i = 0; i < count; i++) side.open(i);
      wall[s] = (wall[s] ?? 0) + Number(process.hrtime.bigint() - wall0);
      cpu[s] = (cpu[s] ?? 0) + (cpuNs() - cpu0);
      done[s] = (done[s] ?? 0) + count;
    });
    if (Number(process.hrtime.bigint() - started) / 1e6 >= minMs) break;
  }
  const sample = (s: number): Sample => ({ wallUs: (wall[s] ?? 0) / 1000 / Math.max(done[s] ?? 0, 1), cpuUs: (cpu[s] ?? 0) / 1000 / Math.max(done[s] ?? 0, 1) });
  const [first, second] = [sample(0), sample(1)];
  return floorFirst ? { phonekit: second, floor: first } : { phonekit: first, floor: second };
}

export interface PlatformSide {
  readonly description: string;
  /** Wall-clock µs per payload, over rounds. */
  readonly wallUs: Summary;
  /** CPU µs per payload (this process, all threads), over rounds. */
  readonly cpuUs: Summary;
}

export interface PlatformResult {
  readonly platform: string;
  readonly scheme: string;
  readonly payloads: number;
  readonly phonekit: PlatformSide;
  readonly floor: PlatformSide;
  /** Per round, the floor's wall µs per payload over phonekit's: phonekit's payloads/s over the floor's (1.00x = as fast as the floor). */
  readonly ratio: Summary;
  /** The same from CPU time. */
  readonly cpuRatio: Summary;
  /** Per round, phonekit's wall µs per payload minus the floor's. */
  readonly extraUs: Summary;
}

/** A bound on the turns of one round that only a broken clock would reach: rounds end on time. */
const MAX_TURNS = 100_000;

export interface PlatformsBenchOptions {
  readonly rounds: number;
  /** Wall time of one case's turn in a round, both sides together. */
  readonly minMsPerRound: number;
  readonly log?: (line: string) => void;
}

/**
 * Checks every contender on every payload, warms each up with one pass, then
 * runs `rounds` rounds; in each, every case in turn (the order rotating from
 * round to round) measures phonekit next to its floor, who goes first
 * alternating by round.
 */
export function runPlatformsBench(cases: readonly PlatformCase[], options: PlatformsBenchOptions): PlatformResult[] {
  for (const c of cases) {
    check(c, 'phonekit');
    check(c, 'floor');
    measurePair(c, false, 0, 1);
  }
  const samples = cases.map(() => [] as Array<{ phonekit: Sample; floor: Sample }>);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const index = (k + round) % cases.length;
      const c = cases[index];
      if (c === undefined) continue;
      samples[index]?.push(measurePair(c, round % 2 === 1, options.minMsPerRound, MAX_TURNS));
    }
    options.log?.(`  platforms: round ${round + 1} of ${options.rounds} done`);
  }
  return cases.map((c, index) => {
    const rounds = samples[index] ?? [];
    const side = (pick: (r: { phonekit: Sample; floor: Sample }) => Sample, description: string): PlatformSide => ({
      description,
      wallUs: summarise(rounds.map((r) => pick(r).wallUs)),
      cpuUs: summarise(rounds.map((r) => pick(r).cpuUs)),
    });
    return {
      platform: c.platform,
      scheme: c.scheme,
      payloads: c.mobiles.length,
      phonekit: side((r) => r.phonekit, c.phonekit.description),
      floor: side((r) => r.floor, c.floor.description),
      ratio: summarise(rounds.map((r) => r.floor.wallUs / r.phonekit.wallUs)),
      cpuRatio: summarise(rounds.map((r) => r.floor.cpuUs / r.phonekit.cpuUs)),
      extraUs: summarise(rounds.map((r) => r.phonekit.wallUs - r.floor.wallUs)),
    };
  });
}
