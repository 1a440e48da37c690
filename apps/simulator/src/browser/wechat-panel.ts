/**
 * The WeChat tab's side panel: who WeChat plays (user, number), the flow
 * (current code or legacy encryptedData/iv), a failure for WeChat to answer,
 * and the wire (what WeChat gave the page, every wx.request and the answer).
 */
import { byId, h } from './dom';
import { showSimulatorError } from './error-panel';
import { requestWireElement, section } from './panel';
import { WECHAT_FAILURES, wechatFailure, type WechatFailureStage, type WechatSimulatorState, type WechatWireEntry } from './wechat-state';

/** What the sandbox WeChat accepts as a user and as a mobile number. */
const USER = /^[\w.@-]{1,64}$/;
const MOBILE = /^(\+?\d{1,3}-)?\d{5,15}$/;

const STAGE_GROUPS: ReadonlyArray<{ readonly stage: WechatFailureStage; readonly label: string }> = [
  { stage: 'none', label: 'No failure' },
  { stage: 'phone', label: 'getuserphonenumber (current flow)' },
  { stage: 'token', label: 'Access token' },
  { stage: 'login', label: 'jscode2session (login; restarts the page)' },
  { stage: 'watermark', label: 'Legacy flow' },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wireEntryElement(entry: WechatWireEntry, latest: boolean): HTMLElement {
  if (entry.kind === 'request') return requestWireElement(entry.request, entry.answer, 'wx.request', latest);
  return h('li', { className: 'wire-entry', attrs: { 'data-kind': 'client' } }, [
    h('details', latest ? { attrs: { open: '' } } : {}, [
      h('summary', {}, [h('span', { className: 'wire-verb', text: entry.api }), ' from WeChat']),
      h('p', { className: 'wire-note', text: entry.note }),
      section('What the page got', 'wire-raw', entry.payload),
    ]),
  ]);
}

function initWire(state: WechatSimulatorState): void {
  const list = byId('wire', HTMLOListElement);
  const empty = byId('wire-empty', HTMLElement);
  const draw = (): void => {
    const entries = [...state.wire].reverse();
    list.replaceChildren(...entries.map((entry, i) => wireEntryElement(entry, i < 2)));
    empty.hidden = entries.length > 0;
  };
  state.onWireChange(draw);
  byId('clear-wire', HTMLButtonElement).addEventListener('click', () => state.clearWire());
  draw();
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

  const mobile = byId('wechat-mobile', HTMLInputElement);
  const mobileHint = byId('wechat-mobile-hint', HTMLElement);
  mobile.addEventListener('input', () => {
    const value = mobile.value.trim();
    const valid = value === '' || MOBILE.test(value);
    mobile.setAttribute('aria-invalid', String(!valid));
    mobileHint.textContent = valid ? '' : 'Use 13811112222 or 1-2125550123.';
    if (valid) state.settings.mobile = value;
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
  initWire(state);
  loadSandboxApp().catch(showSimulatorError);
}
