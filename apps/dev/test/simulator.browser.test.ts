// The simulator in a real browser: headless Chromium drives the page the
// server serves in sandbox mode, which runs the mini-program's real page
// code and template against the real server. The only doubles are at the
// edges we do not own: Alipay (the `my` shim) and the user (Playwright).
import { copyFileSync, mkdirSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { SANDBOX_MODE_FAILURES, type RunningServer } from '@phonekit/express';
import { launchChromium } from './support/chromium';
import { startFixtureServer, startSandboxServer } from './support/sandbox-server';
import type { FixtureServer } from './support/sandbox-server';
import { SimulatorPage } from './support/simulator-page';

const RESULTS_DIR = join(__dirname, '..', 'test-results');
const DOCS_SCREENSHOT = join(__dirname, '..', '..', '..', 'docs', 'simulator.png');

let browser: Browser;
let context: BrowserContext;
let sim: SimulatorPage;

beforeAll(async () => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  sim = new SimulatorPage(await context.newPage());
});

afterEach(async () => {
  const title = (expect.getState().currentTestName ?? 'unnamed').replace(/^the simulator served by the sandbox server at \/ /, '');
  const name = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 90);
  await sim.page.screenshot({ path: join(RESULTS_DIR, `${name}.png`) });
  await context.close();
});

function screenshotPath(name: string): string {
  return join(RESULTS_DIR, `${name}.png`);
}

