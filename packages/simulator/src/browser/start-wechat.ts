/**
 * Boots the WeChat tab once the mini-program's modules have run (they have
 * registered App and Component/Page by then): applies the .wxss, compiles the
 * .wxml, points the page at this server, mounts the page and the panel.
 *
 * The getPhoneNumber button opens WeChat's sheet; Allow fetches the event
 * detail from the sandbox WeChat (GET /sandbox/wechat/phone-event) for the
 * user, number and flow chosen in the panel; Deny gives WeChat's
 * `{errMsg: 'getPhoneNumber:fail user deny'}`.
 */
import { WECHAT_DIALECT } from '../template/dialect';
import { bootSimulator, readWindowSetting, showTitleBar, type SimulatorInput } from './boot';
import { appNameOf } from './consent-sheet';
import { showSimulatorError, SimulatorUnsupportedError } from './error-panel';
import { PageHost, type HostKind, type PageOptions } from './page-host';
import { isRecord } from './records';
import { miniProgram } from './registry';
import { askWechatPhoneConsent } from './wechat-overlays';
import { initWechatPanel } from './wechat-panel';
import { magicCode, wechatFailure, wechatState, type WechatSimulatorState } from './wechat-state';

/** An appid that is not the sandbox's: encryptedData watermarked for it must be refused. */
const OTHER_APP_ID = 'wx0000000000000000';

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

/** The page's registration: Component({...}) (how this repository builds it) or Page({...}). */
function registeredPage(route: string): { options: PageOptions; kind: HostKind } {
  const component = miniProgram.components[0];
  if (component !== undefined) return { options: component, kind: 'component' };
  const page = miniProgram.pages[0];
  if (page !== undefined) return { options: page, kind: 'page' };
  throw new Error(`${route}.ts called neither Component({...}) nor Page({...})`);
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

/** What WeChat hands the page after the sheet: the getPhoneNumber event detail. */
async function phoneNumberDetail(state: WechatSimulatorState, appName: string): Promise<unknown> {
  const { user, mobile, flow, failure: failureId } = state.settings;
  const allowed = await askWechatPhoneConsent({ appName, mobile });
  if (!allowed) {
    const detail = { errMsg: 'getPhoneNumber:fail user deny' };
    state.recordClient('getPhoneNumber event', 'the user tapped Deny', JSON.stringify(detail));
    return detail;
  }
  const failure = wechatFailure(failureId);
  const notes: string[] = [flow === 'current' ? `current flow: a code (and encryptedData/iv) for ${user}` : `legacy flow: only encryptedData/iv, encrypted by WeChat with the key of ${user}'s last login (which only the server holds)`];
  if (failure.stage === 'token') {
    const expired = await sandboxJson('/sandbox/wechat/control', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expireTokens: true }) });
    if (!expired.ok) throw new Error(`POST /sandbox/wechat/control answered HTTP ${expired.status}: ${messageOf(expired.body)}`);
    notes.push('the sandbox expired the access token: getuserphonenumber answers 42001 until the server refreshes it');
  }
  const params = new URLSearchParams({ user });
  if (mobile !== '') params.set('mobile', mobile);
  if (flow === 'legacy') params.set('legacy', '1');
  if (failure.stage === 'watermark') {
    params.set('appId', OTHER_APP_ID);
    notes.push(`encryptedData is watermarked for ${OTHER_APP_ID}, not this app`);
  }
  const event = await sandboxJson(`/sandbox/wechat/phone-event?${params.toString()}`);
  let detail: Record<string, unknown>;
  if (event.ok && isRecord(event.body)) {
    detail = { ...event.body };
  } else if (flow === 'current') {
    // No session_key for the user in the sandbox (the login failed): the code alone still works.
    const phoneCode = await sandboxJson(`/sandbox/wechat/phone-code?${mobile === '' ? '' : `mobile=${encodeURIComponent(mobile)}`}`);
    const code = isRecord(phoneCode.body) ? phoneCode.body['code'] : undefined;
    if (!phoneCode.ok || typeof code !== 'string') throw new Error(`GET /sandbox/wechat/phone-code answered HTTP ${phoneCode.status}: ${messageOf(phoneCode.body)}`);
    detail = { errMsg: 'getPhoneNumber:ok', code };
    notes.push(`${user} has no session_key in the sandbox WeChat (no successful login), so only the code is given`);
  } else {
    throw new Error(`the sandbox WeChat cannot play the legacy flow: ${messageOf(event.body)} (GET /sandbox/wechat/phone-event answered HTTP ${event.status})`);
  }
  if (failure.stage === 'phone' && failure.errcode !== undefined) {
    if (flow === 'current') {
      detail['code'] = magicCode(failure.errcode);
      notes.push(`the panel's failure: getuserphonenumber answers ${failure.label}`);
    } else {
      notes.push(`the panel's failure (${failure.label}) is for getuserphonenumber, which the legacy flow does not call`);
    }
  }
  state.recordClient('getPhoneNumber event', notes.join('; '), JSON.stringify(detail));
  return detail;
}

/** Starts the WeChat tab; the bundler's generated entry calls it. */
export function startWechatSimulator(input: SimulatorInput): void {
  bootSimulator(input, {
    applyWindow,
    dialect: WECHAT_DIALECT,
    appConfig: {},
    createHost: ({ template, screen }) => {
      // A new page run: wx.checkSession fails until the page logs in again; storage stays.
      wechatState.loggedInThisRun = false;
      try {
        const { options, kind } = registeredPage(input.route);
        return new PageHost(
          options,
          input.route,
          template,
          screen,
          {
            requestAuthorization: () => Promise.reject(new SimulatorUnsupportedError('open-type="getAuthorize" is Alipay\'s; WeChat uses getPhoneNumber')),
            // WeChat's sheet names the mini-program (app.json), not the page in the navigation bar.
            requestPhoneNumber: () => phoneNumberDetail(wechatState, appNameOf(input.appJson, 'navigationBarTitleText')),
            reportError: showSimulatorError,
          },
          kind,
        );
      } catch (err) {
        showSimulatorError(err);
        return undefined;
      }
    },
    initPanel: (reloadPage) => initWechatPanel(wechatState, { reloadPage }),
  });
}
