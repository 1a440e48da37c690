// The account flow in the browser simulator (Alipay tab), in headless
// Chromium against the development app with accounts on PGlite in a data
// dir of this test: the page logs in on load (my.getAuthCode for the panel's
// user -> POST /api/alipay/login), the phone is bound, the Account panel
// shows the rows as the database holds them (ciphertext, never the number),
// the server restarts on the same data dir and the same user sees the same
// phone, "Erase my data" erases it and kills the token. The doubles are
// Alipay (the `my` shim and the fake gateway) and the user (Playwright).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { createLogger, type RunningServer } from '@phonekit/express';
import { generateSandboxIdentity, type SandboxIdentity } from '@phonekit/sandbox';
import { loadDevConfig, openDevAccounts, startDevServer, type DevAccounts } from '../src/index';
import { launchChromium } from './support/chromium';
import { WAIT_MS } from './support/mini-program-page';
import { SimulatorPage } from './support/simulator-page';
import { WechatSimulatorPage } from './support/wechat-simulator-page';

jest.setTimeout(90_000);

const MOBILE = '13700002468';
/** Every way the bound number could be written down. */
const NUMBER_FORMS = [MOBILE, `+86${MOBILE}`, '137 0000 2468', '137-0000-2468', Buffer.from(MOBILE).toString('hex')];

let browser: Browser;
let context: BrowserContext;
let sim: SimulatorPage;
const dataDir = mkdtempSync(join(tmpdir(), 'phonekit-sim-accounts-'));
const identity: SandboxIdentity = generateSandboxIdentity();
let opened: DevAccounts;
let running: RunningServer;

async function start(): Promise<void> {
  const { config, sandbox } = loadDevConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', PHONEKIT_DATA_DIR: dataDir }, identity });
  const accounts = await openDevAccounts(config);
  if (accounts === undefined) throw new Error('expected accounts');
  opened = accounts;
  running = await startDevServer(config, sandbox, { logger: createLogger('silent'), port: 0, accounts: opened.accounts, storedRows: opened.storedRows });
}

async function stop(): Promise<void> {
  await running.close();
  await opened.accounts.close();
}

async function openSimulator(user: string): Promise<void> {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  sim = new SimulatorPage(await context.newPage());
  await sim.open(`${running.url}/`);
  await sim.page.fill('#alipay-user', user);
  await sim.page.locator('#alipay-user').dispatchEvent('change');
  await sim.page.fill('#mobile', MOBILE);
  await sim.page.locator('#mobile').dispatchEvent('change');
}

/** The Account panel's text once it names a user. */
async function accountPanelText(): Promise<string> {
  await sim.page.locator('#account-rows [data-user-id]').waitFor({ timeout: WAIT_MS });
  return (await sim.page.locator('#account-rows').textContent()) ?? '';
}

function tokenFromWire(wireText: string): string {
  const found = /"sessionToken":\s*"([^"]+)"/.exec(wireText);
  if (found?.[1] === undefined) throw new Error('no sessionToken on the wire');
  return found[1];
}

beforeAll(async () => {
  browser = await launchChromium();
  await start();
});

