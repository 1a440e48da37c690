/**
 * The side panel: the scenario the sandbox plays, the wire (every res.response
 * the page got, every request it made and the server's answer), and the
 * paste box that asks the server to inspect a captured res.response.
 */
import { initAccountPanel } from './account-panel';
import { initDebugSwitch, initLanguageSwitch } from './client-language';
import { byId, h } from './dom';
import { showSimulatorError } from './error-panel';
import { initMobileInput } from './mobile-input';
import { isRecord } from './records';
import type { SimulatorState, WireEntry } from './state';
import { initUserInput } from './user-input';
import { clientWireElement, initWireList, requestWireElement } from './wire-panel';

interface Scenario {
  readonly id: string;
  readonly description: string;
}

function readScenarios(body: unknown): Scenario[] {
  const list = isRecord(body) ? body['scenarios'] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (!isRecord(item) || typeof item['id'] !== 'string') return [];
    return [{ id: item['id'], description: typeof item['description'] === 'string' ? item['description'] : '' }];
  });
}

async function loadScenarios(state: SimulatorState): Promise<void> {
  const select = byId('scenario', HTMLSelectElement);
  const description = byId('scenario-description', HTMLElement);
  const response = await fetch('/sandbox/alipay/scenarios');
  if (!response.ok) throw new Error(`GET /sandbox/alipay/scenarios answered HTTP ${response.status}: is the server in sandbox mode?`);
  const scenarios = readScenarios(await response.json());
  select.replaceChildren(...scenarios.map((s) => h('option', { text: s.id, attrs: { value: s.id } })));
  select.value = state.settings.scenario;
  const describe = (): void => {
    description.textContent = scenarios.find((s) => s.id === select.value)?.description ?? '';
  };
  describe();
  select.addEventListener('change', () => {
    state.settings.scenario = select.value;
    describe();
  });
  select.disabled = false;
}

async function loadSandboxConfig(): Promise<void> {
  const target = byId('sandbox-app', HTMLElement);
  const response = await fetch('/sandbox/alipay/config');
  if (!response.ok) return;
  const body: unknown = await response.json();
  if (isRecord(body) && typeof body['appId'] === 'string') {
    target.replaceChildren(
      'Sandbox app ',
      h('code', { text: body['appId'] }),
      ' · keys at ',
      h('a', { text: '/sandbox/alipay/config', attrs: { href: '/sandbox/alipay/config', target: '_blank', rel: 'noopener' } }),
    );
  }
}

function initScenarioControls(state: SimulatorState, reloadPage: () => void): void {
  // Another Alipay user: the page logs in again when it loads.
  initUserInput('alipay-user', 'alipay-user-hint', state.settings, reloadPage);
  initMobileInput('mobile', 'mobile-hint', '13811112222 or 1-1234432112', (value) => {
    state.settings.mobile = value;
  });
  const oldClient = byId('old-client', HTMLInputElement);
  oldClient.addEventListener('change', () => {
    state.settings.oldClient = oldClient.checked;
    reloadPage();
  });
  byId('reload-page', HTMLButtonElement).addEventListener('click', () => reloadPage());
  initLanguageSwitch(state.settings, reloadPage);
  initDebugSwitch(reloadPage);
}

function wireEntryElement(entry: WireEntry, latest: boolean): HTMLElement {
  if (entry.kind === 'phone-response') {
    const summary = [h('span', { className: 'wire-verb', text: 'my.getPhoneNumber()' }), ` res.response · ${entry.scenario}`];
    return clientWireElement('phone-response', summary, entry.note, { title: 'res.response (raw)', text: entry.response }, latest);
  }
  if (entry.kind === 'client') {
    const summary = [h('span', { className: 'wire-verb', text: entry.api }), ' from Alipay'];
    return clientWireElement('client', summary, entry.note, { title: 'What the page got', text: entry.payload }, latest);
  }
  return requestWireElement(entry.request, entry.answer, 'my.request', latest);
}

function row(label: string, value: Node | string): HTMLElement[] {
  return [h('dt', { text: label }), h('dd', {}, [value])];
}

