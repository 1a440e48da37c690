// The WeChat tab in a real browser: headless Chromium drives /wechat, which
// runs the WeChat mini-program's real page code (Component) and template
// (.wxml, .wxss) against the real server and its sandbox WeChat. The only
// doubles are at the edges we do not own: the WeChat client (the `wx` shim)
// and the user (Playwright).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { MemoryWechatStore } from '@phonekit/express';
import type { RunningServer, WechatSession } from '@phonekit/express';
import { launchChromium } from './support/chromium';
import { startSandboxServer } from './support/sandbox-server';
import { WechatSimulatorPage } from './support/wechat-simulator-page';

const RESULTS_DIR = join(__dirname, '..', 'test-results');
const SCREENSHOT = join(RESULTS_DIR, 'wechat.png');
const DOCS_SCREENSHOT = join(__dirname, '..', '..', '..', 'docs', 'simulator-wechat.png');

/** The server's own session store, remembering every session_key it was given, to prove none reaches the browser. */
class RecordingWechatStore extends MemoryWechatStore {
  readonly sessionKeys: string[] = [];

  override saveSession(id: string, session: WechatSession, ttlSeconds: number): Promise<void> {
    this.sessionKeys.push(session.sessionKey);
    return super.saveSession(id, session, ttlSeconds);
  }
}

let browser: Browser;
let server: RunningServer;
let store: RecordingWechatStore;
let context: BrowserContext;
let sim: WechatSimulatorPage;

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  store = new RecordingWechatStore();
  [browser, server] = await Promise.all([launchChromium(), startSandboxServer({ wechatStore: store })]);
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  sim = new WechatSimulatorPage(await context.newPage());
});

