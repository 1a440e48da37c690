/**
 * The side panel of a session-key tab (WeChat, Douyin): who the client plays
 * (user, number), the flow (current code or legacy encryptedData/iv), a
 * failure for the client to answer, and the wire (what the client gave the
 * page, every request and the answer). The page's HTML names the fields
 * `<prefix>-user`, `<prefix>-mobile`, `<prefix>-failure` ({@link SessionKeyPanelLook}).
 */
import { initAccountPanel } from './account-panel';
import { initDebugSwitch, initLanguageSwitch } from './client-language';
import { byId, h } from './dom';
import { showSimulatorError } from './error-panel';
import { initMobileInput } from './mobile-input';
import { isRecord } from './records';
import { SESSION_KEY_FLOWS, type SessionKeyPlatform, type SessionKeySimulatorState, type SessionKeyWireEntry } from './session-key-state';
import { initUserInput } from './user-input';
import { clientWireElement, initWireList, requestWireElement } from './wire-panel';

/** What differs between the session-key tabs' panels. */
export interface SessionKeyPanelLook {
  readonly platform: SessionKeyPlatform;
  /** The prefix of the fields' ids: `wechat`, `douyin`. */
  readonly idPrefix: string;
  /** The tab's failures (what the select offers), by id and stage. */
  readonly failures: ReadonlyArray<{ readonly id: string; readonly stage: string; readonly label: string }>;
  /** The select's groups: each stage's failures under its label, in this order. */
  readonly stageGroups: ReadonlyArray<{ readonly stage: string; readonly label: string }>;
}

export interface SessionKeyPanelActions {
  /** Restarts the page (a new page run: checkSession fails until it logs in again). */
  readonly reloadPage: () => void;
}

function wireEntryElement(look: SessionKeyPanelLook): (entry: SessionKeyWireEntry, latest: boolean) => HTMLElement {
  const { global, client } = look.platform;
  return (entry, latest) => {
    if (entry.kind === 'request') return requestWireElement(entry.request, entry.answer, `${global}.request`, latest);
    const summary = [h('span', { className: 'wire-verb', text: entry.api }), ` from ${client}`];
    return clientWireElement('client', summary, entry.note, { title: 'What the page got', text: entry.payload }, latest);
  };
}

function initControls(state: SessionKeySimulatorState, look: SessionKeyPanelLook, reloadPage: () => void): void {
  const { idPrefix, platform } = look;
  initUserInput(`${idPrefix}-user`, `${idPrefix}-user-hint`, state.settings, reloadPage);

  initMobileInput(`${idPrefix}-mobile`, `${idPrefix}-mobile-hint`, '13811112222 or 1-2125550123', (value) => {
    state.settings.mobile = value;
  });

  for (const flow of SESSION_KEY_FLOWS) {
    const radio = byId(`flow-${flow}`, HTMLInputElement);
    radio.checked = state.settings.flow === flow;
    radio.addEventListener('change', () => {
      if (radio.checked) state.settings.flow = flow;
    });
  }

  const failure = byId(`${idPrefix}-failure`, HTMLSelectElement);
  failure.replaceChildren(
    ...look.stageGroups.map(({ stage, label }) =>
      h('optgroup', { attrs: { label } }, look.failures.filter((f) => f.stage === stage).map((f) => h('option', { text: f.label, attrs: { value: f.id } }))),
    ),
  );
  failure.value = state.settings.failure;
  failure.addEventListener('change', () => {
    const before = platform.failure(state.settings.failure);
    state.settings.failure = failure.value;
    // A login failure strikes at login, which runs when the page starts.
    if (before.stage === 'login' || platform.failure(failure.value).stage === 'login') reloadPage();
  });
  byId('reload-page', HTMLButtonElement).addEventListener('click', () => reloadPage());
  initLanguageSwitch(state.settings, reloadPage);
  initDebugSwitch(reloadPage);
}

async function loadSandboxApp({ sandbox, client }: SessionKeyPlatform): Promise<void> {
  const target = byId('sandbox-app', HTMLElement);
  const response = await fetch(`${sandbox}/config`);
  if (!response.ok) throw new Error(`GET ${sandbox}/config answered HTTP ${response.status}: is the server in sandbox mode with ${client} on?`);
  const body: unknown = await response.json();
  if (isRecord(body) && typeof body['appId'] === 'string') {
    target.replaceChildren('Sandbox appid ', h('code', { text: body['appId'] }));
  }
}

export function initSessionKeyPanel(state: SessionKeySimulatorState, look: SessionKeyPanelLook, actions: SessionKeyPanelActions): void {
  initControls(state, look, actions.reloadPage);
  initWireList(state, wireEntryElement(look));
  initAccountPanel(state, { login: `${look.platform.api}/login`, phoneNumber: `${look.platform.api}/phone-number` });
  loadSandboxApp(look.platform).catch(showSimulatorError);
}
