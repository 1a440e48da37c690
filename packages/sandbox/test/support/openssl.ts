// The openssl CLI is the independent party in these tests: if our bytes and
// its bytes agree, neither side is grading its own homework.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ZERO_IV_HEX = '00000000000000000000000000000000';

/** Runs openssl and returns its stdout; throws when it exits non-zero. */
export function openssl(args: readonly string[], input?: string): string {
  return execFileSync('openssl', args, {
    input: input ?? '',
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The openssl cipher name for a base64 AES key, by its decoded length. */
export function opensslCipherFor(aesKeyBase64: string): string {
  return `-aes-${Buffer.from(aesKeyBase64, 'base64').length * 8}-cbc`;
}

export function aesKeyHex(aesKeyBase64: string): string {
  return Buffer.from(aesKeyBase64, 'base64').toString('hex');
}

/** A scratch directory under os.tmpdir(), removed by `dispose`. */
export function makeScratchDir(): { dir: string; write: (name: string, data: string | Buffer) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-sandbox-'));
  return {
    dir,
    write(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function exitStatusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
    return error.status;
  }
  return undefined;
}

/**
 * Asks `openssl dgst -<digest> -verify` about a signature. Returns true on
 * "Verified OK", false on "Verification failure" (exit 1); rethrows anything else.
 */
export function opensslVerifies(digest: 'sha256' | 'sha1', publicKeyPath: string, signaturePath: string, contentPath: string): boolean {
  try {
    return openssl(['dgst', `-${digest}`, '-verify', publicKeyPath, '-signature', signaturePath, contentPath]).trim() === 'Verified OK';
  } catch (error) {
    if (exitStatusOf(error) === 1) return false;
    throw error;
  }
}
