import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadAlipayPublicKey } from '../src';

// loadAlipayPublicKey reads an RSA SPKI (the console's form) by building the
// key from its modulus and exponent, and keeps that key only if it exports
// back to the very bytes given. Whatever it reads must be the key node reads
// from the same bytes; whatever it does not take that way goes the full way.

const spki = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

const keys = [
  { bits: 1024, publicExponent: 65537 },
  { bits: 2048, publicExponent: 65537 },
  { bits: 2048, publicExponent: 3 },
  { bits: 3072, publicExponent: 65537 },
].map(({ bits, publicExponent }) => ({ bits, publicExponent, key: generateKeyPairSync('rsa', { modulusLength: bits, publicExponent }).publicKey }));

/** What node itself makes of these bytes: the key's SPKI, or that it refuses them. */
function nodeReads(der: Buffer): string {
  try {
    return spki(createPublicKey({ key: der, format: 'der', type: 'spki' })).toString('base64');
  } catch {
    return 'refused';
  }
}

function phonekitReads(der: Buffer): string {
  try {
    return spki(loadAlipayPublicKey(der.toString('base64')).key).toString('base64');
  } catch {
    return 'refused';
  }
}

describe('loadAlipayPublicKey on an RSA SPKI', () => {
  test.each(keys)('reads the key node reads ($bits bits, e=$publicExponent), as base64 and as PEM', ({ bits, key }) => {
    const der = spki(key);
    const fromBase64 = loadAlipayPublicKey(der.toString('base64'));
    expect(fromBase64.format).toBe('spki-base64');
    expect(fromBase64.modulusBits).toBe(bits);
    expect(spki(fromBase64.key).equals(der)).toBe(true);
    expect(fromBase64.key.asymmetricKeyDetails).toEqual(key.asymmetricKeyDetails);
    const fromPem = loadAlipayPublicKey(key.export({ type: 'spki', format: 'pem' }).toString());
    expect(fromPem.format).toBe('spki-pem');
    expect(spki(fromPem.key).equals(der)).toBe(true);
  });

  test('agrees with node on altered bytes: trailing data, long-form lengths, a changed tag, a flipped byte, cut short', () => {
    const key = keys[1]?.key;
    if (key === undefined) throw new Error('no 2048-bit key');
    const der = spki(key);
    const altered: Buffer[] = [
      Buffer.concat([der, Buffer.from([0])]),
      // outer length in 3 bytes instead of 2 (not DER)
      Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)]),
      Buffer.concat([Buffer.from([0x31]), der.subarray(1)]),
      Buffer.from(der).fill(0x05, 8, 9),
      Buffer.from(der).fill(0xff, der.length - 10, der.length - 9),
      der.subarray(0, der.length - 1),
    ];
    for (const bytes of altered) {
      const ours = phonekitReads(bytes);
      const theirs = nodeReads(bytes);
      // A key we read must be the key node reads; if node refuses the bytes, so do we.
      if (ours !== 'refused') expect(ours).toBe(theirs);
      if (theirs === 'refused') expect(ours).toBe('refused');
    }
  });
});
