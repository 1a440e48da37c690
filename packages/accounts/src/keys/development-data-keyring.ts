import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDataKey, parseDataKeyring, type DataKeyring } from './data-keyring';
import { requireDataKeyring, type DataKeySettings } from './require-data-keyring';

/** The key file's name inside the data dir. */
export const DEVELOPMENT_KEY_FILE = 'data-key';

export interface DevelopmentDataKeyringOptions extends DataKeySettings {
  /** The data dir (PHONEKIT_DATA_DIR) the key file lives in. */
  readonly dataDir: string;
}

export interface DevelopmentDataKeyring {
  readonly keyring: DataKeyring;
  /** Where the key came from: the settings, or the key file in the data dir. */
  readonly source: 'settings' | 'key-file';
  /** The key file's path when the key came from it. */
  readonly keyFile: string | undefined;
  /** Whether this call generated the key file. */
  readonly created: boolean;
}

/**
 * The keyring for development and the sandbox: PHONEKIT_DATA_KEY when given,
 * otherwise the key in `<dataDir>/data-key`, generated there (mode 0600) on
 * first use so that `pnpm start` needs no set-up and a restart on the same
 * data dir still decrypts. Never use it in production: there, call
 * requireDataKeyring, which refuses to start without PHONEKIT_DATA_KEY.
 *
 * Two processes starting at once on a fresh data dir end up with the same
 * key: the file is written aside and linked into place, which fails for the
 * second one, who then reads the first one's.
 *
 * @example
 * ```ts
 * const { keyring, created, keyFile } = await developmentDataKeyring({ dataDir: '.phonekit', dataKey: env.PHONEKIT_DATA_KEY });
 * if (created) log.info(`generated a development data key in ${keyFile}`);
 * ```
 */
export async function developmentDataKeyring(options: DevelopmentDataKeyringOptions): Promise<DevelopmentDataKeyring> {
  if (options.dataKey !== undefined && options.dataKey.trim() !== '') {
    return { keyring: requireDataKeyring(options), source: 'settings', keyFile: undefined, created: false };
  }
  const blindIndexKey = options.blindIndexKey?.trim() === '' ? undefined : options.blindIndexKey?.trim();
  const keyFile = path.join(options.dataDir, DEVELOPMENT_KEY_FILE);
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });

  let created = false;
  if (!(await exists(keyFile))) {
    const aside = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(aside, `dev:${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(aside, keyFile);
      created = true;
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    } finally {
      await rm(aside, { force: true });
    }
  }
  // A key file someone loosened (or copied in) is tightened back.
  if (((await stat(keyFile)).mode & 0o077) !== 0) await chmod(keyFile, 0o600);
  const keyring = parseDataKeyring((await readFile(keyFile, 'utf8')).trim(), { blindIndexKey });
  return { keyring, source: 'key-file', keyFile, created };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
