import { createDecipheriv } from 'node:crypto';

/** A plain reference decrypt for assertions: AES-CBC by key length, zero IV, PKCS#7. */
export function decryptAlipayContent(ciphertextBase64: string, aesKeyBase64: string): string {
  const key = Buffer.from(aesKeyBase64, 'base64');
  const decipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16));
  return Buffer.concat([decipher.update(Buffer.from(ciphertextBase64, 'base64')), decipher.final()]).toString('utf8');
}
