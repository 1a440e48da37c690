/**
 * @jest-environment jsdom
 */
// The phone page under miniprogram-simulate (WeChat's component test tool),
// compiled from src/ with esbuild, talking over real HTTP to a real phonekit
// server process in sandbox mode. Only the WeChat client (`wx`) is simulated,
// and it gets its login codes and button events from the sandbox, which
// plays WeChat.
import simulate, { type SimulatedRootComponent } from 'miniprogram-simulate';
import { bundleMiniProgram, type BuiltMiniProgram } from './harness/bundle-mini-program';
import { startPhonekitServer, type PhonekitServerProcess } from './harness/phonekit-server-process';
import { createSimulatedWechatClient, type SimulatedWechatClient } from './harness/simulated-wechat-client';

jest.setTimeout(30_000);

type Page = SimulatedRootComponent;

let server: PhonekitServerProcess;
let built: BuiltMiniProgram;
let pageId: string;
let client: SimulatedWechatClient;
let userCount = 0;

const globals = globalThis as unknown as Record<string, unknown>;

/** jsdom's document (the tsconfig has no DOM lib: the page is typed for WeChat, not browsers). */
function documentOfJsdom(): { createElement(tag: string): object } {
  return (globalThis as unknown as { document: { createElement(tag: string): object } }).document;
}

beforeAll(async () => {
  server = await startPhonekitServer();
  built = bundleMiniProgram();
  // App() runs first, as in WeChat: getApp() answers what app.ts registered, with the test server's address laid over.
  let appOptions: { globalData: { config?: { serverUrl?: string; debug?: boolean } } } = { globalData: {} };
  globals['App'] = (options: typeof appOptions) => {
    appOptions = options;
  };
  await import(`${built.root}/app.js`);
  // These tests read the developer details (error codes, hints): debug on.
  appOptions.globalData.config = { serverUrl: server.url, debug: true };
  globals['getApp'] = () => appOptions;
  pageId = simulate.load(built.page('pages/phone/phone'), { compiler: 'simulate', rootPath: built.root });
}, 90_000);

afterAll(async () => {
  built?.dispose();
  await server?.stop();
});

beforeEach(() => {
  userCount += 1;
  // An English WeChat: the texts below are the English table's.
  client = createSimulatedWechatClient({ sandboxUrl: server.url, user: `user-${userCount}`, language: 'en' });
  globals['wx'] = client.wx;
});

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await simulate.sleep(10);
  }
}

function statusOf(page: Page): unknown {
  return page.data['status'];
}

async function openPage(): Promise<Page> {
  const page = simulate.render(pageId);
  page.attach(documentOfJsdom().createElement('parent-wrapper'));
  await until('the page signed in', () => statusOf(page) !== 'starting');
  return page;
}

async function tap(page: Page, detail: object): Promise<void> {
  const button = page.querySelector('#phone-button');
  if (button === undefined) throw new Error('no #phone-button in the page');
  button.dispatchEvent('getphonenumber', { detail });
  // j-component delivers the event in a microtask; the handler shows 'asking'
  // (or a local refusal) before its first await.
  await Promise.resolve();
  await Promise.resolve();
  expect(['asking', 'failed', 'declined']).toContain(statusOf(page));
  await until('the page answered', () => statusOf(page) !== 'asking');
}

function textOf(page: Page, selector: string): string {
  return page.querySelector(selector)?.dom?.textContent?.trim() ?? '';
}

