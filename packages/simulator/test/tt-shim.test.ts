/**
 * @jest-environment jsdom
 */
// The Douyin tab's pieces that need no server: the TTML button drawn and its
// getPhoneNumber event delivered the Douyin way (lower-case type, the
// detail the client hands over, the tap first), and the `tt` shim's local
// APIs (checkSession before and after tt.login, storage, system info in the
// panel's language, canIUse, loud failures for what it does not play).
// tt.login and tt.request reach the real server: the Chromium suite in
// apps/dev drives them.
import { deserialize, serialize } from 'node:v8';
import { compileTemplate } from '../src/template/compile-template';
import { DOUYIN_DIALECT } from '../src/template/dialect';
import { renderTemplate, type MiniProgramEvent, type RenderHooks } from '../src/browser/render';
import { DouyinSimulatorState, DOUYIN_FAILURES, douyinFailure, douyinMagicCode } from '../src/browser/douyin-state';
import { createTtShim } from '../src/browser/tt-shim';
import { SimulatorUnsupportedError } from '../src/browser/error-panel';

// jsdom has no structuredClone (browsers and node do); the shim's storage copies with it.
const globals = globalThis as { structuredClone?: (value: unknown) => unknown };
globals.structuredClone ??= (value: unknown): unknown => deserialize(serialize(value));

interface Call {
  readonly handler: string;
  readonly event: MiniProgramEvent;
}

function drawButton(detail: unknown, calls: Call[]): HTMLButtonElement {
  const hooks: RenderHooks = {
    callHandler: (handler, event) => calls.push({ handler, event }),
    requestAuthorization: () => Promise.reject(new Error('no getAuthorize on Douyin')),
    requestPhoneNumber: () => Promise.resolve(detail),
    reportError: (error) => {
      throw error;
    },
  };
  const template = compileTemplate(
    '<view bindtap="onOuterTap"><button id="phone-button" open-type="getPhoneNumber" bindtap="onTap" bindgetphonenumber="onGetPhoneNumber">Go</button></view>',
    'pages/x/x.ttml',
    DOUYIN_DIALECT,
  );
  document.body.replaceChildren(...renderTemplate(template, {}, hooks));
  const button = document.querySelector('button');
  if (button === null) throw new Error('no button drawn');
  return button;
}

/** Calls `api` with success/fail callbacks and resolves with which one ran and its result. */
function callTt(tt: Record<string, unknown>, api: string, options: Record<string, unknown> = {}): Promise<{ outcome: 'success' | 'fail'; result: unknown }> {
  return new Promise((resolve) => {
    const method = tt[api];
    if (typeof method !== 'function') throw new Error(`tt.${api} is not a function`);
    Reflect.apply(method, tt, [
      {
        ...options,
        success: (result: unknown) => resolve({ outcome: 'success', result }),
        fail: (result: unknown) => resolve({ outcome: 'fail', result }),
      },
    ]);
  });
}

function call<T>(tt: Record<string, unknown>, api: string, ...args: unknown[]): T {
  const method = tt[api];
  if (typeof method !== 'function') throw new Error(`tt.${api} is not a function`);
  return Reflect.apply(method, tt, args) as T;
}

describe('the getPhoneNumber button in TTML', () => {
  it('fires the tap, then hands the page the detail as event type getphonenumber, and does not bubble', async () => {
    const calls: Call[] = [];
    const detail = { errMsg: 'getPhoneNumber:ok', code: 'tt-phone-1', encryptedData: 'x', iv: 'y' };
    drawButton(detail, calls).click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.map((c) => [c.handler, c.event.type])).toEqual([
      ['onTap', 'tap'],
      ['onGetPhoneNumber', 'getphonenumber'],
    ]);
    expect(calls[1]?.event.detail).toEqual(detail);
    expect(calls[1]?.event.currentTarget.id).toBe('phone-button');
  });

  it("hands over Douyin's refusal the same way", async () => {
    const calls: Call[] = [];
    drawButton({ errMsg: 'getPhoneNumber:fail auth deny' }, calls).click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.find((c) => c.handler === 'onGetPhoneNumber')?.event.detail).toEqual({ errMsg: 'getPhoneNumber:fail auth deny' });
  });
});

