// @phonekit/express: phonekit's HTTP layer for an Express 5 app: the
// routers, the configuration schema, the WeChat stores and the mapping from
// errors to HTTP answers.

export { createApp } from './app';
export type { CreateAppOptions } from './app';
export { ALIPAY_GATEWAY_URL, ConfigError, loadConfig, platformsWithKeys, PHONEKIT_CONFIG_FILE_SCHEMA, PLATFORM_KEY_VARIABLES, requireWechatStoreDataKey, WECHAT_TOKEN_ENDPOINTS } from './config';
export type {
  AccountsConfig,
  AccountsDatabaseConfig,
  AlipayAppConfig,
  AlipayLoginConfig,
  LoadConfigOptions,
  PhonekitConfigFile,
  Platform,
  ServerConfig,
  WechatConfig,
  WechatTokenEndpoint,
} from './config';
export { KeyFileError, readKeyText } from './key-text';
export type { KeyText } from './key-text';
export type {
  AccountUserJson,
  ApiErrorEnvelope,
  ApiErrorJson,
  BoundPhoneJson,
  ConsentJson,
  LoginJson,
  MeJson,
  PhoneJson,
  PhoneNumberJson,
  UpstreamError,
} from './contract';
export {
  API_ERROR_CODES,
  EXPRESS_ERROR_CATALOGUE,
  EXPRESS_ERROR_CODES,
  HTTP_STATUS,
  SERVER_HINTS,
  apiErrorEntry,
  isApiErrorCode,
} from './errors/catalogue';
export type { ApiErrorCode, ApiErrorEntry, ErrorText, ExpressErrorCode, ServerHint } from './errors/catalogue';
export { ApiError, toApiError } from './errors/api-error';
export type { ApiErrorOptions } from './errors/api-error';
export { alipayRouter, bodyText, textBody, SANDBOX_MODE_FAILURES } from './routes/alipay';
export type { AlipayRouterOptions, PhonekitRouterOptions } from './routes/alipay';
export { fetchAlipayGatewayTransport } from './services/alipay-gateway-transport';
export type { AlipayGatewayRequest, AlipayGatewayResponse, AlipayGatewayTransport } from './services/alipay-gateway-transport';
export { AlipayLoginService, isLoginApp } from './services/alipay-login-service';
export type { AlipayLoginApp, AlipayLoginServiceOptions } from './services/alipay-login-service';
export { wechatRouter } from './routes/wechat';
export type { WechatRouterDeps } from './routes/wechat';
export { sessionPlatformApi, sessionPlatformRouter } from './routes/session-platform';
export type { SessionPlatformRouterDeps } from './routes/session-platform';
export { SESSION_PLATFORMS, SESSION_PLATFORM_FACTS } from './platforms/session-platforms';
export type { SessionPlatform, SessionPlatformConfig, SessionPlatformFacts } from './platforms/session-platforms';
export type { LegacyPhoneData, PlatformLogin, SessionPlatformApi } from './platforms/session-platform-api';
export { fetchPlatformTransport } from './platforms/platform-transport';
export type { PlatformHttpRequest, PlatformHttpResponse, PlatformTransport } from './platforms/platform-transport';
export { QQ_ERRCODES } from './platforms/qq-api';
export { KUAISHOU_RESULT_CODES } from './platforms/kuaishou-api';
export { BAIDU_ERRORS } from './platforms/baidu-api';
export { DOUYIN_ERRCODES } from './platforms/douyin-api';
export { meRouter } from './routes/me';
export type { MeRouterOptions } from './routes/me';
export { ACCOUNT_PLATFORMS, ACCOUNTS_PORT_ERROR_CODES, isAccountsFailure, isAccountsPortErrorCode } from './accounts/accounts-port';
export type {
  AccountConsent,
  AccountConsentInput,
  AccountErasure,
  AccountExport,
  AccountPhone,
  AccountPhoneBinding,
  AccountPlatform,
  AccountSession,
  AccountSessionSecretInfo,
  AccountSessionSecretKind,
  AccountSessionUser,
  AccountsPort,
  AccountsPortErrorCode,
  AccountUser,
  AccountUserInput,
  NewAccountSession,
} from './accounts/accounts-port';
export { DEFAULT_PRIVACY_POLICY_VERSION } from './accounts/account-routes-options';
export type { AccountRoutesOptions } from './accounts/account-routes-options';
export { ClusterAccounts, accountsHandlers } from './accounts/cluster-accounts';
export { defineAlipayApps, resolveAlipayApp } from './services/alipay-apps';
export type { AlipayAppInput } from './services/alipay-apps';
export { errorHandler, notFound, sendError } from './middleware/errors';
export { requestLog } from './middleware/request-log';
export { fetchWechatTransport } from './services/wechat-transport';
export type { WechatHttpRequest, WechatHttpResponse, WechatTransport } from './services/wechat-transport';
export { createWechatStore } from './store/create-wechat-store';
export type { WechatStoreConfig } from './store/create-wechat-store';
export { MemoryWechatStore } from './store/memory-wechat-store';
export { RedisWechatStore, WechatStoreValueError } from './store/redis-wechat-store';
export type { RedisWechatStoreOptions } from './store/redis-wechat-store';
export { WECHAT_STORE_KINDS } from './store/wechat-store';
export type { CachedAccessToken, ReleaseLock, WechatSession, WechatStore, WechatStoreKind } from './store/wechat-store';
export { WECHAT_ERRCODES, wechatError } from './services/wechat-errcode';
export { createLogger, REDACTED_PATHS } from './logger';
export { loadEnvFile, loadEnvFileAndSay, userDir } from './env-file';
export type { EnvFileParser } from './env-file';
export type { Logger } from './logger';
export { appServerClasses, serverClassesOf } from './server-classes';
export type { ServerClasses } from './server-classes';
export { startServer } from './start-server';
export type { RunningServer, StartServerOptions } from './start-server';
export { runServer, wechatStoreFor } from './run-server';
export type { RunServerOptions } from './run-server';
export { DEFAULT_RESTART_POLICY, restartDelayMs, runClusterPrimary } from './cluster/run-cluster';
export type { RestartPolicy, RunClusterOptions } from './cluster/run-cluster';
export { PrimaryRpcError, callPrimary, serveToWorkers } from './cluster/primary-rpc';
export type { RpcHandlers } from './cluster/primary-rpc';
export { ClusterWechatStore, wechatStoreHandlers } from './store/cluster-wechat-store';
