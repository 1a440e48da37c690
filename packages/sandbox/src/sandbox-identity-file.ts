import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxMiniProgramPlatform } from './lib/mini-program-apps';
import { completeSandboxIdentity, generateSandboxIdentity, inspectSandboxIdentity, type InspectedSandboxIdentity, type SandboxIdentity } from './sandbox-identity';

/** The identity file's name inside the data dir. */
export const SANDBOX_IDENTITY_FILE = 'sandbox-identity.json';

/** The identity file could not be read, was not an identity, or could not be written. The message is one line naming the file and the fix. */
export class SandboxIdentityFileError extends Error {
  override readonly name = 'SandboxIdentityFileError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PersistedSandboxIdentity {
  readonly identity: SandboxIdentity;
  /** The absolute path of `<dataDir>/sandbox-identity.json`. */
  readonly file: string;
  /** Whether this call generated the identity (false: read back from the file). */
  readonly created: boolean;
  /** Present when the file predated these platforms: this call generated them and wrote them into the file. */
  readonly upgraded?: readonly SandboxMiniProgramPlatform[];
}

export interface LoadOrCreateSandboxIdentityOptions {
  /**
   * Makes the identity when the file does not exist yet, and the platforms an
   * older file lacks (only those are taken from it). Default: {@link generateSandboxIdentity}.
   */
  readonly generate?: () => SandboxIdentity;
}

/**
 * The sandbox identity kept in `<dataDir>/sandbox-identity.json`: generated
 * there (mode 0600, the folder 0700) on first use and read back on every
 * later start, so a restart on the same data dir plays the same WeChat appid
 * (the same openids, so the same users) and the same Alipay keys (those a
 * developer copied into a config keep working).
 *
 * Two processes starting at once on a fresh data dir end up with the same
 * identity: each writes its own aside (exclusive create) and links it into
 * place, which fails with EEXIST for all but the first; the others read the
 * first one's. The file appears whole or not at all.
 *
 * A file that cannot be read or is not an identity is an error
 * ({@link SandboxIdentityFileError}), never silently replaced: a new identity
 * would turn every WeChat sandbox user into a new user and void the copied
 * Alipay keys. Deleting the file is the developer's explicit choice.
 *
 * A file written before the sandbox played Douyin, Baidu, QQ and Kuaishou
 * (only Alipay and WeChat) is upgraded in place: the missing platforms are
 * generated and the whole identity written aside (0600) and renamed over the
 * file, so it changes whole or not at all and the Alipay and WeChat parts
 * stay as they were. Processes starting at once on such a file agree: one
 * takes `<file>.upgrade-lock` (exclusive create), the others wait for it to
 * go and read the upgraded file; a lock older than 10 s (a process that died
 * mid-upgrade) is removed.
 *
 * Synchronous: it runs while the configuration loads, before anything listens.
 */
export function loadOrCreateSandboxIdentity(dataDir: string, options: LoadOrCreateSandboxIdentityOptions = {}): PersistedSandboxIdentity {
  const file = join(dataDir, SANDBOX_IDENTITY_FILE);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new SandboxIdentityFileError(file, `cannot create the data dir ${dataDir} for the sandbox identity (${codeOf(error)}): make it writable or set PHONEKIT_DATA_DIR to a folder you own.`);
  }

  let created = false;
  if (!exists(file)) {
    const identity = (options.generate ?? generateSandboxIdentity)();
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      writeFileSync(aside, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      try {
        linkSync(aside, file);
        created = true;
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw error;
      }
    } catch (error) {
      throw new SandboxIdentityFileError(file, `cannot write the sandbox identity ${file} (${codeOf(error)}): make ${dataDir} writable or set PHONEKIT_DATA_DIR to a folder you own.`);
    } finally {
      rmSync(aside, { force: true });
    }
    if (created) return { identity, file, created };
  }
  const read = readIdentityFile(file);
  if (read.added.length === 0) return { identity: completeSandboxIdentity(read), file, created: false };
  return upgradeIdentityFile(file, dataDir, options.generate ?? generateSandboxIdentity);
}

