// Drives the WeChat tab the way a developer does: choose the user, number,
// flow and failure in the panel, tap the getPhoneNumber button, answer
// WeChat's sheet, read the screen and the wire.
import type { Locator, Page } from 'playwright-core';

const WAIT_MS = 15_000;

export class WechatSimulatorPage {
  readonly screen: Locator;
  readonly errorPanel: Locator;
  /** wx.request entries on the wire, newest first. */
  readonly wireRequests: Locator;
  /** What WeChat gave the page (wx.login codes, getPhoneNumber events), newest first. */
  readonly wireClient: Locator;
  readonly browserErrors: string[] = [];

  constructor(readonly page: Page) {
    this.screen = page.locator('#screen');
    this.errorPanel = page.locator('#sim-error');
    this.wireRequests = page.locator('#wire [data-kind="request"]');
    this.wireClient = page.locator('#wire [data-kind="client"]');
    page.on('pageerror', (error) => this.browserErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && (text.includes('[phonekit simulator]') || text.includes('Content Security Policy'))) {
        this.browserErrors.push(`console: ${text}`);
      }
    });
  }

  /** Opens the WeChat tab and waits until the page has logged in (or failed to). */
  async open(url: string, status = 'Tap the button to share your phone number.'): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('body[data-simulator="ready"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await this.waitForScreenText(status);
  }

  get phoneButton(): Locator {
    return this.screen.locator('button[open-type="getPhoneNumber"]');
  }

  get consentSheet(): Locator {
    return this.page.getByRole('dialog', { name: 'Authorisation' });
  }

  async tapAndAnswer(answer: 'allow' | 'deny'): Promise<void> {
    await this.phoneButton.click();
    await this.consentSheet.getByRole('button', { name: answer === 'allow' ? /Allow/ : /Deny/ }).click();
  }

  async waitForScreenText(text: string): Promise<void> {
    await this.screen.getByText(text, { exact: false }).first().waitFor({ timeout: WAIT_MS });
  }

  async screenText(): Promise<string> {
    return this.screen.innerText();
  }

  async waitForAnsweredRequests(count: number): Promise<void> {
    await this.page.waitForFunction(
      (expected) => document.querySelectorAll('#wire [data-kind="request"] .wire-status:not(.wire-status--pending)').length >= expected,
      count,
      { timeout: WAIT_MS },
    );
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
