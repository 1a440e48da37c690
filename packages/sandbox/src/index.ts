export { generateAlipaySandboxKeys } from './keys';
export type { AlipaySandboxKeys, GenerateAlipaySandboxKeysOptions } from './keys';
export { ALIPAY_SCENARIOS, ALIPAY_SCENARIO_DESCRIPTIONS, isAlipayScenario } from './alipay-scenarios';
export type { AlipayScenario } from './alipay-scenarios';
export { encryptAlipayContent } from './encrypt-alipay-content';
export { signAlipayContent } from './sign-alipay-content';
export type { AlipaySignType } from './sign-alipay-content';
export { alipayBusinessBody } from './alipay-business-body';
export type { AlipayBusinessBodyOptions } from './alipay-business-body';
export { buildAlipayEventDetail, buildAlipayPhoneResponse } from './alipay-payload';
export type { BuildAlipayEventDetailOptions, BuildAlipayPhoneResponseOptions } from './alipay-payload';

export { FakeWechatApi, FAKE_WECHAT_ENDPOINTS, FAKE_WECHAT_ERRMSGS, isFakeWechatEndpoint } from './wechat/fake-wechat-api';
export type { FakeWechatApiOptions, FakeWechatBody, FakeWechatEndpoint, FakeWechatStats } from './wechat/fake-wechat-api';
export { handleFakeWechatRequest } from './wechat/handle-fake-wechat-request';
export type { FakeWechatRequest, FakeWechatResponse } from './wechat/handle-fake-wechat-request';
export { createFakeWechatListener } from './wechat/create-fake-wechat-listener';
export { encryptWechatPhoneData } from './wechat/encrypt-wechat-phone-data';
export type { EncryptWechatPhoneDataInput, WechatEncryptedPhoneData } from './wechat/encrypt-wechat-phone-data';
export { isSandboxPhone, wechatPhoneInfo } from './wechat/wechat-phone-info';
export type { WechatPhoneInfo } from './wechat/wechat-phone-info';
export { generateAlipaySandboxAppKeys } from './alipay-app-keys';
export type { AlipaySandboxAppKeys } from './alipay-app-keys';
export { FakeAlipayGateway, FAKE_ALIPAY_OAUTH_METHOD } from './alipay-gateway/fake-alipay-gateway';
export type {
  FakeAlipayFailure,
  FakeAlipayGatewayAnswer,
  FakeAlipayGatewayOptions,
  FakeAlipayGatewayRequest,
  FakeAlipayGatewayStats,
  FakeAlipaySignType,
  FakeAlipayUserIdentity,
} from './alipay-gateway/fake-alipay-gateway';
export { handleFakeAlipayRequest } from './alipay-gateway/handle-fake-alipay-request';
export type { FakeAlipayRequest, FakeAlipayResponse } from './alipay-gateway/handle-fake-alipay-request';
export { createFakeAlipayListener } from './alipay-gateway/create-fake-alipay-listener';
export { GATEWAY_ERRORS as FAKE_ALIPAY_GATEWAY_ERRORS } from './alipay-gateway/gateway-errors';
export type { GatewayErrorBody as FakeAlipayGatewayErrorBody, KnownGatewaySubCode as FakeAlipayKnownSubCode } from './alipay-gateway/gateway-errors';
export { sandboxAlipayUser } from './alipay-gateway/sandbox-alipay-user';
export type { SandboxAlipayUser } from './alipay-gateway/sandbox-alipay-user';
export { generateSandboxIdentity, parseSandboxIdentity } from './sandbox-identity';
export type { SandboxIdentity } from './sandbox-identity';
export { loadOrCreateSandboxIdentity, SandboxIdentityFileError, SANDBOX_IDENTITY_FILE } from './sandbox-identity-file';
export type { LoadOrCreateSandboxIdentityOptions, PersistedSandboxIdentity } from './sandbox-identity-file';
