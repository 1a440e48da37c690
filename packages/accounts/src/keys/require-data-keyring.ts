import { AccountsError } from '../errors/accounts-error';
import { parseDataKeyring, type DataKeyring } from './data-keyring';

/** The key settings as the caller's validated env module read them. */
export interface DataKeySettings {
  /** PHONEKIT_DATA_KEY. */
  readonly dataKey?: string | undefined;
  /** PHONEKIT_BLIND_INDEX_KEY. */
  readonly blindIndexKey?: string | undefined;
}

/**
 * The keyring for production: PHONEKIT_DATA_KEY must be given. Without it
 * this throws DATA_KEY_MISSING (naming PHONEKIT_DATA_KEY), so a server never
 * starts storing phone numbers under a key nobody backed up.
 *
 * @example
 * ```ts
 * const keyring = requireDataKeyring({ dataKey: env.PHONEKIT_DATA_KEY, blindIndexKey: env.PHONEKIT_BLIND_INDEX_KEY });
 * ```
 */
export function requireDataKeyring(settings: DataKeySettings): DataKeyring {
  const dataKey = settings.dataKey?.trim();
  if (dataKey === undefined || dataKey === '') throw new AccountsError('DATA_KEY_MISSING');
  const blindIndexKey = settings.blindIndexKey?.trim();
  return parseDataKeyring(dataKey, { blindIndexKey: blindIndexKey === '' ? undefined : blindIndexKey });
}