afterEach(async () => {
  const title = expect.getState().currentTestName ?? 'unnamed';
  const name = `wechat-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 90);
  await sim.page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) });
  await context.close();
});

/** Neither the page nor the wire may ever hold a session_key, by name or by value. */
async function expectNoSessionKey(): Promise<void> {
  const html = await sim.page.content();
  const wire = await sim.wireText();
  expect(html).not.toContain('session_key');
  expect(wire).not.toContain('session_key');
  expect(wire).not.toContain('sessionKey');
  expect(store.sessionKeys.length).toBeGreaterThan(0);
  for (const key of store.sessionKeys) {
    expect(html).not.toContain(key);
    expect(wire).not.toContain(key);
  }
}

describe('the WeChat tab at /wechat', () => {
  afterEach(() => {
    expect(sim.browserErrors).toEqual([]);
  });

  describe('in the current flow, when the user allows', () => {
    it('logs in, sends the button code, shows the masked number, and keeps the session_key off the wire', async () => {
      await sim.open(`${server.url}/wechat`, { language: 'en', debug: true });
      expect(await sim.page.locator('#phone-title').innerText()).toBe('Phone number');

      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('138****2222');
      const text = await sim.screenText();
      expect(text).toContain('via the phone-number code');
      expect(text).not.toContain('13811112222');

      await sim.waitForAnsweredRequests(2);
      const login = await sim.wireExchange('/api/wechat/login');
      expect(login.sent).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/api\/wechat\/login\n/);
      expect(login.sent).toContain('content-type: application/json');
      expect(login.sent).toMatch(/\n\n\{"code":"[^"]+"\}$/);
      expect(login.answer).toMatch(/^HTTP 200\n/);
      expect(login.answer).toContain('"sessionToken"');

      const phone = await sim.wireExchange('/api/wechat/phone-number');
      expect(phone.sent).toMatch(/\n\n\{"code":"[^"]+"\}$/);
      // The code flow carries the page's session token (so the server binds the number to the user), never a session_key.
      const token = /"sessionToken":\s*"([^"]+)"/.exec(login.answer)?.[1] ?? 'no token in the login answer';
      expect(phone.sent).toContain(`authorization: Bearer ${token}`);
      expect(phone.answer).toMatch(/^HTTP 200\n/);
      expect(phone.answer).toContain('"masked": "138****2222"');
      // The code the page sent is the one WeChat's event gave it.
      const event = (await sim.wireClient.first().locator('.wire-raw').textContent()) ?? '';
      const code = /"code":"([^"]+)"/.exec(event)?.[1];
      expect(code).toBeDefined();
      expect(phone.sent).toContain(`{"code":"${code ?? ''}"}`);

      await expectNoSessionKey();
      await sim.page.screenshot({ path: SCREENSHOT });
      if (process.env['PHONEKIT_UPDATE_DOCS_SCREENSHOT'] === '1') copyFileSync(SCREENSHOT, DOCS_SCREENSHOT);
    });
  });

  describe('in the legacy flow', () => {
    it('sends encryptedData and iv with the session token, and the server opens them', async () => {
      await sim.open(`${server.url}/wechat`, { language: 'en', debug: true });
      await sim.page.check('#flow-legacy');
      await sim.page.fill('#wechat-mobile', '13900001111');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('139****1111');
      expect(await sim.screenText()).toContain('via encryptedData and the session');

      await sim.waitForAnsweredRequests(2);
      const phone = await sim.wireExchange('/api/wechat/phone-number');
      expect(phone.sent).toMatch(/\nauthorization: Bearer \S+\n/);
      expect(phone.sent).toMatch(/\n\n\{"encryptedData":"[^"]+","iv":"[^"]+"\}$/);
      expect(phone.answer).toContain('"masked": "139****1111"');
      const event = (await sim.wireClient.first().locator('.wire-raw').textContent()) ?? '';
      expect(event).not.toContain('"code"');
      await expectNoSessionKey();
    });
  });

  describe('when the user denies', () => {
    it('says so as the Alipay tab does, offers the typed-in field, and sends no phone request', async () => {
      await sim.open(`${server.url}/wechat`, { language: 'en', debug: true });
      await sim.tapAndAnswer('deny');
      await sim.waitForScreenText('No problem: you can type your number below instead.');
      expect(await sim.screen.locator('input').count()).toBe(1);
      await sim.waitForAnsweredRequests(1);
      expect(await sim.wireRequests.count()).toBe(1);
      expect((await sim.wireExchange('/api/wechat/login')).answer).toMatch(/^HTTP 200\n/);
      expect(await sim.wireText()).toContain('getPhoneNumber:fail user deny');
    });
  });

  describe('when WeChat answers 40163 for the phone code', () => {
    it('shows the message and the hint', async () => {
      await sim.open(`${server.url}/wechat`, { language: 'en', debug: true });
      await sim.page.selectOption('#wechat-failure', 'phone-40163');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('WECHAT_CODE_USED');
      const text = await sim.screenText();
      expect(text).toContain('WeChat says this code was already used (errcode 40163).');
      expect(text).toContain('Each code works once');
      const phone = await sim.wireExchange('/api/wechat/phone-number');
      expect(phone.sent).toContain('{"code":"sandbox-errcode-40163"}');
      expect(phone.answer).toMatch(/^HTTP 400\n/);
      // A Chinese WeChat: the developer hint is the server's hintZh.
      await sim.page.selectOption('#client-language', 'zh');
      await sim.waitForScreenText('使用微信绑定的手机号');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('每个 code 只能用一次');
      expect(await sim.screenText()).toContain('WECHAT_CODE_USED');
    }, 30_000);
  });

  describe('when WeChat blocks the login (40226)', () => {
    it('restarts the page, and the page shows the risky-user error from its login', async () => {
      await sim.open(`${server.url}/wechat`, { language: 'en', debug: true });
      await sim.page.selectOption('#wechat-failure', 'login-40226');
      await sim.waitForScreenText('WECHAT_RISKY_USER');
      expect(await sim.screenText()).toContain('ask the user to type their number instead');
      const login = await sim.wireExchange('/api/wechat/login');
      expect(login.sent).toContain('{"code":"sandbox-errcode-40226"}');
      expect(login.answer).toMatch(/^HTTP 403\n/);
    });
  });

  describe('for a Chinese user', () => {
    it('speaks Chinese by default (wx.getAppBaseInfo says zh_CN), shows no developer details, and the switch flips it to English', async () => {
      await sim.open(`${server.url}/wechat`, { language: 'zh' });
      expect(await sim.page.locator('#client-language').inputValue()).toBe('zh');
      await sim.waitForScreenText('使用微信绑定的手机号');
      await sim.page.selectOption('#wechat-failure', 'phone-40163');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('暂时无法获取您的手机号，请手动输入手机号。');
      expect(await sim.screenText()).not.toContain('WECHAT_CODE_USED');
      expect(await sim.screen.locator('input').count()).toBe(1);

      await sim.page.selectOption('#client-language', 'en');
      await sim.waitForScreenText('Tap the button to share your phone number.');
      await sim.waitForScreenText('Use my WeChat phone number');
      expect(await sim.screenText()).not.toContain('使用微信绑定的手机号');
    }, 30_000);

    it('declines the way the Alipay tab does, with the same field', async () => {
      await sim.open(`${server.url}/wechat`, { language: 'zh' });
      await sim.tapAndAnswer('deny');
      await sim.waitForScreenText('没关系，您可以在下方手动输入手机号。');
      await sim.screen.locator('input').fill('852-51234567');
      await sim.screen.getByRole('button', { name: '确认' }).click();
      await sim.waitForScreenText('852-51234567');
      await sim.waitForScreenText('未经验证');
    }, 30_000);
  });

  describe('the tabs', () => {
    it('lead from the Alipay simulator to the WeChat one and back', async () => {
      await sim.page.goto(`${server.url}/`);
      await sim.page.getByRole('link', { name: 'WeChat' }).click();
      await sim.page.waitForURL(/\/wechat$/);
      // A fresh tab: the simulated WeChat is Chinese.
      await sim.waitForScreenText('点击按钮，授权您的手机号。');
      expect(await sim.page.getByRole('link', { name: 'WeChat' }).getAttribute('aria-current')).toBe('page');
      await sim.page.getByRole('link', { name: 'Alipay' }).click();
      await sim.page.waitForURL(/\/$/);
      await sim.page.locator('body[data-simulator="ready"]').waitFor({ state: 'attached' });
    });
  });
});
