/**
 * Boots the Douyin tab once the mini-program's modules have run (they have
 * registered App and Page/Component by then): applies the .ttss, compiles the
 * .ttml, points the page at this server, mounts the page and the panel.
 *
 * The getPhoneNumber button opens Douyin's sheet; Allow fetches the event
 * detail from the sandbox Douyin (GET /sandbox/douyin/phone-event) for the
 * user, number and flow chosen in the panel; Deny gives Douyin's
 * `{errMsg: 'getPhoneNumber:fail auth deny'}` ("用户没有绑定手机号或用户拒绝授权:auth deny",
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire).
 * A button failure chosen in the panel (platform auth deny, no permission,
 * not login) is handed over without a sheet: Douyin refuses before asking.
 */
import { DOUYIN_DIALECT } from '../template/dialect';
import { bootSimulator, readWindowSetting, showTitleBar, type SimulatorInput } from './boot';
import { appNameOf } from './consent-sheet';
import { askDouyinPhoneConsent } from './douyin-overlays';
import { initDouyinPanel } from './douyin-panel';
import { douyinFailure, douyinMagicCode, douyinState, type DouyinSimulatorState } from './douyin-state';
import { showSimulatorError, SimulatorUnsupportedError } from './error-panel';
import { PageHost, type HostKind, type PageOptions } from './page-host';
import { isRecord } from './records';
import { miniProgram } from './registry';

/** An appid that is not the sandbox's: encryptedData watermarked for it must be refused. */
const OTHER_APP_ID = 'tt00000000000000aa';

/** What the button hands the page when the user taps Deny. */
export const DOUYIN_DENY_DETAIL = Object.freeze({ errMsg: 'getPhoneNumber:fail auth deny' });

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

/** The page's registration: Page({...}) (how this repository builds the Douyin page) or Component({...}). */
function registeredPage(route: string): { options: PageOptions; kind: HostKind } {
  const page = miniProgram.pages[0];
  if (page !== undefined) return { options: page, kind: 'page' };
  const component = miniProgram.components[0];
  if (component !== undefined) return { options: component, kind: 'component' };
  throw new Error(`${route}.ts called neither Page({...}) nor Component({...})`);
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

/** What Douyin hands the page after the sheet: the getPhoneNumber event detail. */
async function phoneNumberDetail(state: DouyinSimulatorState, appName: string): Promise<unknown> {
  const { user, mobile, flow, failure: failureId } = state.settings;
  const failure = douyinFailure(failureId);
  if (failure.stage === 'button' && failure.errMsg !== undefined) {
    const detail = { errMsg: failure.errMsg };
    state.recordClient('getPhoneNumber event', `the panel's failure: Douyin refuses before asking (${failure.label})`, JSON.stringify(detail));
    return detail;
  }
  const allowed = await askDouyinPhoneConsent({ appName, mobile });
  if (!allowed) {
    state.recordClient('getPhoneNumber event', 'the user tapped Deny', JSON.stringify(DOUYIN_DENY_DETAIL));
    return { ...DOUYIN_DENY_DETAIL };
  }
  const notes: string[] = [
    flow === 'current'
      ? `current flow (base library 3.51.0+): a code (and encryptedData/iv) for ${user}`
      : `legacy flow: only encryptedData/iv, encrypted by Douyin with the key of ${user}'s last login (which only the server holds)`,
  ];
  if (failure.stage === 'token') {
    const expired = await sandboxJson('/sandbox/douyin/control', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expireTokens: true }) });
    if (!expired.ok) throw new Error(`POST /sandbox/douyin/control answered HTTP ${expired.status}: ${messageOf(expired.body)}`);
    notes.push('the sandbox expired the client_token: get_phonenumber_info answers 28001008 until the server fetches a new one');
  }
  const params = new URLSearchParams({ user });
  if (mobile !== '') params.set('mobile', mobile);
  if (failure.stage === 'watermark') {
    params.set('appId', OTHER_APP_ID);
    notes.push(`encryptedData is watermarked for ${OTHER_APP_ID}, not this app`);
  }
  const event = await sandboxJson(`/sandbox/douyin/phone-event?${params.toString()}`);
  let detail: Record<string, unknown>;
  if (event.ok && isRecord(event.body)) {
    detail = { ...event.body };
    // An older base library: the event has no code.
    if (flow === 'legacy') delete detail['code'];
  } else if (flow === 'current') {
    // No session_key for the user in the sandbox (the login failed): the code alone still works.
    const phoneCode = await sandboxJson(`/sandbox/douyin/phone-code?${mobile === '' ? '' : `mobile=${encodeURIComponent(mobile)}`}`);
    const code = isRecord(phoneCode.body) ? phoneCode.body['code'] : undefined;
    if (!phoneCode.ok || typeof code !== 'string') throw new Error(`GET /sandbox/douyin/phone-code answered HTTP ${phoneCode.status}: ${messageOf(phoneCode.body)}`);
    detail = { errMsg: 'getPhoneNumber:ok', code };
    notes.push(`${user} has no session_key in the sandbox Douyin (no successful login), so only the code is given`);
  } else {
    throw new Error(`the sandbox Douyin cannot play the legacy flow: ${messageOf(event.body)} (GET /sandbox/douyin/phone-event answered HTTP ${event.status})`);
  }
  if (failure.stage === 'phone' && failure.errNo !== undefined) {
    if (flow === 'current') {
      detail['code'] = douyinMagicCode(failure.errNo);
      notes.push(`the panel's failure: get_phonenumber_info answers ${failure.label}`);
    } else {
      notes.push(`the panel's failure (${failure.label}) is for get_phonenumber_info, which the legacy flow does not call`);
    }
  }
  state.recordClient('getPhoneNumber event', notes.join('; '), JSON.stringify(detail));
  return detail;
}

/** Starts the Douyin tab; the bundler's generated entry calls it. */
export function startDouyinSimulator(input: SimulatorInput): void {
  bootSimulator(input, {
    applyWindow,
    dialect: DOUYIN_DIALECT,
    appConfig: {},
    createHost: ({ template, screen }) => {
      // A new page run: tt.checkSession fails until the page logs in again; storage stays.
      douyinState.loggedInThisRun = false;
      try {
        const { options, kind } = registeredPage(input.route);
        return new PageHost(
          options,
          input.route,
          template,
          screen,
          {
            requestAuthorization: () => Promise.reject(new SimulatorUnsupportedError('open-type="getAuthorize" is Alipay\'s; Douyin uses getPhoneNumber')),
            // Douyin's sheet names the mini-program (app.json), not the page in the navigation bar.
            requestPhoneNumber: () => phoneNumberDetail(douyinState, appNameOf(input.appJson, 'navigationBarTitleText')),
            reportError: showSimulatorError,
          },
          kind,
        );
      } catch (err) {
        showSimulatorError(err);
        return undefined;
      }
    },
    initPanel: (reloadPage) => initDouyinPanel(douyinState, { reloadPage }),
  });
}
