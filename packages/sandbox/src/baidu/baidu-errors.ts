/** The Baidu endpoint the fake plays. */
export const FAKE_BAIDU_ENDPOINTS = ['jscode2sessionkey'] as const;
export type FakeBaiduEndpoint = (typeof FAKE_BAIDU_ENDPOINTS)[number];

/**
 * The errors Baidu's OAuth 2.0 documents (the `error` strings, with the
 * `error_description` it sends). jscode2sessionkey answers `{error,
 * error_description}`
 * (https://smartprogram.baidu.com/docs/develop/api/open/log_Session-Key/, swan-team/swan-docs
 * source/_posts/develop/api/open/log_Session-Key.md, whose 错误码列表 links Baidu's OAuth error list:
 * https://developer.baidu.com/wiki/index.php?title=docs/oauth/error). A code
 * `sandbox-errcode-<error>` makes the fake answer that error; `failNext` queues any of them.
 */
export const FAKE_BAIDU_ERRORS: Readonly<Record<string, string>> = {
  invalid_request: 'invalid refresh token',
  invalid_client: 'unknown client id',
  invalid_grant: 'The provided authorization grant is revoked',
  unauthorized_client: 'The client is not authorized to use this authorization grant type',
  unsupported_grant_type: 'The authorization grant type is not supported',
  invalid_scope: 'The requested scope is exceeds the scope granted by the resource owner',
};

/** A Baidu `error` string the fake can answer (lower case OAuth error names). */
export function isFakeBaiduError(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z_]{1,40}$/.test(value);
}
