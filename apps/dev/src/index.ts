export { createDevApp, sandboxAppOptions, startDevServer, ALIPAY_MINIPROGRAM_DIR, WECHAT_MINIPROGRAM_DIR } from './dev-app';
export type { DevAppOptions } from './dev-app';
export { loadDevConfig, sandboxEnv, SANDBOX_IDENTITY_VARIABLE } from './dev-config';
export type { DevConfig, LoadDevConfigOptions } from './dev-config';
export { startBanner } from './banner';
export { createFakeWechat, inProcessFakeWechat, fakeWechatTransport } from './fake-wechat';
