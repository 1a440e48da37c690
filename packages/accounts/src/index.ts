export { openAccounts } from './accounts';
export { accountsStartError, openMigratedAccounts } from './open-migrated-accounts';
export type { Accounts, OpenAccountsOptions } from './accounts';

export { parseDataKeyring, generateDataKey, DEFAULT_DATA_KEY_ID, DEFAULT_BLIND_INDEX_KEY_ID } from './keys/data-keyring';
export type { DataKeyring, ParseDataKeyringOptions } from './keys/data-keyring';
export { requireDataKeyring } from './keys/require-data-keyring';
export type { DataKeySettings } from './keys/require-data-keyring';
export { developmentDataKeyring, DEVELOPMENT_KEY_FILE } from './keys/development-data-keyring';
export type { DevelopmentDataKeyring, DevelopmentDataKeyringOptions } from './keys/development-data-keyring';

export { AccountsError, isAccountsError } from './errors/accounts-error';
export type { AccountsErrorBody, AccountsErrorOptions } from './errors/accounts-error';
export { ACCOUNTS_ERROR_CODES, ACCOUNTS_ERROR_CATALOGUE } from './errors/catalogue';
export type { AccountsErrorCode, AccountsCatalogueEntry } from './errors/catalogue';

export { ACCOUNTS_SCHEMA, ACCOUNT_TABLES } from './database/schema';
export type { AccountsDatabase, AccountTable } from './database/schema';
export type { AccountsDatabaseOptions, AccountsDriver } from './database/connect';
export type { RawRow, RawRowsFilter } from './maintenance/raw-rows';

export { PLATFORMS, SESSION_SECRET_KINDS } from './types';
export type {
  Consent,
  ConsentInput,
  CreateSessionOptions,
  KeyRotation,
  MigrationOutcome,
  NewSession,
  Platform,
  PhoneBinding,
  PhoneNumberInput,
  RotateKeyOptions,
  Session,
  SessionSecretInfo,
  SessionSecretKind,
  SessionSelector,
  SessionUser,
  UpsertedUser,
  UpsertUserInput,
  User,
  UserErasure,
  UserExport,
} from './types';
