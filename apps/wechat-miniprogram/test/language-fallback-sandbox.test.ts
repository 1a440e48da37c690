/**
 * @jest-environment jsdom
 */
// The phone page for the people who use it, under miniprogram-simulate
// against a real phonekit server process in sandbox mode: it speaks WeChat's
// language (Chinese unless WeChat says another), shows developer details only
// with config.debug, offers a typed-in number (checked on the page, never
// sent) on decline and on an old WeChat, and with config.sandbox gets its
// codes from the server's sandbox WeChat instead of wx.login and the button
// (what WeChat DevTools with touristappid needs).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import simulate, { type SimulatedRootComponent } from 'miniprogram-simulate';
import { resolveConfig, type PhonekitWechatConfig } from '../src/config';
import { MANUAL_ENTRY_TEXT } from '../src/lib/manual-phone';
import { PAGE_TEXT } from '../src/lib/page-text';
import { bundleMiniProgram, type BuiltMiniProgram } from './harness/bundle-mini-program';
import { startPhonekitServer, type PhonekitServerProcess } from './harness/phonekit-server-process';
import { createSimulatedWechatClient, type SimulatedWechatClient, type SimulatedWechatClientOptions } from './harness/simulated-wechat-client';

jest.setTimeout(30_000);

type Page = SimulatedRootComponent;

let server: PhonekitServerProcess;
let built: BuiltMiniProgram;
let pageId: string;
let userCount = 0;
let appOptions: { globalData: { config?: Partial<PhonekitWechatConfig> } } = { globalData: {} };

const globals = globalThis as unknown as Record<string, unknown>;

function documentOfJsdom(): { createElement(tag: string): object } {
  return (globalThis as unknown as { document: { createElement(tag: string): object } }).document;
}

beforeAll(async () => {
  server = await startPhonekitServer();
  built = bundleMiniProgram();
  globals['App'] = (options: typeof appOptions) => {
    appOptions = options;
  };
  await import(`${built.root}/app.js`);
  globals['getApp'] = () => appOptions;
  pageId = simulate.load(built.page('pages/phone/phone'), { compiler: 'simulate', rootPath: built.root });
}, 90_000);

afterAll(async () => {
  built?.dispose();
  await server?.stop();
});

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await simulate.sleep(10);
  }
}

/** A fresh client (its own user) and a page run with `config` over the test server's address. */
async function openPage(config: Partial<PhonekitWechatConfig> = {}, client: Partial<SimulatedWechatClientOptions> = {}): Promise<{ page: Page; client: SimulatedWechatClient }> {
  userCount += 1;
  const device = createSimulatedWechatClient({ sandboxUrl: server.url, user: `lang-user-${userCount}-${process.pid}`, ...client });
  globals['wx'] = device.wx;
  appOptions.globalData.config = { serverUrl: server.url, ...config };
  const page = simulate.render(pageId);
  page.attach(documentOfJsdom().createElement('parent-wrapper'));
  await until('the page signed in', () => page.data['status'] !== 'starting');
  return { page, client: device };
}

function textOf(page: Page, selector: string): string {
  return page.querySelector(selector)?.dom?.textContent?.trim() ?? '';
}

async function dispatch(page: Page, selector: string, event: string, detail: object = {}): Promise<void> {
  const element = page.querySelector(selector);
  if (element === undefined) throw new Error(`no ${selector} in the page`);
  element.dispatchEvent(event, { detail });
  await Promise.resolve();
  await Promise.resolve();
  await until('the page answered', () => page.data['status'] !== 'asking');
}

