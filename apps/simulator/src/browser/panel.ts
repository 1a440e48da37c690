/**
 * The side panel: the scenario the sandbox plays, the wire (every res.response
 * the page got, every request it made and the server's answer), and the
 * paste box that asks the server to inspect a captured res.response.
 */
import { byId, h, prettyJson } from './dom';
import { showSimulatorError } from './error-panel';
import type { SimulatorState, WireAnswer, WireEntry, WireRequest } from './state';

/** What GET /sandbox/alipay/phone-response accepts as `mobile`. */
const MOBILE = /^(\+?\d{1,3}-)?\d{5,15}$/;

interface Scenario {
  readonly id: string;
  readonly description: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
  const mobile = byId('mobile', HTMLInputElement);
  const mobileHint = byId('mobile-hint', HTMLElement);
  mobile.addEventListener('input', () => {
    const value = mobile.value.trim();
    const valid = value === '' || MOBILE.test(value);
    mobile.setAttribute('aria-invalid', String(!valid));
    mobileHint.textContent = valid ? '' : 'Use 13811112222 or 1-1234432112.';
    if (valid) state.settings.mobile = value;
  });
  const oldClient = byId('old-client', HTMLInputElement);
  oldClient.addEventListener('change', () => {
    state.settings.oldClient = oldClient.checked;
    reloadPage();
  });
  byId('reload-page', HTMLButtonElement).addEventListener('click', () => reloadPage());
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.origin === window.location.origin ? `${parsed.pathname}${parsed.search}` : url;
  } catch {
    return url;
  }
}

function headerLines(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

export function section(title: string, className: string, text: string): HTMLElement {
  return h('div', { className: 'wire-section' }, [h('h4', { text: title }), h('pre', { className, text })]);
}

function wireEntryElement(entry: WireEntry, latest: boolean): HTMLElement {
  if (entry.kind === 'phone-response') {
    return h('li', { className: 'wire-entry', attrs: { 'data-kind': 'phone-response' } }, [
      h('details', latest ? { attrs: { open: '' } } : {}, [
        h('summary', {}, [h('span', { className: 'wire-verb', text: 'my.getPhoneNumber()' }), ` res.response · ${entry.scenario}`]),
        h('p', { className: 'wire-note', text: entry.note }),
        section('res.response (raw)', 'wire-raw', entry.response),
      ]),
    ]);
  }
  return requestWireElement(entry.request, entry.answer, 'my.request', latest);
}

/**
 * One request on the wire (method, URL, headers, body, then the server's
 * answer), as a list item; `verb` names the API that made it (`my.request`,
 * `wx.request`). Shared by the Alipay and WeChat panels.
 */
export function requestWireElement(request: WireRequest, answer: WireAnswer | undefined, verb: string, latest: boolean): HTMLElement {
  const status = answer === undefined ? 'waiting…' : answer.kind === 'http' ? String(answer.status) : 'failed';
  const statusClass = answer === undefined ? 'pending' : answer.kind === 'http' && answer.status < 400 ? 'ok' : 'bad';
  const requestText = `${request.method} ${request.url}\n${headerLines(request.headers)}${request.body === undefined ? '' : `\n\n${request.body}`}`;
  const answerText =
    answer === undefined ? 'waiting…'
    : answer.kind === 'failed' ? `no HTTP answer: ${answer.message}`
    : `HTTP ${answer.status}\ncontent-type: ${answer.headers['content-type'] ?? ''}\n\n${prettyJson(answer.body)}`;
  return h('li', { className: 'wire-entry', attrs: { 'data-kind': 'request' } }, [
    h('details', latest ? { attrs: { open: '' } } : {}, [
      h('summary', {}, [
        h('span', { className: 'wire-verb', text: `${verb} ${request.method}` }),
        ` ${pathOf(request.url)} `,
        h('span', { className: `wire-status wire-status--${statusClass}`, text: status }),
      ]),
      section('Request', 'wire-request', requestText),
      section('Answer', 'wire-answer', answerText),
    ]),
  ]);
}

function initWire(state: SimulatorState): void {
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
  initWire(state);
  initInspect(state);
  loadScenarios(state).catch(showSimulatorError);
  loadSandboxConfig().catch(showSimulatorError);
}
