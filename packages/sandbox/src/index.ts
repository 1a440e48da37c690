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
export { FakeDouyinApi } from './douyin/fake-douyin-api';
export type { FakeDouyinApiOptions, FakeDouyinBody, FakeDouyinPhoneEvent, FakeDouyinStats } from './douyin/fake-douyin-api';
export { FAKE_DOUYIN_ENDPOINTS, FAKE_DOUYIN_ERRORS, isFakeDouyinEndpoint } from './douyin/douyin-errors';
export type { FakeDouyinEndpoint } from './douyin/douyin-errors';
export { handleFakeDouyinRequest, FAKE_DOUYIN_PATHS } from './douyin/handle-fake-douyin-request';
export type { FakeDouyinRequest, FakeDouyinResponse } from './douyin/handle-fake-douyin-request';
export { createFakeDouyinListener } from './douyin/create-fake-douyin-listener';
export { encryptDouyinPhoneData, encryptDouyinPhoneNumberInfo } from './douyin/encrypt-douyin-phone-data';
export type { EncryptDouyinPhoneDataInput, EncryptDouyinPhoneNumberInfoInput } from './douyin/encrypt-douyin-phone-data';
export { FakeBaiduApi } from './baidu/fake-baidu-api';
export type { FakeBaiduApiOptions, FakeBaiduBody, FakeBaiduPhoneEvent, FakeBaiduStats } from './baidu/fake-baidu-api';
export { FAKE_BAIDU_ENDPOINTS, FAKE_BAIDU_ERRORS } from './baidu/baidu-errors';
export type { FakeBaiduEndpoint } from './baidu/baidu-errors';
export { handleFakeBaiduRequest, FAKE_BAIDU_PATH } from './baidu/handle-fake-baidu-request';
export type { FakeBaiduRequest, FakeBaiduResponse } from './baidu/handle-fake-baidu-request';
export { createFakeBaiduListener } from './baidu/create-fake-baidu-listener';
export { encryptBaiduData, encryptBaiduPhoneData } from './baidu/encrypt-baidu-data';
export type { EncryptBaiduDataInput, EncryptBaiduPhoneDataInput } from './baidu/encrypt-baidu-data';
export { FakeQqApi } from './qq/fake-qq-api';
export type { FakeQqApiOptions, FakeQqBody, FakeQqPhoneEvent, FakeQqStats } from './qq/fake-qq-api';
export { FAKE_QQ_ENDPOINTS, FAKE_QQ_ERRORS } from './qq/qq-errors';
export type { FakeQqEndpoint } from './qq/qq-errors';
export { handleFakeQqRequest, FAKE_QQ_PATH } from './qq/handle-fake-qq-request';
export type { FakeQqRequest, FakeQqResponse } from './qq/handle-fake-qq-request';
export { createFakeQqListener } from './qq/create-fake-qq-listener';
export { encryptQqPhoneData } from './qq/encrypt-qq-phone-data';
export type { EncryptQqPhoneDataInput } from './qq/encrypt-qq-phone-data';
export { FakeKuaishouApi } from './kuaishou/fake-kuaishou-api';
export type { FakeKuaishouApiOptions, FakeKuaishouBody, FakeKuaishouPhoneEvent, FakeKuaishouStats } from './kuaishou/fake-kuaishou-api';
export { FAKE_KUAISHOU_ENDPOINTS, FAKE_KUAISHOU_ERRORS } from './kuaishou/kuaishou-errors';
export type { FakeKuaishouEndpoint } from './kuaishou/kuaishou-errors';
export { handleFakeKuaishouRequest, FAKE_KUAISHOU_PATH } from './kuaishou/handle-fake-kuaishou-request';
export type { FakeKuaishouRequest, FakeKuaishouResponse } from './kuaishou/handle-fake-kuaishou-request';
export { createFakeKuaishouListener } from './kuaishou/create-fake-kuaishou-listener';
export { encryptKuaishouPhoneData } from './kuaishou/encrypt-kuaishou-phone-data';
export type { EncryptKuaishouPhoneDataInput } from './kuaishou/encrypt-kuaishou-phone-data';
export { createFakePlatformListener } from './lib/create-fake-platform-listener';
export type { FakePlatformRequest, FakePlatformResponse } from './lib/fake-platform-http';
export type { EncryptedOpenData } from './lib/encrypt-open-data';
export { SANDBOX_MINI_PROGRAM_PLATFORMS } from './lib/mini-program-apps';
export type { SandboxBaiduApp, SandboxDouyinApp, SandboxKuaishouApp, SandboxMiniProgramApps, SandboxMiniProgramPlatform, SandboxQqApp } from './lib/mini-program-apps';
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
