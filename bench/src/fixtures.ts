import { buildAlipayPhoneResponse, generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';

/** One sandbox payload and the number it must decrypt to. */
export interface BenchPayload {
  /** The res.response string, exactly as my.getPhoneNumber gives it. */
  readonly response: string;
  readonly mobile: string;
}

/** Distinct mainland mobiles (valid prefixes, all different), deterministic. */
export function distinctMobiles(count: number): string[] {
  const prefixes = ['138', '139', '150', '151', '158', '159', '186', '187', '188', '177', '135', '136'];
  const mobiles: string[] = [];
  for (let i = 0; i < count; i++) {
    const prefix = prefixes[i % prefixes.length] ?? '138';
    const rest = String((i * 7919 + 10_000_000) % 100_000_000).padStart(8, '0');
    mobiles.push(`${prefix}${rest}`);
  }
  return mobiles;
}

/** Fresh RSA2 2048 sandbox keys and `count` distinct success payloads signed with them. */
export function makePayloads(count: number): { keys: AlipaySandboxKeys; payloads: BenchPayload[] } {
  const keys = generateAlipaySandboxKeys({ modulusLength: 2048 });
  const payloads = distinctMobiles(count).map((mobile) => ({
    response: buildAlipayPhoneResponse(keys, 'success', { mobile, signType: 'RSA2' }),
    mobile,
  }));
  return { keys, payloads };
}
