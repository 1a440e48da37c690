import { createDecipheriv, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { loadAlipayAesKey, loadAlipayPublicKey, openAlipayPhoneResponse, type AlipayAppKeys } from '@phonekit/core';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import type { BenchPayload } from './fixtures';
import { summarise, type Summary } from './stats';

/** Reads one res.response string and returns the mobile it carries; throws when it does not verify. */
type OpenPayload = (response: string) => string;

export interface CoreContender {
  readonly name: string;
  readonly description: string;
  readonly open: OpenPayload;
}

interface OuterPayload {
  readonly response: string;
  readonly sign: string;
}

/** The outer res.response object: every contender starts from the same string. */
function readOuter(text: string): OuterPayload {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
  const response: unknown = Reflect.get(parsed, 'response');
  const sign: unknown = Reflect.get(parsed, 'sign');
  if (typeof response !== 'string' || typeof sign !== 'string') throw new Error('not a signed, encrypted payload');
  return { response, sign };
}

function readMobile(plain: string): string {
  const body: unknown = JSON.parse(plain);
  if (typeof body !== 'object' || body === null) throw new Error('body is not an object');
  const code: unknown = Reflect.get(body, 'code');
  const mobile: unknown = Reflect.get(body, 'mobile');
  if (code !== '10000' || typeof mobile !== 'string') throw new Error('not a success body');
  return mobile;
}

/** phonekit: keys parsed once, then openAlipayPhoneResponse per payload (parse, verify, decrypt, interpret, normalise). */
export function phonekitContender(keys: AlipaySandboxKeys): CoreContender {
  const app: AlipayAppKeys = {
    appId: keys.appId,
    publicKey: loadAlipayPublicKey(keys.publicKeyBase64),
    aesKey: loadAlipayAesKey(keys.aesKeyBase64),
    signType: 'RSA2',
  };
  return {
    name: 'phonekit',
    description: '`openAlipayPhoneResponse(response, app)`, keys parsed once (includes phone normalisation with libphonenumber-js)',
    open: (response) => openAlipayPhoneResponse(response, app).mobile,
  };
}

/** The official alipay-sdk v4, used as its docs show for front-end payloads. */
export function alipaySdkContender(keys: AlipaySandboxKeys): CoreContender {
  // The SDK insists on an application private key; it plays no part in verifying or decrypting.
  const appPrivateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const sdk = new AlipaySdk({
    appId: keys.appId,
    privateKey: appPrivateKey,
    keyType: 'PKCS8',
    alipayPublicKey: keys.publicKeyBase64,
    encryptKey: keys.aesKeyBase64,
  });
  return {
    name: 'alipay-sdk',
    description: "official `alipay-sdk` v4: `sdk.rsaCheck('\"' + response + '\"', sign, 'RSA2')` then `sdk.aesDecrypt(response)` + `JSON.parse`",
    open: (text) => {
      const { response, sign } = readOuter(text);
      if (!sdk.rsaCheck(`"${response}"`, sign, 'RSA2')) throw new Error('alipay-sdk: signature invalid');
      return readMobile(sdk.aesDecrypt(response));
    },
  };
}

/** The floor: bare node:crypto with a pre-parsed KeyObject, one decipher, JSON.parse. No checks beyond that. */
export function nodeCryptoContender(keys: AlipaySandboxKeys): CoreContender {
  const publicKey: KeyObject = createPublicKey(keys.publicKeyPem);
  const aesKey = Buffer.from(keys.aesKeyBase64, 'base64');
  const iv = Buffer.alloc(16, 0);
  return {
    name: 'node:crypto floor',
    description: '`crypto.verify` with a pre-parsed KeyObject + one `createDecipheriv` + `JSON.parse` (no validation, no normalisation)',
    open: (text) => {
      const { response, sign } = readOuter(text);
      if (!verify('sha256', Buffer.from(`"${response}"`, 'utf8'), publicKey, Buffer.from(sign, 'base64'))) {
        throw new Error('floor: signature invalid');
      }
      const decipher = createDecipheriv('aes-128-cbc', aesKey, iv);
      const plain = Buffer.concat([decipher.update(Buffer.from(response, 'base64')), decipher.final()]).toString('utf8');
      return readMobile(plain);
    },
  };
}

/** Throws unless the contender reads every payload to its mobile. */
export function checkContender(contender: CoreContender, payloads: readonly BenchPayload[]): void {
  for (const payload of payloads) {
    const mobile = contender.open(payload.response);
    if (mobile !== payload.mobile) throw new Error(`${contender.name} read ${mobile.slice(0, 3)}… instead of the expected number`);
  }
}

/** CPU time this process has used, in nanoseconds (user + system, all its threads). */
function cpuNs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

/**
 * One round: contenders take turns, one block (a whole pass over the payload
 * set) at a time, until `minMs` of wall time has passed (bounded to
 * `maxTurns` turns each). Taking turns spreads bursts of other load on the
 * machine over all of them; whole passes keep one contender's cache and
 * garbage out of another's timing. Returns payloads per CPU-second and per
 * wall-clock second for each.
 */
function measureRound(
  contenders: readonly CoreContender[],
  payloads: readonly BenchPayload[],
  minMs: number,
  maxTurns: number,
): { perCpuSecond: number[]; perWallSecond: number[] } {
  const cpu = contenders.map(() => 0);
  const wall = contenders.map(() => 0);
  const done = contenders.map(() => 0);
  const started = process.hrtime.bigint();
  for (let turn = 0; turn < maxTurns; turn++) {
    contenders.forEach((contender, c) => {
      const cpu0 = cpuNs();
      const wall0 = process.hrtime.bigint();
      for (const payload of payloads) contender.open(payload.response);
      wall[c] = (wall[c] ?? 0) + Number(process.hrtime.bigint() - wall0);
      cpu[c] = (cpu[c] ?? 0) + (cpuNs() - cpu0);
      done[c] = (done[c] ?? 0) + payloads.length;
    });
    if (Number(process.hrtime.bigint() - started) / 1e6 >= minMs) break;
  }
  return {
    perCpuSecond: contenders.map((_, c) => ((done[c] ?? 0) / Math.max(cpu[c] ?? 0, 1)) * 1e9),
    perWallSecond: contenders.map((_, c) => ((done[c] ?? 0) / Math.max(wall[c] ?? 0, 1)) * 1e9),
  };
}

export interface CoreResult {
  readonly name: string;
  readonly description: string;
  /** Payloads per CPU-second of this process, over rounds (the headline: other load on the machine barely moves it). */
  readonly perCpuSecond: Summary;
  /** Payloads per wall-clock second, over rounds. */
  readonly perWallSecond: Summary;
  /** Per round, this contender's rate (per CPU-second) divided by each baseline's rate in the same round. */
  readonly ratios: Readonly<Record<string, Summary>>;
  /** The same ratios per wall-clock second. */
  readonly wallRatios: Readonly<Record<string, Summary>>;
}

export interface CoreBenchOptions {
  readonly rounds: number;
  /** Wall time of one round, all contenders together. */
  readonly minMsPerRound: number;
}

/**
 * Runs every contender over the same payloads, taking turns within each
 * round and rotating who goes first from round to round.
 */
export function runCoreBench(contenders: readonly CoreContender[], payloads: readonly BenchPayload[], options: CoreBenchOptions): CoreResult[] {
  for (const contender of contenders) checkContender(contender, payloads);
  // Warm-up: one pass each, not recorded.
  measureRound(contenders, payloads, 0, 1);
  const cpuRates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const wallRates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]).filter((c): c is CoreContender => c !== undefined);
    const { perCpuSecond, perWallSecond } = measureRound(order, payloads, options.minMsPerRound, 50);
    order.forEach((contender, i) => {
      cpuRates.get(contender.name)?.push(perCpuSecond[i] ?? Number.NaN);
      wallRates.get(contender.name)?.push(perWallSecond[i] ?? Number.NaN);
    });
  }
  const ratiosOf = (rates: Map<string, number[]>, name: string): Record<string, Summary> => {
    const own = rates.get(name) ?? [];
    const ratios: Record<string, Summary> = {};
    for (const baseline of contenders) {
      const base = rates.get(baseline.name) ?? [];
      ratios[baseline.name] = summarise(own.map((r, i) => r / (base[i] ?? Number.NaN)));
    }
    return ratios;
  };
  return contenders.map((contender) => ({
    name: contender.name,
    description: contender.description,
    perCpuSecond: summarise(cpuRates.get(contender.name) ?? []),
    perWallSecond: summarise(wallRates.get(contender.name) ?? []),
    ratios: ratiosOf(cpuRates, contender.name),
    wallRatios: ratiosOf(wallRates, contender.name),
  }));
}