function inspectReport(status: number, body: unknown): HTMLElement {
  if (!isRecord(body)) {
    return h('p', { className: 'verdict verdict--invalid', text: `The server answered HTTP ${status} without a report.` });
  }
  const error = isRecord(body['error']) ? body['error'] : undefined;
  const phone = isRecord(body['phone']) ? body['phone'] : undefined;
  const signature = typeof body['signature'] === 'string' ? body['signature'] : '?';
  const valid = error === undefined && phone !== undefined;
  const code = error !== undefined && typeof error['code'] === 'string' ? error['code'] : '';
  const message = error !== undefined && typeof error['message'] === 'string' ? error['message'] : '';
  const hint = error !== undefined && typeof error['hint'] === 'string' ? error['hint'] : '';
  const masked = phone !== undefined && typeof phone['masked'] === 'string' ? phone['masked'] : '';
  const e164 = phone !== undefined && typeof phone['e164'] === 'string' ? phone['e164'] : '';
  const verdict = valid ? `Valid: signature ${signature}, phone ${masked}` : `${code || 'Not valid'}: ${message}`;
  const diagnosis = Array.isArray(body['diagnosis']) ? body['diagnosis'].filter((d): d is string => typeof d === 'string') : [];
  const details = h('dl', { className: 'report' }, [
    ...row('Signature', signature),
    ...row('Encrypted', body['encrypted'] === true ? 'yes' : 'no'),
    ...row('Phone', phone === undefined ? '—' : `${masked} (${e164})`),
    ...row('Error', error === undefined ? '—' : `${code}: ${message}${hint === '' ? '' : `\nFix: ${hint}`}`),
    ...row('Body', h('pre', { text: body['body'] === null || body['body'] === undefined ? '—' : JSON.stringify(body['body'], null, 2) })),
    ...row('Diagnosis', h('ol', {}, diagnosis.map((d) => h('li', { text: d })))),
  ]);
  return h('div', { attrs: { 'data-verdict': valid ? 'valid' : 'invalid', 'data-code': code } }, [
    h('p', { className: `verdict verdict--${valid ? 'valid' : 'invalid'}`, text: verdict }),
    details,
  ]);
}

function initInspect(state: SimulatorState): void {
  const payload = byId('inspect-payload', HTMLTextAreaElement);
  const aesKey = byId('inspect-aes-key', HTMLInputElement);
  const publicKey = byId('inspect-public-key', HTMLTextAreaElement);
  const signType = byId('inspect-sign-type', HTMLSelectElement);
  const allowUnsigned = byId('inspect-allow-unsigned', HTMLInputElement);
  const report = byId('inspect-report', HTMLElement);
  const run = byId('inspect-run', HTMLButtonElement);

  byId('inspect-use-last', HTMLButtonElement).addEventListener('click', () => {
    const last = state.lastPhoneResponse();
    payload.value = last ?? '';
    if (last === undefined) report.replaceChildren(h('p', { className: 'muted', text: 'No res.response yet: tap the button in the phone first.' }));
  });

  run.addEventListener('click', () => {
    const request: Record<string, unknown> = { payload: payload.value, signType: signType.value, allowUnsigned: allowUnsigned.checked };
    if (aesKey.value.trim() !== '') request['aesKey'] = aesKey.value.trim();
    if (publicKey.value.trim() !== '') request['publicKey'] = publicKey.value.trim();
    run.disabled = true;
    report.replaceChildren(h('p', { className: 'muted', text: 'Inspecting…' }));
    fetch('/sandbox/alipay/inspect', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) })
      .then(async (response) => {
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        report.replaceChildren(inspectReport(response.status, body));
      })
      .catch((err: unknown) => {
        report.replaceChildren(h('p', { className: 'verdict verdict--invalid', text: `Could not reach the server: ${String(err)}` }));
      })
      .finally(() => {
        run.disabled = false;
      });
  });
}

export interface PanelActions {
  /** Restarts the page (a fresh instance, consent forgotten). */
  readonly reloadPage: () => void;
}

export function initPanel(state: SimulatorState, actions: PanelActions): void {
  initScenarioControls(state, actions.reloadPage);
  initWireList(state, wireEntryElement);
  initAccountPanel(state, { login: '/api/alipay/login', phoneNumber: '/api/alipay/phone-number' });
  initInspect(state);
  loadScenarios(state).catch(showSimulatorError);
  loadSandboxConfig().catch(showSimulatorError);
}