afterAll(async () => {
  await browser.close();
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(async () => {
  await context.close();
});

describe('the simulator with accounts (Alipay tab)', () => {
  it('logs in, binds the phone, shows the stored row as ciphertext, keeps it across a restart, and erases it', async () => {
    const user = 'dora';
    await openSimulator(user);

    // The login on load, on the wire: what my.getAuthCode gave, then the login request and its answer.
    await sim.page.locator('#wire [data-kind="client"]').filter({ hasText: 'my.getAuthCode()' }).first().waitFor({ timeout: WAIT_MS });
    const loginEntry = sim.wireRequests.filter({ hasText: '/api/alipay/login' }).first();
    await loginEntry.locator('.wire-status--ok').waitFor({ timeout: WAIT_MS });
    const loginAnswer = await sim.wireText(loginEntry, '.wire-answer');
    expect(loginAnswer).toContain('"platform": "alipay"');
    const token = tokenFromWire(loginAnswer);
    await sim.waitForScreenText('Signed in');
    let panel = await accountPanelText();
    expect(panel).toContain('users (1 row)');
    expect(panel).toContain('phone_bindings (0 rows)');

    // The phone: allowed, verified, bound; the panel shows the binding, encrypted.
    await sim.chooseScenario('success');
    await sim.tapAndAnswer('allow');
    await sim.waitForScreenText('137****2468');
    await sim.waitForScreenText('Saved to your account');
    await sim.page.locator('#account-rows').getByText('phone_bindings (1 row)').waitFor({ timeout: WAIT_MS });
    panel = await accountPanelText();
    expect(panel).toMatch(/"ciphertext": "\\\\x[0-9a-f]+"/);
    expect(panel).toContain('"key_id"');
    expect(panel).toContain('"blind_index"');
    for (const form of NUMBER_FORMS) expect(panel).not.toContain(form);
    expect(panel).not.toContain(token);
    await context.close();

    // The server restarts on the same data dir; the same Alipay user sees the same phone without a tap.
    await stop();
    await start();
    await openSimulator(user);
    await sim.waitForScreenText('The phone number on your account');
    await sim.waitForScreenText('137****2468');
    expect(await sim.screenText()).not.toContain(MOBILE);
    const me = await fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ platform: 'alipay', phone: { masked: '137****2468' } });

    // Erase my data: DELETE /api/me; the panel shows nothing stored; every token of the user is dead.
    await sim.screen.getByText('Erase my data').click();
    await sim.waitForScreenText('Your account data was erased');
    const eraseEntry = sim.wireRequests.filter({ hasText: 'DELETE' }).first();
    await eraseEntry.locator('.wire-status--ok').waitFor({ timeout: WAIT_MS });
    expect(await sim.wireText(eraseEntry, '.wire-answer')).toMatch(/^HTTP 204/);
    await sim.page.locator('#account-rows').getByText('nothing stored (erased)').waitFor({ timeout: WAIT_MS });
    const dead = await fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(dead.status).toBe(401);
    expect(sim.browserErrors).toEqual([]);
  });

  it('answers the stored-rows route only for a user id, with a catalogued error otherwise', async () => {
    context = await browser.newContext();
    const response = await fetch(`${running.url}/sandbox/accounts/stored?userId=not-a-uuid`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INPUT_INVALID' } });
    const unknown = await fetch(`${running.url}/sandbox/accounts/stored?userId=00000000-0000-4000-8000-000000000000`);
    expect(await unknown.json()).toMatchObject({ tables: { users: [], phone_bindings: [] } });
  });
});

describe('the simulator with accounts (WeChat tab)', () => {
  const WECHAT_MOBILE = '13700003579';
  const FORMS = [WECHAT_MOBILE, `+86${WECHAT_MOBILE}`, '137 0000 3579', Buffer.from(WECHAT_MOBILE).toString('hex')];
  let wechat: WechatSimulatorPage;

  async function openWechat(user: string): Promise<void> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    wechat = new WechatSimulatorPage(await context.newPage());
    await wechat.open(`${running.url}/wechat`);
    // Another user restarts the page, which logs in again as that user.
    await wechat.page.fill('#wechat-user', user);
    await wechat.page.locator('#wechat-user').dispatchEvent('change');
    await wechat.page.fill('#wechat-mobile', WECHAT_MOBILE);
    await wechat.page.locator('#wechat-mobile').dispatchEvent('change');
    await wechat.waitForScreenText('Signed in');
  }

  it('logs in with wx.login, binds the phone, shows the stored rows (phone and session_key encrypted), keeps them across a restart, and erases them', async () => {
    await openWechat('erin');
    await wechat.tapAndAnswer('allow');
    await wechat.waitForScreenText('137****3579');
    await wechat.waitForScreenText('Saved to your account');
    const login = await wechat.wireExchange('/api/wechat/login');
    const token = tokenFromWire(login.answer);
    await wechat.page.locator('#account-rows').getByText('phone_bindings (1 row)').waitFor({ timeout: WAIT_MS });
    const panel = (await wechat.page.locator('#account-rows').textContent()) ?? '';
    expect(panel).toContain('session_secrets (1 row)');
    expect(panel).toContain('"kind": "wechat_session_key"');
    expect(panel).toMatch(/"ciphertext": "\\\\x[0-9a-f]+"/);
    for (const form of FORMS) expect(panel).not.toContain(form);
    expect(panel).not.toContain(token);
    await context.close();

    // The same appid after the restart (this test keeps the identity; the app persists it in its data dir), so the same openid, the same user.
    await stop();
    await start();
    await openWechat('erin');
    await wechat.waitForScreenText('The phone number on your account');
    await wechat.waitForScreenText('137****3579');

    await wechat.screen.getByText('Erase my data').click();
    await wechat.waitForScreenText('Your data was erased');
    await wechat.page.locator('#account-rows').getByText('nothing stored (erased)').waitFor({ timeout: WAIT_MS });
    expect((await fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(wechat.browserErrors).toEqual([]);
  });
});
