/**
 * The Douyin tab's side panel: who Douyin plays (user, number), the flow
 * (current code or legacy encryptedData/iv), a failure for Douyin to answer,
 * and the wire (what Douyin gave the page, every tt.request and the answer).
 */
import { initAccountPanel } from './account-panel';
import { initDebugSwitch, initLanguageSwitch } from './client-language';
import { byId, h } from './dom';
import { DOUYIN_FAILURES, douyinFailure, type DouyinFailureStage, type DouyinSimulatorState, type DouyinWireEntry } from './douyin-state';
import { showSimulatorError } from './error-panel';
import { initMobileInput } from './mobile-input';
import { isRecord } from './records';
import { clientWireElement, initWireList, requestWireElement } from './wire-panel';

/** What the sandbox Douyin accepts as a user. */
const USER = /^[\w.@-]{1,64}$/;

const STAGE_GROUPS: ReadonlyArray<{ readonly stage: DouyinFailureStage; readonly label: string }> = [
  { stage: 'none', label: 'No failure' },
  { stage: 'button', label: 'The getPhoneNumber button (errMsg)' },
  { stage: 'phone', label: 'get_phonenumber_info (current flow)' },
  { stage: 'token', label: 'client_token' },
  { stage: 'login', label: 'jscode2session (login; restarts the page)' },
  { stage: 'watermark', label: 'Legacy flow' },
];

function wireEntryElement(entry: DouyinWireEntry, latest: boolean): HTMLElement {
  if (entry.kind === 'request') return requestWireElement(entry.request, entry.answer, 'tt.request', latest);
  const summary = [h('span', { className: 'wire-verb', text: entry.api }), ' from Douyin'];
  return clientWireElement('client', summary, entry.note, { title: 'What the page got', text: entry.payload }, latest);
}

function initControls(state: DouyinSimulatorState, reloadPage: () => void): void {
  const user = byId('douyin-user', HTMLInputElement);
  const userHint = byId('douyin-user-hint', HTMLElement);
  user.value = state.settings.user;
  user.addEventListener('change', () => {
    const value = user.value.trim();
    const valid = USER.test(value);
    user.setAttribute('aria-invalid', String(!valid));
    userHint.textContent = valid ? '' : 'Letters, digits, or . @ _ - (up to 64).';
    if (!valid || value === state.settings.user) return;
    state.settings.user = value;
    // Another Douyin user: the page logs in again.
    reloadPage();
  });

  initMobileInput('douyin-mobile', 'douyin-mobile-hint', '13811112222 or 1-2125550123', (value) => {
    state.settings.mobile = value;
  });

  for (const flow of ['current', 'legacy'] as const) {
    const radio = byId(`flow-${flow}`, HTMLInputElement);
    radio.checked = state.settings.flow === flow;
    radio.addEventListener('change', () => {
      if (radio.checked) state.settings.flow = flow;
    });
  }

  const failure = byId('douyin-failure', HTMLSelectElement);
  failure.replaceChildren(
    ...STAGE_GROUPS.map(({ stage, label }) =>
      h('optgroup', { attrs: { label } }, DOUYIN_FAILURES.filter((f) => f.stage === stage).map((f) => h('option', { text: f.label, attrs: { value: f.id } }))),
    ),
  );
  failure.value = state.settings.failure;
  failure.addEventListener('change', () => {
    const before = douyinFailure(state.settings.failure);
    state.settings.failure = failure.value;
    // A login failure strikes at tt.login, which runs when the page starts.
    if (before.stage === 'login' || douyinFailure(failure.value).stage === 'login') reloadPage();
  });
  byId('reload-page', HTMLButtonElement).addEventListener('click', () => reloadPage());
  initLanguageSwitch(state.settings, reloadPage);
  initDebugSwitch(reloadPage);
}

async function loadSandboxApp(): Promise<void> {
  const target = byId('sandbox-app', HTMLElement);
  const response = await fetch('/sandbox/douyin/config');
  if (!response.ok) throw new Error(`GET /sandbox/douyin/config answered HTTP ${response.status}: is the server in sandbox mode with Douyin on?`);
  const body: unknown = await response.json();
  if (isRecord(body) && typeof body['appId'] === 'string') {
    target.replaceChildren('Sandbox appid ', h('code', { text: body['appId'] }));
  }
}

export interface DouyinPanelActions {
  /** Restarts the page (a new page run: tt.checkSession fails until it logs in again). */
  readonly reloadPage: () => void;
}

export function initDouyinPanel(state: DouyinSimulatorState, actions: DouyinPanelActions): void {
  initControls(state, actions.reloadPage);
  initWireList(state, wireEntryElement);
  initAccountPanel(state, { login: '/api/douyin/login', phoneNumber: '/api/douyin/phone-number' });
  loadSandboxApp().catch(showSimulatorError);
}
