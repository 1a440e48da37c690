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
import { compileTemplate, type CompiledTemplate } from '../template/compile-template';
import { convertAcss } from '../template/convert-acss';
import { WECHAT_DIALECT } from '../template/dialect';
import { byId } from './dom';
import { showSimulatorError, SimulatorUnsupportedError } from './error-panel';
import { PageHost, type HostKind, type PageOptions } from './page-host';
import { miniProgram } from './registry';
import type { SimulatorInput } from './start';
import { askWechatPhoneConsent } from './wechat-overlays';
import { initWechatPanel } from './wechat-panel';
import { magicCode, wechatFailure, wechatState, type WechatSimulatorState } from './wechat-state';

/** The scope every .wxss rule is nested under: the phone's screen. */
const SCREEN_SELECTOR = '.pk-screen';

/** An appid that is not the sandbox's: encryptedData watermarked for it must be refused. */
const OTHER_APP_ID = 'wx0000000000000000';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readWindowSetting(input: SimulatorInput, key: string): string | undefined {
  const page = isRecord(input.pageJson) ? input.pageJson[key] : undefined;
  if (typeof page === 'string') return page;
  const window = isRecord(input.appJson) ? input.appJson['window'] : undefined;
  const app = isRecord(window) ? window[key] : undefined;
  return typeof app === 'string' ? app : undefined;
}

function applyWindow(input: SimulatorInput): string {
  const usingComponents = isRecord(input.pageJson) ? input.pageJson['usingComponents'] : undefined;
  if (isRecord(usingComponents) && Object.keys(usingComponents).length > 0) {
    throw new SimulatorUnsupportedError(`${input.route}.json: usingComponents (custom components) are not simulated`);
  }
  const title = readWindowSetting(input, 'navigationBarTitleText') ?? 'Mini-program';
  byId('phone-title', HTMLElement).textContent = title;
  const color = readWindowSetting(input, 'navigationBarBackgroundColor');
  if (color !== undefined && /^#[0-9a-fA-F]{3,8}$/.test(color)) document.documentElement.style.setProperty('--title-bar-color', color);
  const textStyle = readWindowSetting(input, 'navigationBarTextStyle');
  document.documentElement.style.setProperty('--title-bar-text', textStyle === 'black' ? '#000' : '#fff');
  return title;
}

function applyStyles(input: SimulatorInput): void {
  const css = input.styles.map((style) => `/* ${style.file} */\n${convertAcss(style.source, { scope: SCREEN_SELECTOR, file: style.file })}`).join('\n');
  const element = document.createElement('style');
  element.id = 'mini-program-styles';
  element.textContent = css;
  document.head.append(element);
}

/** Points the page at this server, through `getApp().globalData.config`. */
function configureApp(): void {
  const globalData = miniProgram.globalData();
  const existing = globalData['config'];
  globalData['config'] = { ...(isRecord(existing) ? existing : {}), serverUrl: window.location.origin };
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
  const allowed = await askWechatPhoneConsent({ appName, numberHint: mobile === '' ? '138****2222 (the sandbox default)' : mobile });
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
  const screen = byId('screen', HTMLElement);
  let appName = 'Mini-program';
  let template: CompiledTemplate | undefined;
  try {
    appName = applyWindow(input);
    applyStyles(input);
    template = compileTemplate(input.template.source, input.template.file, WECHAT_DIALECT);
  } catch (err) {
    showSimulatorError(err);
    screen.classList.add('pk-screen--broken');
  }
  configureApp();

  let host: PageHost | undefined;
  const mountPage = (): void => {
    if (template === undefined) return;
    host?.destroy();
    host = undefined;
    // A new page run: wx.checkSession fails until the page logs in again; storage stays.
    wechatState.loggedInThisRun = false;
    try {
      const { options, kind } = registeredPage(input.route);
      const created = new PageHost(
        options,
        input.route,
        template,
        screen,
        {
          requestAuthorization: () => Promise.reject(new SimulatorUnsupportedError('open-type="getAuthorize" is Alipay\'s; WeChat uses getPhoneNumber')),
          requestPhoneNumber: () => phoneNumberDetail(wechatState, appName),
          reportError: showSimulatorError,
        },
        kind,
      );
      host = created;
      miniProgram.currentPages = [created.instance];
      created.start();
    } catch (err) {
      showSimulatorError(err);
    }
  };

  mountPage();
  initWechatPanel(wechatState, { reloadPage: mountPage });
  document.body.dataset['simulator'] = 'ready';
}
