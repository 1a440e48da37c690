/**
 * Boots the WeChat tab: the shared session-key start
 * ({@link startSessionKeySimulator}) with WeChat's .wxml/.wxss, its
 * Component({...}) page, its sheet and its deny detail
 * `{errMsg: 'getPhoneNumber:fail user deny'}`.
 */
import { WECHAT_DIALECT } from '../template/dialect';
import type { SimulatorInput } from './boot';
import { startSessionKeySimulator, type SessionKeyTab } from './start-session-key';
import { askWechatPhoneConsent } from './wechat-overlays';
import { initWechatPanel } from './wechat-panel';
import { WECHAT_PLATFORM, wechatState } from './wechat-state';

const WECHAT_TAB: SessionKeyTab = {
  platform: WECHAT_PLATFORM,
  dialect: WECHAT_DIALECT,
  state: wechatState,
  // Component({...}) is how this repository builds the WeChat page.
  registrations: ['component', 'page'],
  otherAppId: 'wx0000000000000000',
  askPhoneConsent: askWechatPhoneConsent,
  denyDetail: { errMsg: 'getPhoneNumber:fail user deny' },
  currentFlowNote: (user) => `current flow: a code (and encryptedData/iv) for ${user}`,
  tokenExpiredNote: 'the sandbox expired the access token: getuserphonenumber answers 42001 until the server refreshes it',
  phoneApi: 'getuserphonenumber',
  legacyEvent: 'query',
  initPanel: initWechatPanel,
};

/** Starts the WeChat tab; the bundler's generated entry calls it. */
export function startWechatSimulator(input: SimulatorInput): void {
  startSessionKeySimulator(input, WECHAT_TAB);
}