describe('the simulator served by the sandbox server at /', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startSandboxServer();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(async () => {
    // These tests read the English texts and the developer details (codes, HTTP status, hints).
    await sim.open(`${server.url}/`, { language: 'en', debug: true });
  });

  afterEach(() => {
    // Every scenario here is one the simulator supports: nothing may land on the error panel.
    expect(sim.browserErrors).toEqual([]);
  });

  describe('when the user allows and Alipay answers success', () => {
    it('shows the masked number, reveals the full one on tap, and shows the exchange on the wire', async () => {
      await sim.chooseScenario('success');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('138****2222');
      expect(await sim.screenText()).not.toContain('13811112222');

      await sim.waitForAnsweredRequests(2);
      const [request] = await sim.wireRequests.all();
      if (request === undefined) throw new Error('no request on the wire');
      const sent = await sim.wireText(request, '.wire-request');
      expect(sent).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/api\/alipay\/phone-number\n/);
      expect(sent).toContain('content-type: text/plain');
      const answer = await sim.wireText(request, '.wire-answer');
      expect(answer).toMatch(/^HTTP 200\n/);
      expect(answer).toContain('"masked": "138****2222"');
      // The page posted res.response unchanged: the very bytes my.getPhoneNumber gave it.
      const raw = await sim.wireText(sim.wirePhoneResponses.first(), '.wire-raw');
      expect(raw).toContain('"sign_type":"RSA2"');
      expect(sent.endsWith(`\n\n${raw}`)).toBe(true);

      await sim.page.screenshot({ path: screenshotPath('success-with-panel') });
      if (process.env['PHONEKIT_UPDATE_DOCS_SCREENSHOT'] === '1') copyFileSync(screenshotPath('success-with-panel'), DOCS_SCREENSHOT);

      await sim.screen.getByText('tap to reveal').click();
      await sim.waitForScreenText('+8613811112222');
      await sim.screen.getByText('tap to hide').click();
      await sim.waitForScreenText('138****2222');
    });
  });

  describe('when Alipay answers with an overseas number', () => {
    it('shows it masked, then as +1 on reveal', async () => {
      await sim.chooseScenario('overseas');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('1-*******112');
      await sim.waitForAnsweredRequests(2);
      expect(await sim.wireText(sim.wireRequests.first(), '.wire-answer')).toContain('"mobile": "1-1234432112"');
      await sim.screen.getByText('tap to reveal').click();
      await sim.waitForScreenText('+11234432112');
    });
  });

  describe('when the panel names a custom mobile number', () => {
    it('plays that number instead of the default one', async () => {
      await sim.page.fill('#mobile', '13900001111');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('139****1111');
    });
  });

  describe('when the user denies consent', () => {
    it('says so kindly and sends nothing to the server', async () => {
      await sim.tapAndAnswer('deny');
      await sim.waitForScreenText('No problem');
      // Only the page's login when it loaded crossed the wire.
      expect(await sim.phoneRequests.count()).toBe(0);
      expect(await sim.wireRequests.count()).toBe(1);
      expect(await sim.wirePhoneResponses.count()).toBe(0);
    });
  });

  describe('when Alipay answers 40003 (not authorised)', () => {
    it('shows the message and the hint', async () => {
      await sim.chooseScenario('not-authorised');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('ALIPAY_NOT_AUTHORISED');
      const text = await sim.screenText();
      expect(text).toContain('The user has not authorised this app to read their phone number');
      expect(text).toContain('onGetAuthorize');
      expect(text).toContain('40003');
      expect(text).not.toContain('Retry');
    });
  });

  describe('when Alipay answers 40006 (insufficient permissions)', () => {
    it('shows the message and the console fix', async () => {
      await sim.chooseScenario('insufficient-permissions');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('ALIPAY_INSUFFICIENT_PERMISSIONS');
      const text = await sim.screenText();
      expect(text).toContain('lacks the permission to read phone numbers');
      expect(text).toContain('获取会员手机号');
    });
  });

  describe('when Alipay answers 20000 (busy)', () => {
    // The page treats 20000 as Alipay's answer inside the payload: Retry asks
    // Alipay (my.getPhoneNumber) again, then posts the fresh payload.
    it('offers a retry that asks Alipay again, shows busy again, and succeeds once Alipay does', async () => {
      await sim.chooseScenario('busy');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('ALIPAY_BUSY');
      // The login when the page loaded, then the phone requests.
      await sim.waitForAnsweredRequests(2);
      expect(await sim.screenText()).toContain('20000');

      await sim.screen.getByRole('button', { name: 'Retry' }).click();
      await sim.waitForAnsweredRequests(3);
      await sim.waitForScreenText('ALIPAY_BUSY');
      expect(await sim.wirePhoneResponses.count()).toBe(2);
      expect(await sim.wireText(sim.wireRequests.first(), '.wire-answer')).toMatch(/^HTTP 503\n/);
      // No second consent sheet: the user already allowed.
      expect(await sim.consentSheet.count()).toBe(0);

      await sim.chooseScenario('success');
      await sim.screen.getByRole('button', { name: 'Retry' }).click();
      await sim.waitForScreenText('138****2222');
      expect(await sim.phoneRequests.count()).toBe(3);
    });

    it('succeeds when the user taps the button again after success is chosen', async () => {
      await sim.chooseScenario('busy');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('ALIPAY_BUSY');
      await sim.chooseScenario('success');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('138****2222');
    });
  });

  describe('when the sign was tampered with', () => {
    it('shows SIGNATURE_INVALID', async () => {
      await sim.chooseScenario('tampered-sign');
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('SIGNATURE_INVALID');
      // In sandbox mode the page says so: the server plays Alipay with its own keys.
      expect(await sim.screenText()).toContain(SANDBOX_MODE_FAILURES['SIGNATURE_INVALID']?.message ?? 'no sandbox wording');
      await sim.waitForAnsweredRequests(2);
      expect(await sim.wireText(sim.wireRequests.first(), '.wire-answer')).toMatch(/^HTTP 422\n/);
    });
  });

  describe('when the panel simulates an old Alipay client', () => {
    it('shows the fallback instead of the button', async () => {
      await sim.page.check('#old-client');
      await sim.waitForScreenText('needs Alipay 10.1.35 or later');
      // What the user can do instead: type the number.
      expect(await sim.screen.locator('input').count()).toBe(1);
      expect(await sim.authorizeButton.count()).toBe(0);
    });
  });

  describe('the paste box', () => {
    it('reports a sandbox payload as valid', async () => {
      const payload = await (await fetch(`${server.url}/sandbox/alipay/phone-response?scenario=success`)).text();
      await sim.page.fill('#inspect-payload', payload);
      await sim.page.click('#inspect-run');
      const report = sim.page.locator('#inspect-report [data-verdict="valid"]');
      await report.waitFor();
      const text = await report.innerText();
      expect(text).toContain('Valid: signature valid, phone 138****2222');
      expect(text).toContain('+8613811112222');
    });

    it('reports garbage as malformed', async () => {
      await sim.page.fill('#inspect-payload', 'this is not what my.getPhoneNumber returns');
      await sim.page.click('#inspect-run');
      const report = sim.page.locator('#inspect-report [data-verdict="invalid"]');
      await report.waitFor();
      expect(await report.getAttribute('data-code')).toBe('PAYLOAD_MALFORMED');
      expect(await report.innerText()).toContain('The payload is not JSON');
    });

    it('checks the last res.response against the keys a developer pastes', async () => {
      await sim.tapAndAnswer('allow');
      await sim.waitForScreenText('138****2222');
      await sim.page.click('#inspect-use-last');
      expect(await sim.page.inputValue('#inspect-payload')).toContain('"sign_type":"RSA2"');
      const config = (await (await fetch(`${server.url}/sandbox/alipay/config`)).json()) as { aesKey: string };
      const otherPublicKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      await sim.page.fill('#inspect-aes-key', config.aesKey);
      await sim.page.fill('#inspect-public-key', otherPublicKey);
      await sim.page.click('#inspect-run');
      const report = sim.page.locator('#inspect-report [data-verdict="invalid"]');
      await report.waitFor();
      expect(await report.getAttribute('data-code')).toBe('SIGNATURE_INVALID');
    });
  });
});

