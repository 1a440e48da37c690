import cluster from 'node:cluster';
import { createDecipheriv, createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * What the baseline apps share: the keys read once from the environment, the
 * bare node:crypto open of one `res.response`, and the one-or-N-workers start.
 */
export interface BaselineKeys {
  readonly publicKey: KeyObject;
  readonly aesKey: Buffer;
}

export function keysFromEnv(): BaselineKeys {
  const der = Buffer.from(process.env['ALIPAY_PUBLIC_KEY'] ?? '', 'base64');
  return { publicKey: createPublicKey({ key: der, format: 'der', type: 'spki' }), aesKey: Buffer.from(process.env['ALIPAY_AES_KEY'] ?? '', 'base64') };
}

const ZERO_IV = Buffer.alloc(16, 0);

/** Verifies the sign over the quoted ciphertext, decrypts once, answers the mobile. */
export function openPhone(text: string, keys: BaselineKeys): { status: number; body: unknown } {
  const outer = JSON.parse(text) as { response?: unknown; sign?: unknown };
  const { response, sign } = outer;
  if (typeof response !== 'string' || typeof sign !== 'string') return { status: 400, body: { error: 'PAYLOAD_MALFORMED' } };
  if (!verify('sha256', Buffer.from(`"${response}"`, 'utf8'), keys.publicKey, Buffer.from(sign, 'base64'))) {
    return { status: 400, body: { error: 'SIGNATURE_INVALID' } };
  }
  const decipher = createDecipheriv('aes-128-cbc', keys.aesKey, ZERO_IV);
  const plain = Buffer.concat([decipher.update(Buffer.from(response, 'base64')), decipher.final()]).toString('utf8');
  const { code, mobile } = JSON.parse(plain) as { code?: unknown; mobile?: unknown };
  if (code !== '10000' || typeof mobile !== 'string') return { status: 400, body: { error: 'ALIPAY_REFUSED' } };
  return { status: 200, body: { mobile } };
}

/** WEB_CONCURRENCY > 1: a node:cluster primary forks that many workers, each calls `listen` (as apps/server's cluster does). */
export function serve(listen: (port: number, host: string) => void): void {
  const workers = Number(process.env['WEB_CONCURRENCY'] ?? '1');
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork();
    process.once('SIGTERM', () => cluster.disconnect(() => process.exit(0)));
    return;
  }
  listen(Number(process.env['PORT'] ?? '3000'), process.env['HOST'] ?? '127.0.0.1');
}
