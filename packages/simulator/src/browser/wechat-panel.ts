/**
 * The WeChat tab's side panel: the shared session-key panel
 * ({@link initSessionKeyPanel}) with WeChat's failures, grouped by where they strike.
 */
import { initSessionKeyPanel, type SessionKeyPanelActions, type SessionKeyPanelLook } from './session-key-panel';
import { WECHAT_FAILURES, WECHAT_PLATFORM, type WechatSimulatorState } from './wechat-state';

const WECHAT_PANEL: SessionKeyPanelLook = {
  platform: WECHAT_PLATFORM,
  idPrefix: 'wechat',
  failures: WECHAT_FAILURES,
  stageGroups: [
    { stage: 'none', label: 'No failure' },
    { stage: 'phone', label: 'getuserphonenumber (current flow)' },
    { stage: 'token', label: 'Access token' },
    { stage: 'login', label: 'jscode2session (login; restarts the page)' },
    { stage: 'watermark', label: 'Legacy flow' },
  ],
};

export function initWechatPanel(state: WechatSimulatorState, actions: SessionKeyPanelActions): void {
  initSessionKeyPanel(state, WECHAT_PANEL, actions);
}
