// Drives the simulator the way a developer does: pick a scenario in the
// panel, tap the button in the phone, answer the consent sheet, read the
// screen and the wire. Locators name what a user sees, not internals.
import type { Locator, Page } from 'playwright-core';

const WAIT_MS = 15_000;

export class SimulatorPage {
  readonly screen: Locator;
  readonly errorPanel: Locator;
  /** Wire entries, newest first. */
  readonly wireRequests: Locator;
  readonly wirePhoneResponses: Locator;
  /** Errors the page or the simulator reported in the browser. */
  readonly browserErrors: string[] = [];

  constructor(readonly page: Page) {
    this.screen = page.locator('#screen');
    this.errorPanel = page.locator('#sim-error');
    this.wireRequests = page.locator('#wire [data-kind="request"]');
    this.wirePhoneResponses = page.locator('#wire [data-kind="phone-response"]');
    page.on('pageerror', (error) => this.browserErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && (text.includes('[phonekit simulator]') || text.includes('Content Security Policy'))) {
        this.browserErrors.push(`console: ${text}`);
      }
    });
  }

  /** Opens the simulator and waits until the page and the scenario list are ready. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('body[data-simulator="ready"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await this.page.locator('#scenario:not([disabled])').waitFor({ timeout: WAIT_MS });
  }

  async chooseScenario(id: string): Promise<void> {
    await this.page.selectOption('#scenario', id);
  }

  get authorizeButton(): Locator {
    return this.screen.locator('button[open-type="getAuthorize"]');
  }

  get consentSheet(): Locator {
    return this.page.getByRole('dialog', { name: 'Authorisation' });
  }

  /** Taps the getAuthorize button and answers the consent sheet. */
  async tapAndAnswer(answer: 'allow' | 'deny'): Promise<void> {
    await this.authorizeButton.click();
    await this.consentSheet.getByRole('button', { name: answer === 'allow' ? /Allow/ : /Deny/ }).click();
  }

  /** Waits until the phone's screen shows `text`. */
  async waitForScreenText(text: string): Promise<void> {
    await this.screen.getByText(text, { exact: false }).first().waitFor({ timeout: WAIT_MS });
  }

  async screenText(): Promise<string> {
    return this.screen.innerText();
  }

  /** Waits until `count` requests on the wire have an answer. */
  async waitForAnsweredRequests(count: number): Promise<void> {
    await this.page.waitForFunction(
      (expected) => document.querySelectorAll('#wire [data-kind="request"] .wire-status:not(.wire-status--pending)').length >= expected,
      count,
      { timeout: WAIT_MS },
    );
  }

  /** The text of one part of a wire entry (textContent: closed entries count too). */
  async wireText(entry: Locator, part: '.wire-request' | '.wire-answer' | '.wire-raw'): Promise<string> {
    return (await entry.locator(part).textContent()) ?? '';
  }
}
