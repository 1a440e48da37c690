/**
 * Boots a session-key tab (WeChat, Douyin) once the mini-program's modules
 * have run (they have registered App and Page/Component by then): applies the
 * styles, compiles the template, points the page at this server, mounts the
 * page and the panel. What differs per tab is a {@link SessionKeyTab}.
 *
 * The getPhoneNumber button opens the client's sheet; Allow fetches the event
 * detail from the sandbox (GET <sandbox>/phone-event) for the user, number and
 * flow chosen in the panel; Deny gives the tab's deny detail. A button
 * failure chosen in the panel (Douyin's) is handed over without a sheet.
 */
import type { TemplateDialect } from '../template/dialect';
import { bootSimulator, readWindowSetting, showTitleBar, type SimulatorInput } from './boot';
import { appNameOf, type PhoneNumberSheetOptions } from './consent-sheet';
import { showSimulatorError, SimulatorUnsupportedError } from './error-panel';
import { PageHost, type HostKind, type PageOptions } from './page-host';
import { isRecord } from './records';
import { miniProgram } from './registry';
import { sandboxErrorCode, type SessionKeyPlatform, type SessionKeySimulatorState } from './session-key-state';

/** What differs between the session-key tabs' start. */
export interface SessionKeyTab {
  readonly platform: SessionKeyPlatform;
  readonly dialect: TemplateDialect;
  readonly state: SessionKeySimulatorState;
  /** Which registration hosts the page when both exist, first choice first. */
  readonly registrations: readonly [HostKind, HostKind];
  /** An appid that is not the sandbox's: encryptedData watermarked for it must be refused. */
  readonly otherAppId: string;
  /** The client's phone-number sheet; resolves true for Allow. */
  readonly askPhoneConsent: (options: PhoneNumberSheetOptions) => Promise<boolean>;
  /** What the button hands the page when the user taps Deny. */
  readonly denyDetail: Readonly<Record<string, string>>;
  /** The wire note of the current flow's event, for `user`. */
  readonly currentFlowNote: (user: string) => string;
  /** The wire note when the panel's failure expired the client's server token. */
  readonly tokenExpiredNote: string;
  /** The client's server API a phone failure strikes, e.g. `getuserphonenumber`. */
  readonly phoneApi: string;
  /** How the sandbox plays a legacy event: asked for with `legacy=1` (`query`), or a current one without its code (`drop-code`). */
  readonly legacyEvent: 'query' | 'drop-code';
  readonly initPanel: (state: SessionKeySimulatorState, actions: { readonly reloadPage: () => void }) => void;
}

function applyWindow(input: SimulatorInput): string {
  const usingComponents = isRecord(input.pageJson) ? input.pageJson['usingComponents'] : undefined;
  if (isRecord(usingComponents) && Object.keys(usingComponents).length > 0) {
    throw new SimulatorUnsupportedError(`${input.route}.json: usingComponents (custom components) are not simulated`);
  }
  const title = readWindowSetting(input, 'navigationBarTitleText') ?? 'Mini-program';
  showTitleBar(title, readWindowSetting(input, 'navigationBarBackgroundColor'));
  const textStyle = readWindowSetting(input, 'navigationBarTextStyle');
  document.documentElement.style.setProperty('--title-bar-text', textStyle === 'black' ? '#000' : '#fff');
  return title;
}

const REGISTRATION_CALLS: Readonly<Record<HostKind, string>> = { component: 'Component({...})', page: 'Page({...})' };

/** The page's registration: the tab's first choice of Page({...}) / Component({...}), else the other. */
function registeredPage(route: string, registrations: readonly [HostKind, HostKind]): { options: PageOptions; kind: HostKind } {
  for (const kind of registrations) {
    const options = kind === 'component' ? miniProgram.components[0] : miniProgram.pages[0];
    if (options !== undefined) return { options, kind };
  }
  throw new Error(`${route}.ts called neither ${REGISTRATION_CALLS[registrations[0]]} nor ${REGISTRATION_CALLS[registrations[1]]}`);
}

async function sandboxJson(url: string, init?: RequestInit): Promise<{ ok: boolean; body: unknown; status: number }> {
  const response = await fetch(url, init);
  const body: unknown = await response.json().catch(() => undefined);
  return { ok: response.ok, body, status: response.status };
}

function messageOf(body: unknown): string {
  const error = isRecord(body) ? body['error'] : undefined;
  return isRecord(error) && typeof error['message'] === 'string' ? error['message'] : JSON.stringify(body);
}

