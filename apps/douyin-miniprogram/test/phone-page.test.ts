// The phone page's REAL code (src/, bundled as the Douyin IDE compiles it) in
// a node:vm Douyin runtime, its REAL template drawn by the simulator's TTML
// compiler, talking over real HTTP to a real phonekit server process in
// sandbox mode. Only the Douyin client (`tt`) is simulated, and it gets its
// login codes and button events from the sandbox, which plays Douyin.
import { loadDouyinPage, type LoadedDouyinPage } from './harness/douyin-runtime';
import { startPhonekitServer, type PhonekitServerProcess } from './harness/phonekit-server-process';
import { DrawnPage } from './harness/render-ttml';
import { createSimulatedDouyinClient, type SimulatedDouyinClient, type SimulatedDouyinClientOptions } from './harness/simulated-douyin-client';

jest.setTimeout(30_000);

let server: PhonekitServerProcess;
let client: SimulatedDouyinClient;
let userCount = 0;

beforeAll(async () => {
  server = await startPhonekitServer();
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

/** A fresh Douyin user for each test (an English Douyin unless told otherwise). */
function newClient(options: Partial<SimulatedDouyinClientOptions> = {}): SimulatedDouyinClient {
  userCount += 1;
  return createSimulatedDouyinClient({ sandboxUrl: server.url, user: `douyin-user-${userCount}`, language: 'en', ...options });
}

beforeEach(() => {
  client = newClient();
});

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until nothing the page started is still in flight. */
async function settled(): Promise<void> {
  await until('the page settled', () => client.inFlight() === 0);
  // The callbacks of the last call run on this turn's end.
  await new Promise((resolve) => setImmediate(resolve));
  await until('the page settled', () => client.inFlight() === 0);
}

/** These tests read the developer details (error codes, hints): debug on. */
async function openPage(config: Record<string, unknown> = {}): Promise<LoadedDouyinPage> {
  const page = loadDouyinPage({ tt: client.tt, config: { serverUrl: server.url, debug: true, ...config } });
  await until('the page signed in', () => page.data['status'] !== 'starting' && page.data['accountStatus'] !== 'signing-in');
  await settled();
  return page;
}

function drawn(page: LoadedDouyinPage): DrawnPage {
  return new DrawnPage(page);
}

/** Taps the getPhoneNumber button the template draws, with what Douyin hands the page. */
async function tap(page: LoadedDouyinPage, detail: object): Promise<void> {
  drawn(page).fire('#phone-button', 'getPhoneNumber', detail);
  await until('the page answered', () => page.data['status'] !== 'asking');
  await settled();
}

describe('the Douyin phone page', () => {
  describe('when it opens', () => {
    it('signs in with tt.login (force: true) and POST /api/douyin/login before any tap', async () => {
      const page = await openPage();
      expect(page.data['status']).toBe('ready');
      expect(client.logins()).toBe(1);
      expect(client.loginForces()).toEqual([true]);
      expect(client.requests()).toEqual(['POST /api/douyin/login']);
      expect(client.sent()[0]?.body).toMatch(/^\{"code":"tt-login-[0-9a-f]+"\}$/);
      expect(client.sent()[0]?.timeout).toBe(15_000);
      const view = drawn(page);
      expect(view.textOf('#status')).toBe('Tap the button to share your phone number.');
      expect(view.textOf('#account')).toMatch(/^Signed in · user [0-9a-f]{8} Erase my data$/);
      expect(view.query('#phone-button')?.attributes['open-type']).toBe('getPhoneNumber');
      expect(view.textOf('#phone-button')).toBe('Sign in with my Douyin phone number');
    });

    it('reuses the stored session while tt.checkSession passes, asking GET /api/me whose it is', async () => {
      await openPage();
      const page = await openPage();
      expect(client.logins()).toBe(1);
      expect(client.requests()).toEqual(['POST /api/douyin/login', 'GET /api/me']);
      expect(client.sent()[1]?.authorization).toMatch(/^Bearer \S+$/);
      expect(page.data['accountStatus']).toBe('signed-in');
    });

    it('logs in again when tt.checkSession fails', async () => {
      await openPage();
      client.expireSession();
      await openPage();
      expect(client.logins()).toBe(2);
      expect(client.requests()).toEqual(['POST /api/douyin/login', 'POST /api/douyin/login']);
    });

    it('speaks Chinese on a Chinese Douyin, with the button words Douyin asks for', async () => {
      client = newClient({ language: 'zh_CN' });
      const page = await openPage({ debug: false });
      const view = drawn(page);
      expect(view.textOf('#status')).toBe('点击按钮，授权您的手机号。');
      expect(view.textOf('#phone-button')).toBe('授权手机号快捷登录');
    });

    it('offers the typed-in field instead of the button on a Douyin without it', async () => {
      client = newClient({ cannotUse: ['button.open-type.getPhoneNumber'] });
      const page = await openPage();
      const view = drawn(page);
      expect(view.query('#phone-button')).toBeUndefined();
      expect(view.textOf('#old-client')).toMatch(/^This Douyin version cannot share your phone number in one tap/);
      expect(view.query('#manual-input')).toBeDefined();
    });
  });

  describe('when the button event carries a code (base library 3.51.0+)', () => {
    it('sends the code with the session token and shows the masked phone the server verified', async () => {
      const page = await openPage();
      await tap(page, await client.phoneEvent('13811112222'));
      expect(page.data['status']).toBe('done');
      const view = drawn(page);
      expect(view.textOf('#result .masked')).toBe('138****2222');
      expect(view.textOf('#result')).not.toContain('13811112222');
      expect(view.textOf('#result .flow')).toBe('via the phone-number code');
      expect(view.textOf('#result .saved')).toBe('Saved to your account (encrypted).');
      expect(client.requests()).toEqual(['POST /api/douyin/login', 'POST /api/douyin/phone-number']);
      // Only the code, never the legacy data alongside; and the session token, so the server binds it to the user.
      expect(client.sent()[1]?.body).toMatch(/^\{"code":"tt-phone-[0-9a-f]+"\}$/);
      expect(client.sent()[1]?.authorization).toMatch(/^Bearer \S+$/);
      expect(client.sent()[1]?.status).toBe(200);
    });

    it('shows the number already on the account when the page opens again, without a tap', async () => {
      const first = await openPage();
      await tap(first, await client.phoneEvent('13811113333'));
      const page = await openPage();
      expect(page.data['status']).toBe('done');
      expect(drawn(page).textOf('#result')).toBe('The phone number on your account 138****3333');
    });

    it('shows the error and its hint when the same code is sent twice', async () => {
      const page = await openPage();
      const event = await client.phoneEvent('13811114444');
      await tap(page, event);
      expect(page.data['status']).toBe('done');
      await tap(page, event);
      expect(page.data['status']).toBe('failed');
      const view = drawn(page);
      expect(view.textOf('#error .code')).toBe('DOUYIN_CODE_INVALID');
      expect(view.textOf('#error .hint')).toMatch(/Each code works once/);
      expect(view.textOf('#error .user-text')).toBe('We cannot get your phone number right now. Please type your number instead.');
      // A phone failure offers the typed-in field.
      expect(view.query('#manual-input')).toBeDefined();
    });
  });

  describe('when the button event has no code (older base library)', () => {
    it('sends encryptedData and iv with the session token and shows the masked phone', async () => {
      const page = await openPage();
      await tap(page, await client.phoneEvent('1-2125550123', { legacy: true }));
      expect(page.data['status']).toBe('done');
      const view = drawn(page);
      expect(view.textOf('#result .masked')).toBe('1-*******123');
      expect(view.textOf('#result .flow')).toBe('via encryptedData and the session');
      expect(client.sent()[1]?.body).toMatch(/^\{"encryptedData":"[^"]+","iv":"[^"]+"\}$/);
      expect(client.sent()[1]?.authorization).toMatch(/^Bearer \S+$/);
    });

    it('never calls tt.login inside the button callback', async () => {
      const page = await openPage();
      const loginsBefore = client.logins();
      await tap(page, await client.phoneEvent('13811115555', { legacy: true }));
      expect(page.data['status']).toBe('done');
      expect(client.logins()).toBe(loginsBefore);
    });

    it('shows the session hint when the data predates a newer login, logs in again, and the next tap works', async () => {
      await openPage();
      const staleEvent = await client.phoneEvent('13811116666', { legacy: true });
      // Douyin dropped the session: the next page load logs in again, which rotates the session_key.
      client.expireSession();
      const page = await openPage();
      drawn(page).fire('#phone-button', 'getPhoneNumber', staleEvent);
      await until('the page logged in again after the failure', () => client.answered().filter((r) => r === 'POST /api/douyin/login').length === 3);
      await settled();
      expect(page.data['errorCode']).toBe('DOUYIN_DECRYPTION_FAILED');
      expect(drawn(page).textOf('#error .user-text')).toBe('Your sign-in had expired; we signed you in again. Please tap the button once more.');
      await tap(page, await client.phoneEvent('13811117777', { legacy: true }));
      expect({ status: page.data['status'], masked: page.data['masked'] }).toEqual({ status: 'done', masked: '138****7777' });
    });
  });

  describe('when the user declines', () => {
    it('says so as the Alipay and WeChat pages do, offers the typed-in field, and asks the server nothing', async () => {
      const page = await openPage();
      await tap(page, { errMsg: 'getPhoneNumber:fail auth deny' });
      expect(page.data['status']).toBe('declined');
      const view = drawn(page);
      expect(view.textOf('#declined')).toBe('No problem: you can type your number below instead.');
      expect(view.query('#error')).toBeUndefined();
      expect(client.requests()).toEqual(['POST /api/douyin/login']);

      // The typed-in number is checked on the page, shown as not verified, never sent.
      view.fire('#manual-input', 'input', { value: '12345' });
      drawn(page).fire('#manual-confirm', 'tap', { x: 1, y: 1 });
      expect(drawn(page).textOf('.manual-error')).toMatch(/^That is not a phone number we can read/);
      drawn(page).fire('#manual-input', 'confirm', { value: '852-51234567' });
      expect(page.data['status']).toBe('manual');
      expect(drawn(page).textOf('#manual-result')).toBe('The number you typed 852-51234567 Not verified: it stays on this page and is not sent to the server.');
      expect(client.requests()).toEqual(['POST /api/douyin/login']);
    });
  });

  describe("when Douyin's button refuses", () => {
    it('platform auth deny: says the number cannot be had, with the developer hint and the typed-in field', async () => {
      const page = await openPage();
      await tap(page, { errMsg: 'getPhoneNumber:fail platform auth deny', errno: 104 });
      const view = drawn(page);
      expect(view.textOf('#error .code')).toBe('DOUYIN_PHONE_BUTTON_FAILED');
      expect(view.textOf('#error .message')).toBe('Douyin\'s getPhoneNumber button answered "getPhoneNumber:fail platform auth deny".');
      expect(view.textOf('#error .user-text')).toBe('We cannot get your phone number right now. Please type your number instead.');
      expect(view.query('#manual-input')).toBeDefined();
      expect(client.requests()).toEqual(['POST /api/douyin/login']);
    });

    it('not login: logs in again for the next tap', async () => {
      const page = await openPage();
      await tap(page, { errMsg: 'getPhoneNumber:fail not login' });
      await until('the page logged in again', () => client.answered().filter((r) => r === 'POST /api/douyin/login').length === 2);
      await settled();
      expect(page.data['errorCode']).toBe('DOUYIN_NOT_LOGGED_IN');
      expect(client.logins()).toBe(2);
      expect(page.data['accountStatus']).toBe('signed-in');
    });
  });

  describe('"Erase my data"', () => {
    it('DELETEs /api/me with the token, shows the erased state, and the next run logs in afresh (the old token is gone)', async () => {
      const page = await openPage();
      await tap(page, await client.phoneEvent('13811118888'));
      drawn(page).fire('#erase-button', 'tap', { x: 1, y: 1 });
      await until('the data was erased', () => page.data['accountStatus'] === 'erased');
      await settled();
      expect(client.requests().slice(-1)).toEqual(['DELETE /api/me']);
      expect(client.sent().at(-1)?.status).toBe(204);
      expect(drawn(page).textOf('#account')).toBe('Your data was erased: phone number, consents and sessions.');
      expect(page.data['masked']).toBe('');

      await openPage();
      expect(client.requests().slice(-1)).toEqual(['POST /api/douyin/login']);
    });

    it('answers 401 for a stored token the server no longer knows: the page forgets it and logs in again', async () => {
      await openPage();
      const stored: unknown = Reflect.apply(client.tt['getStorageSync'] as (key: string) => unknown, client.tt, ['phonekit.douyin.session']);
      const token = typeof stored === 'object' && stored !== null ? (stored as { token?: unknown }).token : undefined;
      expect(token).toMatch(/^\S+$/);
      // The session ends elsewhere (another device erased the data).
      const erased = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${String(token)}` } });
      expect(erased.status).toBe(204);
      const page = await openPage();
      expect(client.requests()).toEqual(['POST /api/douyin/login', 'GET /api/me', 'POST /api/douyin/login']);
      expect(client.sent()[1]?.status).toBe(401);
      expect(page.data['accountStatus']).toBe('signed-in');
    });
  });

  describe('in sandbox mode', () => {
    it('takes the login code and the phone code from the sandbox Douyin, never tt.login', async () => {
      const page = await openPage({ sandbox: true, sandboxUser: `sandbox-douyin-${userCount}`, sandboxMobile: '13811119999' });
      const view = drawn(page);
      expect(view.textOf('#sandbox-banner')).toContain("Sandbox mode: the phone and login codes come from the development server's sandbox Douyin");
      expect(view.query('#phone-button')).toBeUndefined();
      view.fire('#sandbox-phone-button', 'tap', { x: 1, y: 1 });
      await until('the page answered', () => page.data['status'] !== 'asking');
      await settled();
      expect(page.data['masked']).toBe('138****9999');
      expect(client.logins()).toBe(0);
      expect(client.requests()).toEqual(['GET /sandbox/douyin/login-code', 'POST /api/douyin/login', 'GET /sandbox/douyin/phone-code', 'POST /api/douyin/phone-number']);
    });
  });
});