describe('the Alipay tab for a Chinese user, and its language switch', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startSandboxServer();
  });

  afterAll(async () => {
    await server.close();
  });

  afterEach(() => {
    expect(sim.browserErrors).toEqual([]);
  });

  it('speaks Chinese by default (my.getSystemInfo says zh-Hans), shows no developer details, and the switch flips it to English', async () => {
    await sim.open(`${server.url}/`, { language: 'zh' });
    expect(await sim.page.locator('#client-language').inputValue()).toBe('zh');
    await sim.waitForScreenText('使用支付宝绑定的手机号');
    // This server keeps no accounts: the strip says so, without the reason's code (a developer detail).
    await sim.waitForScreenText('未登录：手机号可以验证，但不会保存到账号。');
    expect(await sim.screenText()).not.toContain('ACCOUNTS_NOT_CONFIGURED');
    await sim.chooseScenario('busy');
    await sim.tapAndAnswer('allow');
    await sim.waitForScreenText('手机号获取失败，请稍后重试，或手动输入手机号。');
    const chinese = await sim.screenText();
    expect(chinese).not.toContain('ALIPAY_BUSY');
    expect(chinese).not.toContain('20000');
    expect(chinese).toContain('重试');

    await sim.page.selectOption('#client-language', 'en');
    await sim.waitForScreenText('Use my Alipay phone number');
    await sim.waitForScreenText('Not signed in: the number is verified but not saved to an account.');
    expect(await sim.screenText()).not.toContain('使用支付宝绑定的手机号');
  }, 30_000);

  it('takes a typed number after a decline: typed with the keyboard (the field keeps the focus), checked, shown as not verified, never sent', async () => {
    await sim.open(`${server.url}/`, { language: 'zh' });
    await sim.tapAndAnswer('deny');
    await sim.waitForScreenText('没关系，您可以在下方手动输入手机号。');
    const field = sim.screen.locator('input');
    await field.click();
    await sim.page.keyboard.type('12345');
    await sim.screen.getByRole('button', { name: '确认' }).click();
    await sim.waitForScreenText('手机号格式不正确');
    await field.click();
    await sim.page.keyboard.press('Control+A');
    await sim.page.keyboard.type('138 1111 2222');
    expect(await field.inputValue()).toBe('138 1111 2222');
    await sim.page.keyboard.press('Enter');
    await sim.waitForScreenText('您输入的手机号');
    await sim.waitForScreenText('13811112222');
    await sim.waitForScreenText('未经验证');
    expect(await sim.phoneRequests.count()).toBe(0);
  }, 30_000);
});

describe('a mini-program outside the supported subset', () => {
  // The simulator package's fixture mini-program, read as data.
  const fixtureDir = join(__dirname, '..', '..', '..', 'packages', 'simulator', 'test', 'fixtures', 'unsupported');
  let fixture: FixtureServer | undefined;

  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  async function openFixturePage(page: string): Promise<void> {
    fixture = await startFixtureServer({ miniprogramDir: fixtureDir, page });
    await sim.page.goto(`${fixture.url}/`);
    await sim.errorPanel.waitFor({ state: 'visible' });
  }

  it('shows the loud error panel naming an unsupported tag and its line', async () => {
    await openFixturePage('pages/video/video');
    const text = await sim.errorPanel.innerText();
    expect(text).toContain('Not supported by the simulator');
    expect(text).toContain('pages/video/video.axml:4: <video> is not supported by the simulator');
    expect(await sim.screen.innerText()).toBe('');
    // The panel still works: a developer can fix the template, or inspect a payload meanwhile.
    await sim.page.locator('#scenario:not([disabled])').waitFor();
  });

  it('names an unsupported expression and where it is', async () => {
    await openFixturePage('pages/call/call');
    expect(await sim.errorPanel.innerText()).toContain('pages/call/call.axml:2: text: function calls are not supported');
  });

  it('names a handler the template uses but the page does not define', async () => {
    await openFixturePage('pages/missing-handler/missing-handler');
    expect(await sim.errorPanel.innerText()).toContain('pages/missing-handler/missing-handler.axml:2: onTap="onSave" names a method the page does not define');
  });
});
