/**
 * The Douyin tab's side panel: the shared session-key panel
 * ({@link initSessionKeyPanel}) with Douyin's failures, grouped by where they
 * strike (the button's refusals among them).
 */
import { DOUYIN_FAILURES, DOUYIN_PLATFORM, type DouyinSimulatorState } from './douyin-state';
import { initSessionKeyPanel, type SessionKeyPanelActions, type SessionKeyPanelLook } from './session-key-panel';

const DOUYIN_PANEL: SessionKeyPanelLook = {
  platform: DOUYIN_PLATFORM,
  idPrefix: 'douyin',
  failures: DOUYIN_FAILURES,
  stageGroups: [
    { stage: 'none', label: 'No failure' },
    { stage: 'button', label: 'The getPhoneNumber button (errMsg)' },
    { stage: 'phone', label: 'get_phonenumber_info (current flow)' },
    { stage: 'token', label: 'client_token' },
    { stage: 'login', label: 'jscode2session (login; restarts the page)' },
    { stage: 'watermark', label: 'Legacy flow' },
  ],
};

export function initDouyinPanel(state: DouyinSimulatorState, actions: SessionKeyPanelActions): void {
  initSessionKeyPanel(state, DOUYIN_PANEL, actions);
}
