/**
 * The accounts error catalogue: every failure this package reports, with the
 * HTTP status a route should answer, a one-line message and the fix in
 * English and Chinese.
 *
 * `ACCOUNTS_ERROR_CODES` is the closed set; `ACCOUNTS_ERROR_CATALOGUE` is a
 * `Record<AccountsErrorCode, ...>`, so a new code without its entry does not
 * compile. Messages never contain phone numbers, keys or session tokens.
 */
export const ACCOUNTS_ERROR_CODES = [
  // caller input
  'INPUT_INVALID',
  'PHONE_INVALID',
  // state
  'USER_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'PHONE_ALREADY_BOUND',
  // keys and encrypted fields
  'DATA_KEY_MISSING',
  'DATA_KEY_INVALID',
  'BLIND_INDEX_KEY_INVALID',
  'DATA_KEY_UNKNOWN',
  'FIELD_DECRYPTION_FAILED',
  // database
  'DATABASE_OPTIONS_INVALID',
  'MIGRATION_FAILED',
  'DATABASE_UNAVAILABLE',
] as const;

export type AccountsErrorCode = (typeof ACCOUNTS_ERROR_CODES)[number];

export interface AccountsCatalogueEntry {
  /** HTTP status a route answers with. */
  readonly httpStatus: number;
  /** What went wrong, in one sentence. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  /** 怎么处理（中文）. */
  readonly hintZh: string;
}

const entry = (httpStatus: number, message: string, hint: string, hintZh: string): AccountsCatalogueEntry => ({
  httpStatus,
  message,
  hint,
  hintZh,
});

export const ACCOUNTS_ERROR_CATALOGUE: Readonly<Record<AccountsErrorCode, AccountsCatalogueEntry>> = {
  INPUT_INVALID: entry(
    400,
    'An argument does not have the expected shape.',
    'The message names the field; pass it as the TSDoc of the operation shows.',
    '错误信息中给出了字段名；请按该操作的文档传参。',
  ),
  PHONE_INVALID: entry(
    400,
    'The phone number is not a consistent {e164, countryCode, nationalNumber} triple.',
    'Pass the normalised phone (as phonekit answers it): e164 is "+" + countryCode + nationalNumber, digits only.',
    '请传入规范化后的手机号（phonekit 返回的格式）：e164 = "+" + countryCode + nationalNumber，且只含数字。',
  ),
  USER_NOT_FOUND: entry(
    404,
    'No user with this id exists.',
    'Use the id upsertUser or userBySessionToken answered; an erased user is gone for good.',
    '请使用 upsertUser 或 userBySessionToken 返回的用户 id；已注销的用户无法恢复。',
  ),
  SESSION_NOT_FOUND: entry(
    404,
    'No session with this id exists.',
    'Use the session id createSession or userBySessionToken answered; it is gone once deleted or erased.',
    '请使用 createSession 或 userBySessionToken 返回的会话 id；会话删除或用户注销后即失效。',
  ),
  PHONE_ALREADY_BOUND: entry(
    409,
    'This phone number is already bound to another user of this app.',
    'Ask the user to sign in with the account that holds this number, or erase that account first.',
    '该手机号已绑定到本应用的另一个用户：请让用户使用绑定该号码的账号登录，或先注销该账号。',
  ),
  DATA_KEY_MISSING: entry(
    500,
    'PHONEKIT_DATA_KEY is not set: phone numbers and session keys cannot be stored without a data key.',
    'Generate one with `openssl rand -base64 32` and set PHONEKIT_DATA_KEY to it (or to "id:base64" entries, newest last). Keep it out of the repository and back it up: rows cannot be read without it.',
    '未设置 PHONEKIT_DATA_KEY：没有数据密钥就无法加密存储手机号和 session_key。请用 `openssl rand -base64 32` 生成并设置 PHONEKIT_DATA_KEY（或 "id:base64" 列表，最新的放最后）。不要提交到仓库，并妥善备份：丢失后数据无法解密。',
  ),
  DATA_KEY_INVALID: entry(
    500,
    'PHONEKIT_DATA_KEY is not a valid key or keyring.',
    'Use the base64 of exactly 32 random bytes, or comma-separated "id:base64" entries (ids of letters, digits, "-" or "_", each once), the newest last.',
    'PHONEKIT_DATA_KEY 格式不对：应为 32 字节随机数的 base64，或以逗号分隔的 "id:base64" 列表（id 由字母、数字、"-"、"_" 组成且不重复），最新的放最后。',
  ),
  BLIND_INDEX_KEY_INVALID: entry(
    500,
    'PHONEKIT_BLIND_INDEX_KEY is not a valid key.',
    'Use the base64 of exactly 32 random bytes (optionally "id:base64"), or leave it unset to derive the blind-index key from PHONEKIT_DATA_KEY.',
    'PHONEKIT_BLIND_INDEX_KEY 格式不对：应为 32 字节随机数的 base64（可写成 "id:base64"），或不设置，由 PHONEKIT_DATA_KEY 派生。',
  ),
  DATA_KEY_UNKNOWN: entry(
    500,
    'A stored row is encrypted under a key id that is not in PHONEKIT_DATA_KEY.',
    'Put the old key back into PHONEKIT_DATA_KEY (as "id:base64", before the newest) and run the key rotation before removing it.',
    '有数据行使用的密钥 id 不在 PHONEKIT_DATA_KEY 中：请把旧密钥以 "id:base64" 加回列表（放在最新密钥之前），执行密钥轮换后再删除。',
  ),
  FIELD_DECRYPTION_FAILED: entry(
    500,
    'An encrypted field did not decrypt: it was altered, moved from another row, or written under a different key with the same id.',
    'Restore the row from a backup; check that no two keys in PHONEKIT_DATA_KEY were ever given the same id.',
    '加密字段解密失败：数据被篡改、被从别的行挪来，或用同一 id 的另一把密钥写入。请从备份恢复该行，并确认 PHONEKIT_DATA_KEY 中不同密钥从未使用相同 id。',
  ),
  DATABASE_OPTIONS_INVALID: entry(
    500,
    'The database options are invalid.',
    'Give either a data dir (PGlite, PHONEKIT_DATA_DIR) or a postgres:// URL (DATABASE_URL).',
    '数据库配置无效：请提供数据目录（PGlite，PHONEKIT_DATA_DIR）或 postgres:// 连接串（DATABASE_URL）之一。',
  ),
  MIGRATION_FAILED: entry(
    500,
    'A database migration failed; the database was left at the last migration that succeeded.',
    'Read the cause; fix the database (permissions, a conflicting object in the "phonekit" schema) and start again.',
    '数据库迁移失败，数据库停留在最后一次成功的迁移：请查看 cause，修复数据库（权限、"phonekit" schema 中的冲突对象）后重试。',
  ),
  DATABASE_UNAVAILABLE: entry(
    503,
    'The accounts database (Postgres) did not answer: the connection was refused, dropped or timed out.',
    'Temporary while Postgres restarts or fails over: retry after a few seconds. If it lasts, check that the server behind DATABASE_URL runs and accepts connections from this host (pg_isready), and its max_connections.',
    '账号数据库（Postgres）无响应：连接被拒绝、中断或超时。Postgres 重启或切换期间属于暂时现象，请几秒后重试；如持续出现，请检查 DATABASE_URL 所指的服务器是否在运行并接受本机连接（pg_isready），以及其 max_connections。',
  ),
};
