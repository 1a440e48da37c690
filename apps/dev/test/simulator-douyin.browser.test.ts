// The Douyin tab in a real browser: headless Chromium drives /douyin, which
// runs the Douyin mini-program's real page code (Page) and template (.ttml,
// .ttss) against the real development app, with accounts on PGlite in a data
// dir of this test, and its sandbox Douyin. The only doubles are at the edges
// we do not own: the Douyin client (the `tt` shim) and the user (Playwright).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { createLogger, type RunningServer } from '@phonekit/express';
import { generateSandboxIdentity } from '@phonekit/sandbox';
import { loadDevConfig, openDevAccounts, startDevServer, type DevAccounts } from '../src/index';
import { launchChromium } from './support/chromium';
import { MiniProgramPage, WAIT_MS, type PhoneSettings } from './support/mini-program-page';

jest.setTimeout(60_000);

const RESULTS_DIR = join(__dirname, '..', 'test-results');
const SCREENSHOT = join(RESULTS_DIR, 'douyin.png');

/** Drives the Douyin tab as a developer does: the panel, the getPhoneNumber button, Douyin's sheet, the screen and the wire. */
class DouyinSimulatorPage extends MiniProgramPage {
  /** What Douyin gave the page (tt.login codes, getPhoneNumber events), newest first. */
  readonly wireClient: Locator = this.page.locator('#wire [data-kind="client"]');

  /** Opens the Douyin tab with Douyin's language (English unless told otherwise) and developer details, and waits until the page shows `status` (by default: it has logged in). */
  async open(url: string, settings: PhoneSettings & { readonly status?: string } = {}): Promise<void> {
    await this.goto(url);
    await this.choosePhoneSettings(settings);
    await this.waitForScreenText(settings.status ?? ((settings.language ?? 'en') === 'en' ? 'Tap the button to share your phone number.' : '点击按钮，授权您的手机号。'));
  }

  get phoneButton(): Locator {
    return this.screen.locator('button[open-type="getPhoneNumber"]');
  }

  protected override get consentButton(): Locator {
    return this.phoneButton;
  }

  /** The request to `path` on the wire (the newest), as sent and as answered. */
  async wireExchange(path: string): Promise<{ sent: string; answer: string }> {
    for (const entry of await this.wireRequests.all()) {
      const sent = (await entry.locator('.wire-request').textContent()) ?? '';
      if (sent.split('\n')[0]?.endsWith(path) === true) return { sent, answer: (await entry.locator('.wire-answer').textContent()) ?? '' };
    }
    throw new Error(`no request to ${path} on the wire`);
  }

  /** Everything on the wire, as text (closed entries too). */
  async wireText(): Promise<string> {
    return (await this.page.locator('#wire').textContent()) ?? '';
  }
}

let browser: Browser;
let running: RunningServer;
let opened: DevAccounts;
let context: BrowserContext;
let sim: DouyinSimulatorPage;
let userCount = 0;
const dataDir = mkdtempSync(join(tmpdir(), 'phonekit-sim-douyin-'));

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const { config, sandbox } = loadDevConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PHONEKIT_DATA_DIR: dataDir }, identity: generateSandboxIdentity() });
  const accounts = await openDevAccounts(config);
  if (accounts === undefined) throw new Error('expected accounts');
  opened = accounts;
  [browser, running] = await Promise.all([
    launchChromium(),
    startDevServer(config, sandbox, { logger: createLogger('silent'), port: 0, accounts: opened.accounts, storedRows: opened.storedRows }),
  ]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await opened?.accounts.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  sim = new DouyinSimulatorPage(await context.newPage());
});

