import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSandboxIdentity, parseSandboxIdentity, type SandboxIdentity } from './sandbox-identity';

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
}

export interface LoadOrCreateSandboxIdentityOptions {
  /** Makes the identity when the file does not exist yet. Default: {@link generateSandboxIdentity}. */
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
  return { identity: readIdentityFile(file), file, created: false };
}

/** What deleting the file means, said in the error so that nobody deletes it unawares. */
const NEW_IDENTITY =
  'a new identity is generated at the next start (WeChat sandbox users then get new openids, so new accounts; Alipay keys copied from the sandbox must be copied again)';

/** Reads an identity file; a file loosened to more than 0600 is tightened back (it holds private keys). */
function readIdentityFile(file: string): SandboxIdentity {
  let text: string;
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SandboxIdentityFileError(file, `cannot read the sandbox identity ${file} (${codeOf(error)}). Fix its permissions, or delete it and ${NEW_IDENTITY}.`);
  }
  const identity = parseSandboxIdentity(text);
  if (identity === undefined) {
    throw new SandboxIdentityFileError(file, `${file} is not a sandbox identity (not JSON, or a key or appid missing). Delete it and ${NEW_IDENTITY}.`);
  }
  const mismatch = keyMismatch(identity);
  if (mismatch !== undefined) throw new SandboxIdentityFileError(file, `${file} is not a sandbox identity (${mismatch}). Delete it and ${NEW_IDENTITY}.`);
  return identity;
}

/** Why the identity's key pairs are not usable, or undefined: a file edited by hand fails here, not later under an env variable's name. */
function keyMismatch(identity: SandboxIdentity): string | undefined {
  const pairs: readonly [string, string, string][] = [
    ["Alipay's", identity.alipay.privateKeyPem, identity.alipay.publicKeyPem],
    ["the app's", identity.alipay.appPrivateKeyPem, identity.alipay.appPublicKeyPem],
  ];
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
