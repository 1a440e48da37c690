// The openssl CLI decrypts what the fake platforms encrypt: if its bytes and
// ours agree, our encoder is not grading its own homework.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const hexOf = (base64: string): string => Buffer.from(base64, 'base64').toString('hex');

/**
 * `openssl enc -d -aes-<bits>-cbc` of base64 ciphertext with a base64 key and
 * iv; `nopad` leaves the padding in (Baidu pads to 32-byte blocks, which
 * openssl's own PKCS#7 check refuses). Throws when openssl fails.
 */
export function opensslAesDecrypt(ciphertextBase64: string, keyBase64: string, ivBase64: string, options: { nopad?: boolean } = {}): Buffer {
  const bits = Buffer.from(keyBase64, 'base64').length * 8;
  const args = ['enc', '-d', `-aes-${bits}-cbc`, '-K', hexOf(keyBase64), '-iv', hexOf(ivBase64), ...(options.nopad === true ? ['-nopad'] : [])];
  return execFileSync('openssl', args, { input: Buffer.from(ciphertextBase64, 'base64'), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The same, or undefined where openssl refuses (a wrong key usually breaks the padding). */
export function opensslAesDecryptOrUndefined(ciphertextBase64: string, keyBase64: string, ivBase64: string, options: { nopad?: boolean } = {}): Buffer | undefined {
  try {
    return opensslAesDecrypt(ciphertextBase64, keyBase64, ivBase64, options);
  } catch {
    return undefined;
  }
}

/** `openssl pkeyutl -decrypt -pkeyopt rsa_padding_mode:pkcs1`: RSA PKCS#1 v1.5, which node 20 no longer decrypts. */
export function opensslRsaPkcs1Decrypt(ciphertextBase64: string, privateKeyPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-sandbox-rsa-'));
  try {
    const keyPath = join(dir, 'app-private.pem');
    writeFileSync(keyPath, privateKeyPem, { mode: 0o600 });
    return execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', keyPath, '-pkeyopt', 'rsa_padding_mode:pkcs1'], {
      input: Buffer.from(ciphertextBase64, 'base64'),
      stdio: ['pipe', 'pipe', 'pipe'],
    }).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Baidu's framing, read from an openssl `-nopad` decrypt: PKCS#7 to 32-byte
 * blocks, then 16 random bytes, a 4-byte big-endian length, the data and the
 * App Key. Undefined when the bytes are not so framed.
 */
export function unframeBaidu(plain: Buffer): { prefix: Buffer; data: string; appKey: string; pad: number } | undefined {
  const pad = plain.at(-1) ?? 0;
  if (pad < 1 || pad > 32 || plain.length % 32 !== 0 || plain.length < 20 + pad) return undefined;
  if (!plain.subarray(plain.length - pad).every((byte) => byte === pad)) return undefined;
  const body = plain.subarray(0, plain.length - pad);
  const length = body.readUInt32BE(16);
  if (20 + length > body.length) return undefined;
  return { prefix: body.subarray(0, 16), data: body.subarray(20, 20 + length).toString('utf8'), appKey: body.subarray(20 + length).toString('utf8'), pad };
}
