/**
 * The WeChat tab's side panel: who WeChat plays (user, number), the flow
 * (current code or legacy encryptedData/iv), a failure for WeChat to answer,
 * and the wire (what WeChat gave the page, every wx.request and the answer).
 */
import { initAccountPanel } from './account-panel';
import { initDebugSwitch, initLanguageSwitch } from './client-language';
import { byId, h } from './dom';
import { showSimulatorError } from './error-panel';
import { initMobileInput } from './mobile-input';
import { isRecord } from './records';
import { WECHAT_FAILURES, wechatFailure, type WechatFailureStage, type WechatSimulatorState, type WechatWireEntry } from './wechat-state';
import { clientWireElement, initWireList, requestWireElement } from './wire-panel';

/** What the sandbox WeChat accepts as a user. */
const USER = /^[\w.@-]{1,64}$/;

const STAGE_GROUPS: ReadonlyArray<{ readonly stage: WechatFailureStage; readonly label: string }> = [
  { stage: 'none', label: 'No failure' },
  { stage: 'phone', label: 'getuserphonenumber (current flow)' },
  { stage: 'token', label: 'Access token' },
  { stage: 'login', label: 'jscode2session (login; restarts the page)' },
  { stage: 'watermark', label: 'Legacy flow' },
];

function wireEntryElement(entry: WechatWireEntry, latest: boolean): HTMLElement {
  if (entry.kind === 'request') return requestWireElement(entry.request, entry.answer, 'wx.request', latest);
  const summary = [h('span', { className: 'wire-verb', text: entry.api }), ' from WeChat'];
  return clientWireElement('client', summary, entry.note, { title: 'What the page got', text: entry.payload }, latest);
}

function initControls(state: WechatSimulatorState, reloadPage: () => void): void {
  const user = byId('wechat-user', HTMLInputElement);
  const userHint = byId('wechat-user-hint', HTMLElement);
  user.value = state.settings.user;
  user.addEventListener('change', () => {
    const value = user.value.trim();
    const valid = USER.test(value);
    user.setAttribute('aria-invalid', String(!valid));
    userHint.textContent = valid ? '' : 'Letters, digits, or . @ _ - (up to 64).';
    if (!valid || value === state.settings.user) return;
    state.settings.user = value;
    // Another WeChat user: the page logs in again.
    reloadPage();
  });

  initMobileInput('wechat-mobile', 'wechat-mobile-hint', '13811112222 or 1-2125550123', (value) => {
    state.settings.mobile = value;
  });

  for (const flow of ['current', 'legacy'] as const) {
    const radio = byId(`flow-${flow}`, HTMLInputElement);
    radio.checked = state.settings.flow === flow;
    radio.addEventListener('change', () => {
      if (radio.checked) state.settings.flow = flow;
    });
  }

  const failure = byId('wechat-failure', HTMLSelectElement);
  failure.replaceChildren(
    ...STAGE_GROUPS.map(({ stage, label }) => {
      const group = h('optgroup', { attrs: { label } }, WECHAT_FAILURES.filter((f) => f.stage === stage).map((f) => h('option', { text: f.label, attrs: { value: f.id } })));
      return group;
    }),
  );
  failure.value = state.settings.failure;
  failure.addEventListener('change', () => {
    const before = wechatFailure(state.settings.failure);
    state.settings.failure = failure.value;
    // A login failure strikes at wx.login, which runs when the page starts.
    if (before.stage === 'login' || wechatFailure(failure.value).stage === 'login') reloadPage();
  });
  byId('reload-page', HTMLButtonElement).addEventListener('click', () => reloadPage());
  initLanguageSwitch(state.settings, reloadPage);
  initDebugSwitch(reloadPage);
}

async function loadSandboxApp(): Promise<void> {
  const target = byId('sandbox-app', HTMLElement);
  const response = await fetch('/sandbox/wechat/config');
  if (!response.ok) throw new Error(`GET /sandbox/wechat/config answered HTTP ${response.status}: is the server in sandbox mode with WeChat on?`);
  const body: unknown = await response.json();
  if (isRecord(body) && typeof body['appId'] === 'string') {
    target.replaceChildren('Sandbox appid ', h('code', { text: body['appId'] }));
  }
}

export interface WechatPanelActions {
  /** Restarts the page (a new page run: wx.checkSession fails until it logs in again). */
  readonly reloadPage: () => void;
}

export function initWechatPanel(state: WechatSimulatorState, actions: WechatPanelActions): void {
  initControls(state, actions.reloadPage);
  initWireList(state, wireEntryElement);
  initAccountPanel(state, { login: '/api/wechat/login', phoneNumber: '/api/wechat/phone-number' });
  loadSandboxApp().catch(showSimulatorError);
}
