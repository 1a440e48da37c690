// The timing side of the padding oracle (issue 12, point 2). With
// allowUnsigned (development only) anyone can have a chosen ciphertext
// decrypted; every failure already answers the same DECRYPTION_FAILED, but if
// bad padding failed FASTER than good padding followed by bad UTF-8 or bad
// JSON, the time would tell the two apart, and that is enough to recover
// plaintext one byte at a time. So every failure path must do the same work.
//
// Why this is not a "timed assertion": nothing here says a decryption is fast
// or ends within some time. It measures three classes of failing ciphertext
// in one process, interleaved in a seeded random order, so whatever the
// machine's speed or load does to one class it does to the others, and it
// asserts that the classes' MEDIANS are equal within noise (ratio within
// 0.8-1.25). A slow or busy machine scales all three medians alike; only work
// that differs by class moves the ratio. Before the change, bad padding
// returned before any UTF-8 or JSON work, at about half the others' median.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { PhonekitError, decryptAlipayContent, loadAlipayAesKey, type AlipayAesKey } from '../src';

/** mulberry32: a small seeded PRNG, so every run measures the same inputs in the same order. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(0x5eed_0012);
const int = (below: number): number => Math.floor(random() * below);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

// A fixed test key (not a secret: it protects nothing).
const KEY_BYTES = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const ZERO_IV = Buffer.alloc(16);
const PER_CLASS = 2000;
const WARM_UP = 300;

/** Alipay's side, played with node:crypto: AES-128-CBC, zero IV, the plaintext given exactly (its padding made by hand). */
function encryptExactly(plain: Buffer): string {
  const cipher = createCipheriv('aes-128-cbc', KEY_BYTES, ZERO_IV);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** A genuine-looking 55-byte body (a random mobile), so every class has the same length and shape: 64 bytes padded. */
function body(): Buffer {
  let digits = '';
  for (let i = 0; i < 8; i++) digits += String(int(10));
  return Buffer.from(`{"code":"10000","msg":"Success","mobile":"138${digits}"}`, 'utf8');
}
const MOBILE_DIGITS_AT = Buffer.byteLength('{"code":"10000","msg":"Success","mobile":"138');

function pkcs7(plain: Buffer): Buffer {
  const pad = 16 - (plain.length % 16);
  return Buffer.concat([plain, Buffer.alloc(pad, pad)]);
}

type FailureClass = 'bad padding' | 'good padding, bad UTF-8' | 'good padding, bad JSON';
const CLASSES: readonly FailureClass[] = ['bad padding', 'good padding, bad UTF-8', 'good padding, bad JSON'];

/** One ciphertext of the class: the same body, broken in the one way the class names. */
function sample(kind: FailureClass): string {
  const plain = body();
  const at = MOBILE_DIGITS_AT + int(8);
  switch (kind) {
    case 'bad padding': {
      const padded = pkcs7(plain);
      const last = padded.length - 1;
      const how = int(3);
      // A last byte of 0, or above 16, or a padding byte that disagrees with the last one.
      if (how === 0) padded[last] = 0;
      else if (how === 1) padded[last] = 17 + int(239);
      else padded[last - 1 - int(8)] = pick([0x00, 0x01, 0x08, 0x0a, 0x20, 0x41, 0xff]);
      return encryptExactly(padded);
    }
    case 'good padding, bad UTF-8':
      // A lone continuation byte, an overlong lead, or a byte UTF-8 never uses.
      plain[at] = pick([0x80, 0x9f, 0xbf, 0xc0, 0xc1, 0xf5, 0xfe, 0xff]);
      return encryptExactly(pkcs7(plain));
    case 'good padding, bad JSON':
      // A stray quote, a backslash before a digit, or a control character inside the string.
      plain[at] = pick([0x22, 0x5c, 0x00, 0x01, 0x0a, 0x1f]);
      return encryptExactly(pkcs7(plain));
  }
}

/** The time of one failing decryption, in nanoseconds; fails the test if it did not fail with DECRYPTION_FAILED. */
function timeOne(ciphertext: string, key: AlipayAesKey): bigint {
  let thrown: unknown;
  const started = process.hrtime.bigint();
  try {
    decryptAlipayContent(ciphertext, key);
  } catch (err) {
    thrown = err;
  }
  const took = process.hrtime.bigint() - started;
  if (!(thrown instanceof PhonekitError) || thrown.code !== 'DECRYPTION_FAILED' || thrown.message !== 'The payload could not be decrypted.') {
    throw new Error(`a failing ciphertext did not fail with the one DECRYPTION_FAILED: ${String(thrown)}`);
  }
  return took;
}

function median(values: bigint[]): number {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? Number(sorted[mid]) : (Number(sorted[mid - 1]) + Number(sorted[mid])) / 2;
}

/** Fisher-Yates with the seeded PRNG. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

describe('the AES decrypt is no timing padding oracle', () => {
  let key: AlipayAesKey;
  beforeAll(() => {
    key = loadAlipayAesKey(KEY_BYTES.toString('base64'));
  });

  test('the fixtures are what they say: a genuine body decrypts, and each class is broken only as named', () => {
    const genuine = encryptExactly(pkcs7(body()));
    expect(decryptAlipayContent(genuine, key)['code']).toBe('10000');
    /** What the ciphertext holds, padding and all: node:crypto's CBC with padding off. */
    const plainOf = (ciphertext: string): Buffer => {
      const decipher = createDecipheriv('aes-128-cbc', KEY_BYTES, ZERO_IV);
      decipher.setAutoPadding(false);
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
    };
    for (let i = 0; i < 200; i++) {
      const badPadding = plainOf(sample('bad padding'));
      const pad = badPadding[63] ?? 0;
      const paddingValid = pad >= 1 && pad <= 16 && badPadding.subarray(64 - pad).every((b) => b === pad);
      expect(paddingValid).toBe(false);
      const badUtf8 = plainOf(sample('good padding, bad UTF-8')).subarray(0, 55);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(badUtf8)).toThrow();
      const badJson = plainOf(sample('good padding, bad JSON')).subarray(0, 55);
      expect(() => JSON.parse(badJson.toString('utf8')) as unknown).toThrow();
    }
  });

  test(`${PER_CLASS} of each failure class, interleaved: the medians agree within noise`, () => {
    const runs: { kind: FailureClass; ciphertext: string }[] = [];
    for (const kind of CLASSES) for (let i = 0; i < PER_CLASS; i++) runs.push({ kind, ciphertext: sample(kind) });
    const warmUp = CLASSES.flatMap((kind) => Array.from({ length: WARM_UP }, () => sample(kind)));
    for (const ciphertext of warmUp) timeOne(ciphertext, key);

    const times = new Map<FailureClass, bigint[]>(CLASSES.map((kind) => [kind, []]));
    for (const { kind, ciphertext } of shuffle(runs)) times.get(kind)?.push(timeOne(ciphertext, key));

    const medians = Object.fromEntries(CLASSES.map((kind) => [kind, median(times.get(kind) ?? [])])) as Record<FailureClass, number>;
    const ratios: Record<string, number> = {};
    for (const a of CLASSES) {
      for (const b of CLASSES) {
        if (a < b) ratios[`${a} / ${b}`] = Math.round((medians[a] / medians[b]) * 1000) / 1000;
      }
    }
    // The medians are printed with the ratios so a failure shows the whole picture.
    const within = Object.fromEntries(Object.entries(ratios).map(([pair, ratio]) => [pair, ratio >= 0.8 && ratio <= 1.25]));
    expect({ medians, ratios, within }).toEqual({ medians, ratios, within: Object.fromEntries(Object.keys(ratios).map((pair) => [pair, true])) });
  });
});
