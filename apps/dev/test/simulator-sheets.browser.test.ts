// The consent sheets both tabs draw over the page, on a laptop's screen
// (1366x768, the most common one): the Allow button is on screen without
// scrolling, the number on offer is the panel's number masked as the clients
// mask it (never the full number), and the app asking is named by the
// mini-program's app.json, not by the page's title. Headless Chromium against
// the development app in sandbox mode; the only doubles are the platforms'
// clients (the `my` and `wx` shims) and the user (Playwright).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { RunningServer } from '@phonekit/express';
import { launchChromium } from './support/chromium';
import { WAIT_MS } from './support/mini-program-page';
import { startSandboxServer } from './support/sandbox-server';
import { SimulatorPage } from './support/simulator-page';
import { WechatSimulatorPage } from './support/wechat-simulator-page';

jest.setTimeout(60_000);

const VIEWPORT = { width: 1366, height: 768 } as const;
/** What the test types into the panel's mobile field, and how the sheet must show it. */
const MOBILE = '13712342468';
const MASKED = '137****2468';

const APPS = join(__dirname, '..', '..');
const RESULTS_DIR = join(__dirname, '..', 'test-results');

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** A window setting of the WeChat mini-program's app.json, or of its phone page's .json. */
function wechatTitle(file: 'app' | 'page'): string {
  const src = join(APPS, 'wechat-miniprogram', 'src');
  const json = file === 'app' ? readJson(join(src, 'app.json'))['window'] : readJson(join(src, 'pages', 'phone', 'phone.json'));
  const title = (json as Record<string, unknown> | undefined)?.['navigationBarTitleText'];
  if (typeof title !== 'string') throw new Error(`the WeChat mini-program's ${file} .json has no navigationBarTitleText`);
  return title;
}

let browser: Browser;
let server: RunningServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  [browser, server] = await Promise.all([launchChromium(), startSandboxServer()]);
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
});

afterEach(async () => {
  // What the screen showed at the end (apps/dev/test-results/, ignored by git).
  const name = (expect.getState().currentTestName ?? 'unnamed').replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60);
  await page.screenshot({ path: join(RESULTS_DIR, `sheets-${name}.png`) });
  await context.close();
});

/** Expects `button` to lie wholly inside the 1366x768 viewport, with the page not scrolled. */
async function expectOnScreenWithoutScrolling(button: Locator): Promise<void> {
  await button.waitFor({ state: 'visible', timeout: WAIT_MS });
  const scroll = await button.page().evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  expect(scroll).toEqual({ x: 0, y: 0 });
  const box = await button.boundingBox();
  if (box === null) throw new Error('the Allow button has no bounding box (it is not rendered)');
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORT.width);
  expect(box.y + box.height).toBeLessThanOrEqual(VIEWPORT.height);
}

describe('the consent sheets on a 1366x768 screen', () => {
  it('Alipay: Allow is on screen without scrolling and the sheet offers the panel number masked, never in full', async () => {
    const sim = new SimulatorPage(page);
    await sim.open(`${server.url}/`);
    await sim.page.fill('#mobile', MOBILE);
    await sim.authorizeButton.click();

    const allow = sim.consentSheet.getByRole('button', { name: /Allow/ });
    await expectOnScreenWithoutScrolling(allow);
    const text = await sim.consentSheet.innerText();
    expect(text).toContain(MASKED);
    expect(text).not.toContain(MOBILE);
    await page.screenshot({ path: join(RESULTS_DIR, 'sheets-alipay-open.png') });

    // The sheet still answers: Allow plays the number it offered.
    await allow.click();
    await sim.waitForScreenText(MASKED);
    expect(sim.browserErrors).toEqual([]);
  });

  it('WeChat: Allow is on screen without scrolling and the sheet names the app (app.json), not the page title', async () => {
    const appName = wechatTitle('app');
    const pageTitle = wechatTitle('page');
    // Otherwise the test could not tell the two apart.
    expect(appName).not.toBe(pageTitle);

    const sim = new WechatSimulatorPage(page);
    await sim.page.goto(`${server.url}/wechat`);
    await sim.page.locator('body[data-simulator="ready"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    // The page's wx.login has its answer before the tap.
    await sim.waitForAnsweredRequests(1);
    await sim.page.fill('#wechat-mobile', MOBILE);
    await sim.phoneButton.click();

    const allow = sim.consentSheet.getByRole('button', { name: /Allow/ });
    await expectOnScreenWithoutScrolling(allow);
    const text = await sim.consentSheet.innerText();
    expect(text).toContain(`${appName} 申请`);
    expect(text).not.toContain(pageTitle);
    expect(text).toContain(MASKED);
    expect(text).not.toContain(MOBILE);
    await page.screenshot({ path: join(RESULTS_DIR, 'sheets-wechat-open.png') });

    await allow.click();
    await sim.waitForScreenText(MASKED);
    expect(sim.browserErrors).toEqual([]);
  });
});