describe('the tt shim', () => {
  it('fails tt.checkSession with session is empty until tt.login succeeded in this page run', async () => {
    const state = new DouyinSimulatorState();
    const tt = createTtShim(state);
    expect(await callTt(tt, 'checkSession')).toEqual({ outcome: 'fail', result: { errMsg: 'checkSession:fail session is empty', errNo: 113101 } });
    state.loggedInThisRun = true;
    expect(await callTt(tt, 'checkSession')).toEqual({ outcome: 'success', result: { errMsg: 'checkSession:ok' } });
  });

  it('plays a login failure chosen in the panel with a magic code, recorded on the wire', async () => {
    const state = new DouyinSimulatorState();
    state.settings.failure = 'login-40018';
    const answer = await callTt(createTtShim(state), 'login', { force: true });
    expect(answer).toEqual({ outcome: 'success', result: { errMsg: 'login:ok', code: 'sandbox-errcode-40018', anonymousCode: 'sandbox-errcode-40018', isLogin: true } });
    expect(state.loggedInThisRun).toBe(true);
    expect(state.wire.map((entry) => entry.kind === 'client' && entry.api)).toEqual(['tt.login()']);
  });

  it("keeps storage as copies and answers '' for a key it does not have", () => {
    const tt = createTtShim(new DouyinSimulatorState());
    expect(call(tt, 'getStorageSync', 'phonekit.douyin.session')).toBe('');
    const stored = { token: 't', expiresAt: 1 };
    call(tt, 'setStorageSync', 'k', stored);
    stored.token = 'changed';
    expect(call(tt, 'getStorageSync', 'k')).toEqual({ token: 't', expiresAt: 1 });
    call(tt, 'removeStorageSync', 'k');
    expect(call(tt, 'getStorageSync', 'k')).toBe('');
    expect(() => call(tt, 'getStorageSync', '')).toThrow(SimulatorUnsupportedError);
  });

  it("answers the panel's language in tt.getSystemInfoSync, as Douyin", () => {
    const state = new DouyinSimulatorState();
    const tt = createTtShim(state);
    state.settings.language = 'en';
    expect(call<Record<string, unknown>>(tt, 'getSystemInfoSync')).toEqual(expect.objectContaining({ appName: 'Douyin', language: 'en' }));
    state.settings.language = 'zh';
    expect(call<Record<string, unknown>>(tt, 'getSystemInfoSync')).toEqual(expect.objectContaining({ language: 'zh_CN' }));
  });

  it('says it can use the getPhoneNumber button and what it simulates, nothing else', () => {
    const tt = createTtShim(new DouyinSimulatorState());
    expect(call(tt, 'canIUse', 'button.open-type.getPhoneNumber')).toBe(true);
    expect(call(tt, 'canIUse', 'login')).toBe(true);
    expect(call(tt, 'canIUse', 'button.open-type.share')).toBe(false);
  });

  it('fails loudly, naming the API, for anything it does not simulate', () => {
    const tt = createTtShim(new DouyinSimulatorState());
    expect(() => call(tt, 'getPhoneNumber', {})).toThrow(/^tt\.getPhoneNumber\(\) is not simulated \(simulated: getSystemInfoSync, /);
  });

  it('refuses a responseType it does not play before sending anything', () => {
    const state = new DouyinSimulatorState();
    expect(() => call(createTtShim(state), 'request', { url: 'http://127.0.0.1:1/x', responseType: 'arraybuffer' })).toThrow('tt.request responseType "arraybuffer" is not simulated (text is)');
    expect(state.wire).toEqual([]);
  });
});

describe('the Douyin failures the panel offers', () => {
  it('have unique ids, and each server one a magic code', () => {
    expect(new Set(DOUYIN_FAILURES.map((f) => f.id)).size).toBe(DOUYIN_FAILURES.length);
    for (const failure of DOUYIN_FAILURES) {
      if (failure.stage === 'phone' || failure.stage === 'login') expect(typeof failure.errNo).toBe('number');
      if (failure.stage === 'button') expect(failure.errMsg).toMatch(/^getPhoneNumber:fail /);
    }
    expect(douyinMagicCode(-1)).toBe('sandbox-errcode--1');
    expect(douyinFailure('no such failure').stage).toBe('none');
  });
});
