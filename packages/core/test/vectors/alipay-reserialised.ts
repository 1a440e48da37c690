import { AES_128_KEY } from './alipay-aes';
import { FIXED_ALIPAY_PUBLIC_KEY, FIXED_MAINLAND, FIXED_OVERSEAS, type SignedPayloadInput, type SignedPayloadOutput } from './alipay-signed';
import type { Vector } from './vector';

/**
 * res.response texts that a JSON library re-serialised on their way to the
 * server, as real clients and proxies do. The JSON means the same, but the
 * raw text of the "response" value no longer is the text Alipay signed:
 * - Gson (Java, the default HTML-safe writer) writes "=" as \u003d;
 * - PHP's json_encode (without JSON_UNESCAPED_SLASHES) writes "/" as \/.
 * Both escape every string, the sign too. Alipay's documented check (and the
 * official SDKs') verifies over '"' + the decoded response + '"', which is
 * what the openssl-made signatures of alipay-signed.ts cover.
 */

/** What Gson writes for each "=" inside a string (the payload has none outside strings). */
export function gsonStyle(text: string): string {
  return text.replace(/=/g, '\\u003d');
}

/** What PHP's json_encode writes for each "/" inside a string (the payload has none outside strings). */
export function phpStyle(text: string): string {
  return text.replace(/\//g, '\\/');
}

/** The mainland ciphertext as Gson writes it: its "==" padding escaped. */
export const GSON_MAINLAND_CIPHERTEXT_LITERAL = '"8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lweLUW8OFQGwoHUT7Sisa2ugS4UjCNMEnYZb6aqUuhbDQ\\u003d\\u003d"';
/** The overseas ciphertext as json_encode writes it: its two "/" escaped. */
export const PHP_OVERSEAS_CIPHERTEXT_LITERAL = '"8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lwoKhoSzmS8uyYmdZkC7hdV0L\\/02hEFUmup07mw\\/u85YQ=="';

const canonical = (ciphertext: string, sign: string, signType = 'RSA2'): string =>
  `{"response":"${ciphertext}","sign":"${sign}","sign_type":"${signType}","encrypt_type":"AES","charset":"UTF-8"}`;

const MAINLAND = { mobile: '13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', masked: '138****2222' } as const;
const OVERSEAS = { mobile: '1-1234432112', countryCode: '1', nationalNumber: '1234432112', e164: '+11234432112', masked: '1-*******112' } as const;

const input = (responseText: string, signType: 'RSA2' | 'RSA' = 'RSA2'): SignedPayloadInput => ({
  responseText,
  publicKey: FIXED_ALIPAY_PUBLIC_KEY,
  aesKeyBase64: AES_128_KEY.base64,
  signType,
});

/** Re-serialised payloads that must verify and give the phone. */
export const RESERIALISED_VECTORS: readonly Vector<SignedPayloadInput, SignedPayloadOutput>[] = [
  {
    title: 'Gson wrote "=" as \\u003d in the ciphertext and the sign (RSA2)',
    input: input(gsonStyle(canonical(FIXED_MAINLAND.ciphertext, FIXED_MAINLAND.rsa2Sign))),
    output: MAINLAND,
  },
  {
    title: 'Gson wrote "=" as \\u003d, legacy RSA (SHA1withRSA)',
    input: input(gsonStyle(canonical(FIXED_MAINLAND.ciphertext, FIXED_MAINLAND.rsaSign, 'RSA')), 'RSA'),
    output: MAINLAND,
  },
  {
    title: 'PHP json_encode wrote "/" as \\/ in the ciphertext and the sign',
    input: input(phpStyle(canonical(FIXED_OVERSEAS.ciphertext, FIXED_OVERSEAS.rsa2Sign))),
    output: OVERSEAS,
  },
  {
    title: 'both at once: \\u003d and \\/',
    input: input(phpStyle(gsonStyle(canonical(FIXED_OVERSEAS.ciphertext, FIXED_OVERSEAS.rsa2Sign)))),
    output: OVERSEAS,
  },
  {
    title: 'a wrapper {"response": "<the Gson-escaped res.response>"}',
    input: input(JSON.stringify({ response: gsonStyle(canonical(FIXED_MAINLAND.ciphertext, FIXED_MAINLAND.rsa2Sign)) })),
    output: MAINLAND,
  },
  {
    title: 'the same escapes spelled in upper case (\\u003D), and an escaped letter',
    input: input(canonical(FIXED_MAINLAND.ciphertext.replace(/=/g, '\\u003D').replace(/^8/, '\\u0038'), FIXED_MAINLAND.rsa2Sign)),
    output: MAINLAND,
  },
];