describe('the language the page speaks', () => {
  it('is Chinese on a Chinese WeChat (zh_CN), with every text from the Chinese table', async () => {
    const { page } = await openPage();
    expect(page.data['language']).toBe('zh');
    expect(page.data['text']).toEqual(PAGE_TEXT.zh);
    expect(textOf(page, '#status')).toBe(PAGE_TEXT.zh.status_ready);
    expect(textOf(page, '#phone-button')).toBe('使用微信绑定的手机号');
    expect(textOf(page, '#account .account-text')).toMatch(/^已登录 · 用户 [0-9a-f]{8}$/);
  });

  it.each(['zh_TW', 'zh_HK', 'zh'])('is Chinese on %s too', async (language) => {
    const { page } = await openPage({}, { language });
    expect(page.data['language']).toBe('zh');
  });

  it('is English on an English WeChat', async () => {
    const { page } = await openPage({}, { language: 'en' });
    expect(page.data['language']).toBe('en');
    expect(textOf(page, '#status')).toBe('Tap the button to share your phone number.');
    expect(textOf(page, '#phone-button')).toBe('Use my WeChat phone number');
  });

  it('writes no sentence in the template itself', () => {
    const wxml = readFileSync(resolve(__dirname, '..', 'src', 'pages', 'phone', 'phone.wxml'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const texts = [...wxml.matchAll(/>([^<]+)</g)].map((m) => (m[1] ?? '').replace(/\{\{[\s\S]*?\}\}/g, '').replace(/[\s"',.:;·()（），。：]/g, ''));
    expect(texts.filter((t) => t !== '')).toEqual([]);
  });
});

describe('developer details', () => {
  it('stay hidden without debug: the user reads a kind sentence and what to do, in Chinese', async () => {
    const { page, client } = await openPage();
    const event = await client.phoneEvent('13811115555');
    await dispatch(page, '#phone-button', 'getphonenumber', event);
    expect(page.data['status']).toBe('done');
    // The same code again: the server refuses it.
    await dispatch(page, '#phone-button', 'getphonenumber', event);
    expect(page.data['status']).toBe('failed');
    expect(textOf(page, '#error')).toBe(PAGE_TEXT.zh.phoneUnavailable);
    expect(page.querySelector('#error .code')).toBeUndefined();
    expect(page.querySelector('#error .hint')).toBeUndefined();
    expect(textOf(page, '#error')).not.toMatch(/WECHAT_CODE_USED|serverUrl/);
    // What the user can do: type the number instead.
    expect(page.querySelector('#manual-input')).toBeDefined();
  });

  it('show with debug: the code, the message, and the hint in the page language (hintZh in Chinese, hint in English)', async () => {
    const zh = await openPage({ debug: true });
    const event = await zh.client.phoneEvent('13811116666');
    await dispatch(zh.page, '#phone-button', 'getphonenumber', event);
    await dispatch(zh.page, '#phone-button', 'getphonenumber', event);
    expect(textOf(zh.page, '#error .code')).toBe('WECHAT_CODE_USED');
    expect(textOf(zh.page, '#error .hint')).toBe(String(zh.page.data['hintZh']));
    expect(textOf(zh.page, '#error .hint')).toMatch(/[\u4e00-\u9fff]/);

    const en = await openPage({ debug: true }, { language: 'en' });
    const again = await en.client.phoneEvent('13811117777');
    await dispatch(en.page, '#phone-button', 'getphonenumber', again);
    await dispatch(en.page, '#phone-button', 'getphonenumber', again);
    expect(textOf(en.page, '#error .hint')).toMatch(/Each code works once/);
    expect(textOf(en.page, '#error .user-text')).toBe(PAGE_TEXT.en.phoneUnavailable);
  });
});

describe('typing the number instead', () => {
  it('after a decline: the same texts as on Alipay; a valid number is shown as typed, not verified, never sent', async () => {
    const { page, client } = await openPage();
    await dispatch(page, '#phone-button', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' });
    expect(page.data['status']).toBe('declined');
    expect(textOf(page, '#declined')).toBe(MANUAL_ENTRY_TEXT.zh.declined);
    const requestsBefore = client.requests().length;

    await dispatch(page, '#manual-input', 'input', { value: '12345' });
    await dispatch(page, '#manual-confirm', 'tap');
    expect(textOf(page, '#manual .manual-error')).toBe(MANUAL_ENTRY_TEXT.zh.manualInvalid);
    expect(page.data['status']).toBe('declined');

    await dispatch(page, '#manual-input', 'input', { value: '852-51234567' });
    expect(page.querySelector('#manual .manual-error')).toBeUndefined();
    await dispatch(page, '#manual-input', 'confirm', { value: '852-51234567' });
    expect(page.data['status']).toBe('manual');
    expect(textOf(page, '#manual-result .manual-number')).toBe('852-51234567');
    expect(textOf(page, '#manual-result .not-verified')).toBe(MANUAL_ENTRY_TEXT.zh.manualNotVerified);
    expect(client.requests().length).toBe(requestsBefore);
  });

  it('on a WeChat without the getPhoneNumber button: the fallback text and the field instead of the button', async () => {
    const { page } = await openPage({}, { language: 'en', cannotUse: ['button.open-type.getPhoneNumber'] });
    expect(page.querySelector('#phone-button')).toBeUndefined();
    expect(textOf(page, '#old-client')).toBe(PAGE_TEXT.en.oldClient);
    await dispatch(page, '#manual-input', 'confirm', { value: '+8613811112222' });
    expect(page.data['status']).toBe('manual');
    expect(textOf(page, '#manual-result .manual-number')).toBe('13811112222');
  });
});

describe('sandbox mode (WeChat DevTools with touristappid)', () => {
  it('defaults to off, and reads sandbox, sandboxUser, sandboxMobile and debug from the overrides', () => {
    expect(resolveConfig(undefined)).toEqual({ serverUrl: 'http://127.0.0.1:3000', debug: false, sandbox: false, sandboxUser: 'sandbox-user', sandboxMobile: '' });
    expect(resolveConfig({ sandbox: true, sandboxUser: 'bob', sandboxMobile: '13811112222', debug: true })).toMatchObject({ sandbox: true, sandboxUser: 'bob', sandboxMobile: '13811112222', debug: true });
  });

  it('logs in with a code from GET /sandbox/wechat/login-code and gets the phone code from GET /sandbox/wechat/phone-code, never calling wx.login', async () => {
    const user = `devtools-${process.pid}`;
    const { page, client } = await openPage({ sandbox: true, sandboxUser: user, sandboxMobile: '13811118888' }, { language: 'en' });
    expect(client.logins()).toBe(0);
    expect(client.sent().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /sandbox/wechat/login-code', 'POST /api/wechat/login']);
    expect(page.data['accountStatus']).toBe('signed-in');
    expect(textOf(page, '#sandbox-banner')).toContain('Sandbox mode');
    expect(page.querySelector('#phone-button')).toBeUndefined();

    await dispatch(page, '#sandbox-phone-button', 'tap');
    expect(page.data['status']).toBe('done');
    expect(textOf(page, '#result .masked')).toBe('138****8888');
    expect(textOf(page, '#result .saved')).toBe(PAGE_TEXT.en.saved);
    expect(client.sent().slice(2).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /sandbox/wechat/phone-code', 'POST /api/wechat/phone-number']);
    expect(client.sent()[3]?.authorization).toMatch(/^Bearer \S+$/);
    expect(client.logins()).toBe(0);
  });
});
