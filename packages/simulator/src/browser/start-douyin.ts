/**
 * Boots the Douyin tab: the shared session-key start
 * ({@link startSessionKeySimulator}) with Douyin's .ttml/.ttss, its
 * Page({...}) page and its sheet. Deny gives Douyin's
 * `{errMsg: 'getPhoneNumber:fail auth deny'}` ("用户没有绑定手机号或用户拒绝授权:auth deny",
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire).
 * A button failure chosen in the panel (platform auth deny, no permission,
 * not login) is handed over without a sheet: Douyin refuses before asking.
 */
import { DOUYIN_DIALECT } from '../template/dialect';
import type { SimulatorInput } from './boot';
import { askDouyinPhoneConsent } from './douyin-overlays';
import { initDouyinPanel } from './douyin-panel';
import { DOUYIN_PLATFORM, douyinState } from './douyin-state';
import { startSessionKeySimulator, type SessionKeyTab } from './start-session-key';

/** What the button hands the page when the user taps Deny. */
export const DOUYIN_DENY_DETAIL = Object.freeze({ errMsg: 'getPhoneNumber:fail auth deny' });

const DOUYIN_TAB: SessionKeyTab = {
  platform: DOUYIN_PLATFORM,
  dialect: DOUYIN_DIALECT,
  state: douyinState,
  // Page({...}) is how this repository builds the Douyin page.
  registrations: ['page', 'component'],
  otherAppId: 'tt00000000000000aa',
  askPhoneConsent: askDouyinPhoneConsent,
  denyDetail: DOUYIN_DENY_DETAIL,
  currentFlowNote: (user) => `current flow (base library 3.51.0+): a code (and encryptedData/iv) for ${user}`,
  tokenExpiredNote: 'the sandbox expired the client_token: get_phonenumber_info answers 28001008 until the server fetches a new one',
  phoneApi: 'get_phonenumber_info',
  // The sandbox Douyin has no legacy switch: an older base library's event is a current one without its code.
  legacyEvent: 'drop-code',
  initPanel: initDouyinPanel,
};

/** Starts the Douyin tab; the bundler's generated entry calls it. */
export function startDouyinSimulator(input: SimulatorInput): void {
  startSessionKeySimulator(input, DOUYIN_TAB);
}