/** What the client hands the page after the sheet: the getPhoneNumber event detail. */
async function phoneNumberDetail(tab: SessionKeyTab, appName: string): Promise<unknown> {
  const { state, platform } = tab;
  const { client, sandbox } = platform;
  const { user, mobile, flow, failure: failureId } = state.settings;
  const failure = platform.failure(failureId);
  if (failure.stage === 'button' && failure.buttonErrMsg !== undefined) {
    const detail = { errMsg: failure.buttonErrMsg };
    state.recordClient('getPhoneNumber event', `the panel's failure: ${client} refuses before asking (${failure.label})`, JSON.stringify(detail));
    return detail;
  }
  const allowed = await tab.askPhoneConsent({ appName, mobile });
  if (!allowed) {
    const detail = { ...tab.denyDetail };
    state.recordClient('getPhoneNumber event', 'the user tapped Deny', JSON.stringify(detail));
    return detail;
  }
  const notes: string[] = [
    flow === 'current' ? tab.currentFlowNote(user) : `legacy flow: only encryptedData/iv, encrypted by ${client} with the key of ${user}'s last login (which only the server holds)`,
  ];
  if (failure.stage === 'token') {
    const expired = await sandboxJson(`${sandbox}/control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expireTokens: true }) });
    if (!expired.ok) throw new Error(`POST ${sandbox}/control answered HTTP ${expired.status}: ${messageOf(expired.body)}`);
    notes.push(tab.tokenExpiredNote);
  }
  const params = new URLSearchParams({ user });
  if (mobile !== '') params.set('mobile', mobile);
  if (flow === 'legacy' && tab.legacyEvent === 'query') params.set('legacy', '1');
  if (failure.stage === 'watermark') {
    params.set('appId', tab.otherAppId);
    notes.push(`encryptedData is watermarked for ${tab.otherAppId}, not this app`);
  }
  const event = await sandboxJson(`${sandbox}/phone-event?${params.toString()}`);
  let detail: Record<string, unknown>;
  if (event.ok && isRecord(event.body)) {
    detail = { ...event.body };
    // An older base library: the event has no code.
    if (flow === 'legacy' && tab.legacyEvent === 'drop-code') delete detail['code'];
  } else if (flow === 'current') {
    // No session_key for the user in the sandbox (the login failed): the code alone still works.
    const phoneCode = await sandboxJson(`${sandbox}/phone-code?${mobile === '' ? '' : `mobile=${encodeURIComponent(mobile)}`}`);
    const code = isRecord(phoneCode.body) ? phoneCode.body['code'] : undefined;
    if (!phoneCode.ok || typeof code !== 'string') throw new Error(`GET ${sandbox}/phone-code answered HTTP ${phoneCode.status}: ${messageOf(phoneCode.body)}`);
    detail = { errMsg: 'getPhoneNumber:ok', code };
    notes.push(`${user} has no session_key in the sandbox ${client} (no successful login), so only the code is given`);
  } else {
    throw new Error(`the sandbox ${client} cannot play the legacy flow: ${messageOf(event.body)} (GET ${sandbox}/phone-event answered HTTP ${event.status})`);
  }
  if (failure.stage === 'phone' && failure.serverCode !== undefined) {
    if (flow === 'current') {
      detail['code'] = sandboxErrorCode(failure.serverCode);
      notes.push(`the panel's failure: ${tab.phoneApi} answers ${failure.label}`);
    } else {
      notes.push(`the panel's failure (${failure.label}) is for ${tab.phoneApi}, which the legacy flow does not call`);
    }
  }
  state.recordClient('getPhoneNumber event', notes.join('; '), JSON.stringify(detail));
  return detail;
}

/** Starts a session-key tab; its start module (start-wechat, start-douyin) calls it with the tab's differences. */
export function startSessionKeySimulator(input: SimulatorInput, tab: SessionKeyTab): void {
  const { state, platform } = tab;
  bootSimulator(input, {
    applyWindow,
    dialect: tab.dialect,
    appConfig: {},
    createHost: ({ template, screen }) => {
      // A new page run: checkSession fails until the page logs in again; storage stays.
      state.loggedInThisRun = false;
      try {
        const { options, kind } = registeredPage(input.route, tab.registrations);
        return new PageHost(
          options,
          input.route,
          template,
          screen,
          {
            requestAuthorization: () => Promise.reject(new SimulatorUnsupportedError(`open-type="getAuthorize" is Alipay's; ${platform.client} uses getPhoneNumber`)),
            // The client's sheet names the mini-program (app.json), not the page in the navigation bar.
            requestPhoneNumber: () => phoneNumberDetail(tab, appNameOf(input.appJson, 'navigationBarTitleText')),
            reportError: showSimulatorError,
          },
          kind,
        );
      } catch (err) {
        showSimulatorError(err);
        return undefined;
      }
    },
    initPanel: (reloadPage) => tab.initPanel(state, { reloadPage }),
  });
}