describe('the phone page', () => {
  describe('when it opens', () => {
    it('signs in with wx.login and POST /api/wechat/login before any tap', async () => {
      const page = await openPage();
      expect(statusOf(page)).toBe('ready');
      expect(client.logins()).toBe(1);
      expect(client.requests()).toEqual(['POST /api/wechat/login']);
      expect(textOf(page, '#status')).toMatch(/Tap the button/);
    });

    it('reuses the stored session while wx.checkSession passes', async () => {
      await openPage();
      const page = await openPage();
      expect(client.logins()).toBe(1);
      // The second run asks the server whose the stored token is instead of logging in.
      expect(client.requests()).toEqual(['POST /api/wechat/login', 'GET /api/me']);
      expect(page.data['accountStatus']).toBe('signed-in');
    });

    it('logs in again when wx.checkSession fails', async () => {
      await openPage();
      client.expireSession();
      await openPage();
      expect(client.logins()).toBe(2);
    });
  });

  describe('when the button event carries a code (current flow)', () => {
    it('shows the masked phone the server verified', async () => {
      const page = await openPage();
      await tap(page, await client.phoneEvent('13811112222'));
      expect(statusOf(page)).toBe('done');
      expect(textOf(page, '#result .masked')).toBe('138****2222');
      expect(textOf(page, '#result')).not.toContain('13811112222');
      expect(client.requests()).toEqual(['POST /api/wechat/login', 'POST /api/wechat/phone-number']);
      // Sent with the session token, so the server bound it to the user.
      expect(client.sent()[1]?.authorization).toMatch(/^Bearer \S+$/);
      expect(textOf(page, '#result .saved')).toBe('Saved to your account (encrypted).');
    });

    it('shows the error and its hint when the same code is sent twice', async () => {
      const page = await openPage();
      // Each test's user binds its own number: the server binds one number to at most one user per app.
      const event = await client.phoneEvent('13811113333');
      await tap(page, event);
      expect(statusOf(page)).toBe('done');
      await tap(page, event);
      expect(statusOf(page)).toBe('failed');
      expect(textOf(page, '#error .code')).toBe('WECHAT_CODE_USED');
      expect(textOf(page, '#error .message')).toMatch(/already used/);
      expect(textOf(page, '#error .hint')).toMatch(/Each code works once/);
    });
  });

  describe('when the button event has no code (legacy flow)', () => {
    it('sends encryptedData and iv with the session token and shows the masked phone', async () => {
      const page = await openPage();
      await tap(page, await client.phoneEvent('1-2125550123', { legacy: true }));
      expect(statusOf(page)).toBe('done');
      expect(textOf(page, '#result .masked')).toBe('1-*******123');
      expect(textOf(page, '#result .flow')).toMatch(/encryptedData/);
    });

    it('never calls wx.login inside the button callback', async () => {
      const page = await openPage();
      const loginsBefore = client.logins();
      await tap(page, await client.phoneEvent('13811114444', { legacy: true }));
      expect(statusOf(page)).toBe('done');
      expect(client.logins()).toBe(loginsBefore);
    });

    it('shows the session_key hint when the data predates a newer login, then works on the next tap', async () => {
      const first = await openPage();
      const staleEvent = await client.phoneEvent('13811112222', { legacy: true });
      first.detach();
      // WeChat dropped the session: the next page load logs in again, which rotates the session_key.
      client.expireSession();
      const page = await openPage();
      await tap(page, staleEvent);
      expect(statusOf(page)).toBe('failed');
      expect(textOf(page, '#error .code')).toBe('WECHAT_DECRYPTION_FAILED');
      expect(textOf(page, '#error .hint')).toMatch(/wx\.login/);
      // The page logged in again after the failure; a fresh event now opens.
      // Wait for the third login's answer, not just its start: a tap while it is in flight races it.
      await until('the page signed in again', () => client.answered().filter((r) => r === 'POST /api/wechat/login').length === 3);
      await simulate.sleep(20);
      // A number no other test's user holds: the server binds one number to at most one user per app.
      await tap(page, await client.phoneEvent('13822223333', { legacy: true }));
      expect({ status: statusOf(page), code: textOf(page, '#error .code') }).toEqual({ status: 'done', code: '' });
    });
  });

  describe('when the user declines', () => {
    it('says so as the Alipay page does, offers the typed-in field, and asks the server nothing', async () => {
      const page = await openPage();
      await tap(page, { errMsg: 'getPhoneNumber:fail user deny' });
      expect(statusOf(page)).toBe('declined');
      expect(textOf(page, '#declined')).toBe('No problem: you can type your number below instead.');
      expect(page.querySelector('#manual-input')).toBeDefined();
      expect(page.querySelector('#error')).toBeUndefined();
      expect(client.requests()).toEqual(['POST /api/wechat/login']);
    });
  });
});
