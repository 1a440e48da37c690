export { createDevApp, sandboxAppOptions, startDevServer, ALIPAY_MINIPROGRAM_DIR, WECHAT_MINIPROGRAM_DIR } from './dev-app';
export type { DevAppOptions } from './dev-app';
export { DEFAULT_DEV_DATA_DIR, loadDevConfig, sandboxEnv, sandboxWorkerEnv, SANDBOX_IDENTITY_VARIABLE, SANDBOX_IDENTITY_FILE_VARIABLE } from './dev-config';
export { openDevAccounts } from './open-dev-accounts';
export type { DevAccounts } from './open-dev-accounts';
export type { DevConfig, LoadDevConfigOptions, SandboxIdentityFile } from './dev-config';
export { startBanner } from './banner';
export { createFakeWechat, inProcessFakeWechat, fakeWechatTransport } from './fake-wechat';