afterEach(async () => {
  const title = expect.getState().currentTestName ?? 'unnamed';
  const name = `douyin-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 90);
  await sim.page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) });
  await context.close();
});

/** Opens the tab as a Douyin user of its own (each test binds its own number: one number, at most one user per app). */
async function openAsNewUser(settings: PhoneSettings = { language: 'en', debug: true }): Promise<string> {
  userCount += 1;
  const user = `dy-user-${userCount}`;
  await sim.open(`${running.url}/douyin`, settings);
  // Another user restarts the page, which logs in again as that user.
  await sim.page.fill('#douyin-user', user);
  await sim.page.locator('#douyin-user').dispatchEvent('change');
  await sim.page.locator('#wire [data-kind="client"]').filter({ hasText: `a login code for ${user}` }).waitFor({ state: 'attached', timeout: WAIT_MS });
  await sim.waitForScreenText(settings.language === 'zh' ? '已登录' : 'Signed in');
  return user;
}

/**
 * Neither the phone's screen nor the wire may ever hold a session_key, by
 * name; the Account panel shows the one the server keeps only as the
 * ciphertext of the session's secret.
 */
async function expectNoSessionKey(): Promise<void> {
  const screen = await sim.screen.innerHTML();
  const wire = await sim.wireText();
  for (const text of [screen, wire]) {
    expect(text).not.toContain('session_key');
    expect(text).not.toContain('sessionKey');
  }
  await sim.page.locator('#account-rows').getByText('session_secrets (1 row)').waitFor({ timeout: WAIT_MS });
  const panel = (await sim.page.locator('#account-rows').textContent()) ?? '';
  expect(panel).toContain('"kind": "douyin_session_key"');
  expect(panel).toMatch(/"ciphertext": "\\\\x[0-9a-f]+"/);
}

describe('the Douyin tab at /douyin', () => {
  afterEach(() => {
    expect(sim.browserErrors).toEqual([]);
  });

  describe('with a code in the event (base library 3.51.0+), when the user allows', () => {
    it('logs in with tt.login, sends the button code with the session token, shows the masked number and keeps the session_key off the wire', async () => {
      await openAsNewUser();
      expect(await sim.page.locator('#phone-title').innerText()).toBe('Phone number');
      await sim.page.fill('#douyin-mobile', '13811112222');

      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('138****2222');
      const text = await sim.screenText();
      expect(text).toContain('via the phone-number code');
      expect(text).toContain('Saved to your account (encrypted).');
      expect(text).not.toContain('13811112222');

      const login = await sim.wireExchange('/api/douyin/login');
      expect(login.sent).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/api\/douyin\/login\n/);
      expect(login.sent).toContain('content-type: application/json');
      expect(login.sent).toMatch(/\n\n\{"code":"tt-login-[0-9a-f]+"\}$/);
      expect(login.answer).toMatch(/^HTTP 200\n/);
      expect(login.answer).toContain('"platform": "douyin"');

      const phone = await sim.wireExchange('/api/douyin/phone-number');
      const token = /"sessionToken":\s*"([^"]+)"/.exec(login.answer)?.[1] ?? 'no token in the login answer';
      expect(phone.sent).toContain(`authorization: Bearer ${token}`);
      expect(phone.answer).toMatch(/^HTTP 200\n/);
      expect(phone.answer).toContain('"masked": "138****2222"');
      // The code the page sent is the one Douyin's event gave it, and only the code.
      const event = (await sim.wireClient.first().locator('.wire-raw').textContent()) ?? '';
      expect(event).toContain('"errMsg":"getPhoneNumber:ok"');
      const code = /"code":"([^"]+)"/.exec(event)?.[1];
      expect(code).toMatch(/^tt-phone-/);
      expect(phone.sent).toMatch(new RegExp(`\\n\\n\\{"code":"${code ?? ''}"\\}$`));

      // The Account panel shows the rows as stored: the phone as ciphertext, never the number.
      await sim.page.locator('#account-rows').getByText('phone_bindings (1 row)').waitFor({ timeout: WAIT_MS });
      expect((await sim.page.locator('#account-rows').textContent()) ?? '').not.toContain('13811112222');
      await expectNoSessionKey();
      await sim.page.screenshot({ path: SCREENSHOT });
    });
  });

  describe('without a code in the event (older base library)', () => {
    it('sends encryptedData and iv with the session token, and the server opens them', async () => {
      await openAsNewUser();
      await sim.page.check('#flow-legacy');
      await sim.page.fill('#douyin-mobile', '13900001111');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('139****1111');
      expect(await sim.screenText()).toContain('via encryptedData and the session');
      const phone = await sim.wireExchange('/api/douyin/phone-number');
      expect(phone.sent).toMatch(/\nauthorization: Bearer \S+\n/);
      expect(phone.sent).toMatch(/\n\n\{"encryptedData":"[^"]+","iv":"[^"]+"\}$/);
      expect(phone.answer).toContain('"masked": "139****1111"');
      const event = (await sim.wireClient.first().locator('.wire-raw').textContent()) ?? '';
      expect(event).not.toContain('"code"');
      await expectNoSessionKey();
    });
  });

  describe('when the user denies', () => {
    it('says so as the other tabs do, offers the typed-in field, and sends no phone request', async () => {
      await sim.open(`${running.url}/douyin`, { language: 'en', debug: true });
      await sim.tapAndAnswer('deny');
      await sim.waitForScreenText('No problem: you can type your number below instead.');
      expect(await sim.screen.locator('input').count()).toBe(1);
      expect(await sim.wireText()).toContain('getPhoneNumber:fail auth deny');
      await sim.waitForAnsweredRequests(1);
      expect(await sim.wireRequests.count()).toBe(1);
      expect((await sim.wireExchange('/api/douyin/login')).answer).toMatch(/^HTTP 200\n/);

      await sim.screen.locator('input').fill('852-51234567');
      await sim.screen.getByRole('button', { name: 'Confirm' }).click();
      await sim.waitForScreenText('852-51234567');
      await sim.waitForScreenText('Not verified');
      expect(await sim.wireRequests.count()).toBe(1);
    });
  });

  describe('when Douyin answers get_phonenumber_info with 28005187', () => {
    it('shows the message and the hint, from the magic code on the wire', async () => {
      await sim.open(`${running.url}/douyin`, { language: 'en', debug: true });
      await sim.page.selectOption('#douyin-failure', 'phone-28005187');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('DOUYIN_CODE_INVALID');
      expect(await sim.screenText()).toContain('Each code works once');
      const phone = await sim.wireExchange('/api/douyin/phone-number');
      expect(phone.sent).toContain('{"code":"sandbox-errcode-28005187"}');
      expect(phone.answer).toMatch(/^HTTP 400\n/);
    });
  });

  describe("when Douyin's button refuses the app (platform auth deny)", () => {
    it('hands the page the refusal without a sheet; the page explains and offers the typed-in field', async () => {
      await sim.open(`${running.url}/douyin`, { language: 'en', debug: true });
      await sim.page.selectOption('#douyin-failure', 'button-platform-auth-deny');
      await sim.phoneButton.click();
      await sim.waitForScreenText('DOUYIN_PHONE_BUTTON_FAILED');
      expect(await sim.consentSheet.count()).toBe(0);
      expect(await sim.screenText()).toContain('We cannot get your phone number right now. Please type your number instead.');
      expect(await sim.screen.locator('input').count()).toBe(1);
      expect(await sim.wireText()).toContain('getPhoneNumber:fail platform auth deny');
    });
  });

  describe('"Erase my data"', () => {
    it('DELETEs /api/me with the token: the screen and the Account panel show it erased, and the token is dead', async () => {
      await openAsNewUser();
      await sim.page.fill('#douyin-mobile', '13700001357');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('137****1357');
      const token = /"sessionToken":\s*"([^"]+)"/.exec((await sim.wireExchange('/api/douyin/login')).answer)?.[1] ?? 'no token';
      await sim.page.locator('#account-rows').getByText('phone_bindings (1 row)').waitFor({ timeout: WAIT_MS });

      await sim.screen.getByRole('button', { name: 'Erase my data' }).click();
      await sim.waitForScreenText('Your data was erased: phone number, consents and sessions.');
      const erase = await sim.wireExchange('/api/me');
      expect(erase.sent).toMatch(/^DELETE http:\/\/127\.0\.0\.1:\d+\/api\/me\n/);
      expect(erase.sent).toContain(`authorization: Bearer ${token}`);
      expect(erase.answer).toMatch(/^HTTP 204/);
      await sim.page.locator('#account-rows').getByText('nothing stored (erased)').waitFor({ timeout: WAIT_MS });
      expect((await fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    });
  });

  describe('for a Chinese user', () => {
    it('speaks Chinese by default, with the words Douyin asks for on the button, and shows no developer details', async () => {
      await sim.open(`${running.url}/douyin`, { language: 'zh' });
      expect(await sim.page.locator('#client-language').inputValue()).toBe('zh');
      await sim.waitForScreenText('授权手机号快捷登录');
      await sim.page.selectOption('#douyin-failure', 'phone-28005187');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('暂时无法获取您的手机号，请手动输入手机号。');
      expect(await sim.screenText()).not.toContain('DOUYIN_CODE_INVALID');
    });
  });

  describe('the tabs', () => {
    it('lead from the WeChat simulator to the Douyin one and back', async () => {
      await sim.page.goto(`${running.url}/wechat`);
      await sim.page.getByRole('link', { name: 'Douyin' }).click();
      await sim.page.waitForURL(/\/douyin$/);
      // A fresh tab: the simulated Douyin is Chinese.
      await sim.waitForScreenText('点击按钮，授权您的手机号。');
      expect(await sim.page.getByRole('link', { name: 'Douyin' }).getAttribute('aria-current')).toBe('page');
      await sim.page.getByRole('link', { name: 'WeChat' }).click();
      await sim.page.waitForURL(/\/wechat$/);
      await sim.page.locator('body[data-simulator="ready"]').waitFor({ state: 'attached' });
    });
  });
});
