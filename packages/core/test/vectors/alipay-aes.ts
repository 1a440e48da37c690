import type { Vector } from './vector';

/**
 * Alipay AES-CBC known answers (zero IV, PKCS#7), computed once with
 *   printf '%s' "$PLAINTEXT" | openssl enc -aes-<bits>-cbc -K <hex key> -iv 00000000000000000000000000000000 -base64 -A
 * and pasted in, so they guard against regressions even where openssl is missing.
 */
export const AES_128_KEY = { hex: 'bc3ab4cf88ba6b655ddad7997a2d97e9', base64: 'vDq0z4i6a2Vd2teZei2X6Q==' } as const;
export const AES_192_KEY = { hex: 'b26ad6a92b13eb70d97297f2a66570539280af1d8e8d29c3', base64: 'smrWqSsT63DZcpfypmVwU5KArx2OjSnD' } as const;
export const AES_256_KEY = {
  hex: '3efbb9dab34e69a45edd311e8c12ddf8197a054531df7999436a833845e07250',
  base64: 'Pvu52rNOaaRe3TEejBLd+Bl6BUUx33mZQ2qDOEXgclA=',
} as const;

export interface AesVectorInput {
  readonly aesKey: { readonly hex: string; readonly base64: string };
  /** The business JSON exactly as encrypted. */
  readonly plaintext: string;
}

export interface AesVectorOutput {
  readonly cipher: 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';
  readonly ciphertext: string;
}

export const ALIPAY_AES_VECTORS: readonly Vector<AesVectorInput, AesVectorOutput>[] = [
  {
    title: 'a mainland success body under AES-128',
    input: { aesKey: AES_128_KEY, plaintext: '{"code":"10000","msg":"Success","mobile":"13811112222"}' },
    output: {
      cipher: 'aes-128-cbc',
      ciphertext: '8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lweLUW8OFQGwoHUT7Sisa2ugS4UjCNMEnYZb6aqUuhbDQ==',
    },
  },
  {
    title: 'a mainland success body under AES-192',
    input: { aesKey: AES_192_KEY, plaintext: '{"code":"10000","msg":"Success","mobile":"13811112222"}' },
    output: {
      cipher: 'aes-192-cbc',
      ciphertext: 'fhcsyK/Mhn+VptASK3DZpzNtwilaxiAcoiisGgGpF6TbS5J9LyrzwMmG3xdUEnVCgNzOdlWJtGUsswORNVnlIg==',
    },
  },
  {
    title: 'a mainland success body under AES-256',
    input: { aesKey: AES_256_KEY, plaintext: '{"code":"10000","msg":"Success","mobile":"13811112222"}' },
    output: {
      cipher: 'aes-256-cbc',
      ciphertext: 'mEHiLuj+5awL1beMHRhb1sv6PCUFbtO8z0AOUdUxW/15V8HG2mX8Rd4+q+kPas35kmMTeEq7McO+3cvL4XFtxQ==',
    },
  },
  {
    title: 'an overseas (+1) success body under AES-128',
    input: { aesKey: AES_128_KEY, plaintext: '{"code":"10000","msg":"Success","mobile":"1-1234432112"}' },
    output: {
      cipher: 'aes-128-cbc',
      ciphertext: '8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lwoKhoSzmS8uyYmdZkC7hdV0L/02hEFUmup07mw/u85YQ==',
    },
  },
  {
    title: 'a Hong Kong success body under AES-128',
    input: { aesKey: AES_128_KEY, plaintext: '{"code":"10000","msg":"Success","mobile":"852-91234567"}' },
    output: {
      cipher: 'aes-128-cbc',
      ciphertext: '8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lxoOjvvHW5oGzbKm4K27XXKAIulcQE2w7BE16ZDe9xp4w==',
    },
  },
  {
    title: 'a 40003 error body with Chinese (multi-byte UTF-8) text under AES-128',
    input: {
      aesKey: AES_128_KEY,
      plaintext: '{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}',
    },
    output: {
      cipher: 'aes-128-cbc',
      ciphertext:
        'QNLEE6T5yuZDvVFXFCq6G3f/7iujNSh09MpuZ4fV8ynUT6uK8y9DiUiBdFT8G6o4D/YMlIuv7GNRBTglHkATQJ7V5flykP6HEHxWg2Z3Ck1V1foD9n8S1ukYZWouGddeK0tWjWxpTLo/5m0jC1iRX//r2h3h3/wrJSvYP8QpUMo=',
    },
  },
  {
    title: 'a success body with an empty mobile under AES-256',
    input: { aesKey: AES_256_KEY, plaintext: '{"code":"10000","msg":"Success","mobile":""}' },
    output: { cipher: 'aes-256-cbc', ciphertext: 'mEHiLuj+5awL1beMHRhb1sv6PCUFbtO8z0AOUdUxW/1nJU8eB0AjckaGeBU5f8gX' },
  },
];

export interface UnreadableInput {
  readonly aesKey: { readonly hex: string; readonly base64: string };
  readonly ciphertext: string;
  /** How openssl made it, for the record. */
  readonly made: string;
}

/** Ciphertexts that must all fail as one DECRYPTION_FAILED. */
export const ALIPAY_AES_UNREADABLE_VECTORS: readonly Vector<UnreadableInput, 'DECRYPTION_FAILED'>[] = [
  {
    title: 'an empty plaintext (valid padding, nothing to parse)',
    input: { aesKey: AES_128_KEY, ciphertext: 'Ti66u62IlKBRm9CHo6ZGKQ==', made: "printf '' | openssl enc -aes-128-cbc ..." },
    output: 'DECRYPTION_FAILED',
  },
  {
    title: 'a block encrypted without padding (bad PKCS#7 padding)',
    input: {
      aesKey: AES_128_KEY,
      ciphertext: 'WmDyaeW/vkR88P50ZNvZKQ==',
      made: `printf '{"code":"10000"}' | openssl enc -aes-128-cbc -nopad ...`,
    },
    output: 'DECRYPTION_FAILED',
  },
  {
    title: 'a mainland success body decrypted with the AES-256 key instead of the AES-128 one',
    input: {
      aesKey: AES_256_KEY,
      ciphertext: '8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lweLUW8OFQGwoHUT7Sisa2ugS4UjCNMEnYZb6aqUuhbDQ==',
      made: 'the AES-128 vector above',
    },
    output: 'DECRYPTION_FAILED',
  },
];