const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 15_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Adds the platforms an older identity file lacks, under an exclusive lock, and answers the upgraded identity. */
function upgradeIdentityFile(file: string, dataDir: string, generate: () => SandboxIdentity): PersistedSandboxIdentity {
  const lock = `${file}.upgrade-lock`;
  const started = Date.now();
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') {
        throw new SandboxIdentityFileError(file, `cannot upgrade the sandbox identity ${file} (${codeOf(error)}): make ${dataDir} writable or set PHONEKIT_DATA_DIR to a folder you own.`);
      }
      // Another process is upgrading: wait for its lock to go, then read what it wrote.
      sleep(25);
      const read = readIdentityFile(file);
      if (read.added.length === 0) return { identity: completeSandboxIdentity(read), file, created: false };
      if (lockAge(lock) > LOCK_STALE_MS) rmSync(lock, { force: true });
      else if (Date.now() - started > LOCK_WAIT_MS) {
        throw new SandboxIdentityFileError(file, `${lock} has been held for more than ${LOCK_WAIT_MS / 1000} s while upgrading the sandbox identity: if no other server is starting, delete ${lock}.`);
      }
      continue;
    }
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      // Read again under the lock: another process may have finished the upgrade since.
      const read = readIdentityFile(file);
      const identity = completeSandboxIdentity(read, () => generate());
      if (read.added.length === 0) return { identity, file, created: false };
      const mismatch = keyMismatch(identity);
      if (mismatch !== undefined) throw new SandboxIdentityFileError(file, `the generated sandbox identity is not usable (${mismatch}).`);
      writeFileSync(aside, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      renameSync(aside, file);
      return { identity, file, created: false, upgraded: read.added };
    } catch (error) {
      if (error instanceof SandboxIdentityFileError) throw error;
      throw new SandboxIdentityFileError(file, `cannot upgrade the sandbox identity ${file} (${codeOf(error)}): make ${dataDir} writable or set PHONEKIT_DATA_DIR to a folder you own.`);
    } finally {
      rmSync(aside, { force: true });
      rmSync(lock, { force: true });
    }
  }
}

function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** What deleting the file means, said in the error so that nobody deletes it unawares. */
const NEW_IDENTITY =
  'a new identity is generated at the next start (WeChat sandbox users then get new openids, so new accounts; Alipay keys copied from the sandbox must be copied again)';

/**
 * Reads an identity file, checked (its key pairs too); a file loosened to
 * more than 0600 is tightened back (it holds private keys). The platforms an
 * older file lacks are named in `added`.
 */
function readIdentityFile(file: string): InspectedSandboxIdentity {
  let text: string;
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SandboxIdentityFileError(file, `cannot read the sandbox identity ${file} (${codeOf(error)}). Fix its permissions, or delete it and ${NEW_IDENTITY}.`);
  }
  const read = inspectSandboxIdentity(text);
  if (read === undefined) {
    throw new SandboxIdentityFileError(file, `${file} is not a sandbox identity (not JSON, or a key or appid missing). Delete it and ${NEW_IDENTITY}.`);
  }
  const mismatch = keyMismatch(read.value as unknown as PartialIdentity);
  if (mismatch !== undefined) throw new SandboxIdentityFileError(file, `${file} is not a sandbox identity (${mismatch}). Delete it and ${NEW_IDENTITY}.`);
  return read;
}

/** An identity whose later platforms may be absent (an older file not upgraded yet). */
type PartialIdentity = Pick<SandboxIdentity, 'alipay' | 'wechat'> & Partial<Omit<SandboxIdentity, 'alipay' | 'wechat'>>;

/** Why the identity's key pairs are not usable, or undefined: a file edited by hand fails here, not later under an env variable's name. */
function keyMismatch(identity: PartialIdentity): string | undefined {
  const pairs: [string, string, string][] = [
    ["Alipay's", identity.alipay.privateKeyPem, identity.alipay.publicKeyPem],
    ["the app's", identity.alipay.appPrivateKeyPem, identity.alipay.appPublicKeyPem],
  ];
  if (identity.douyin !== undefined) pairs.push(["the Douyin app's", identity.douyin.appPrivateKeyPem, identity.douyin.appPublicKeyPem]);
  for (const [whose, privatePem, publicPem] of pairs) {
    try {
      const derived = createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'der' });
      if (!derived.equals(createPublicKey(publicPem).export({ type: 'spki', format: 'der' }))) return `${whose} private and public keys are not one pair`;
    } catch {
      return `${whose} key pair is not valid PEM`;
    }
  }
  const aes = Buffer.from(identity.alipay.aesKeyBase64, 'base64');
  if (![16, 24, 32].includes(aes.length)) return 'the Alipay AES key is not 16, 24 or 32 bytes';
  return undefined;
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw new SandboxIdentityFileError(file, `cannot read the sandbox identity ${file} (${codeOf(error)}): fix the data dir's permissions.`);
  }
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
