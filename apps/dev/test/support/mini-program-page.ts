// What driving either tab has in common: the phone's screen, the error
// panel, the wire, the consent sheet, and the errors the browser reported.
// Locators name what a user sees, not internals.
import type { Locator, Page } from 'playwright-core';

export const WAIT_MS = 15_000;

/** How a test wants the simulated phone: the client's language (the panel's switch) and the page's debug flag. */
export interface PhoneSettings {
  /** Default `en`: most tests read the English texts. The simulator itself starts in Chinese, as a Chinese user's phone. */
  readonly language?: 'zh' | 'en';
  /** `debug: true` in the page config (the panel's "Developer details"): error codes, HTTP status, developer hints on screen. Default false. */
  readonly debug?: boolean;
}

export abstract class MiniProgramPage {
  readonly screen: Locator;
  readonly errorPanel: Locator;
  /** Request entries on the wire, newest first. */
  readonly wireRequests: Locator;
  /** Errors the page or the simulator reported in the browser. */
  readonly browserErrors: string[] = [];

  constructor(readonly page: Page) {
    this.screen = page.locator('#screen');
    this.errorPanel = page.locator('#sim-error');
    this.wireRequests = page.locator('#wire [data-kind="request"]');
    page.on('pageerror', (error) => this.browserErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && (text.includes('[phonekit simulator]') || text.includes('Content Security Policy'))) {
        this.browserErrors.push(`console: ${text}`);
      }
    });
  }

  /** The button in the phone that opens the consent sheet. */
  protected abstract get consentButton(): Locator;

  /** Goes to `url` and waits until the simulator has booted. */
  protected async goto(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('body[data-simulator="ready"]').waitFor({ state: 'attached', timeout: WAIT_MS });
  }

  /**
   * Chooses the language and developer details in the panel's switches (each
   * restarts the page and is kept for the tab), then reloads the tab so the
   * page starts with them from its first request: the wire holds only that run.
   */
  protected async choosePhoneSettings(settings: PhoneSettings): Promise<void> {
    const language = settings.language ?? 'en';
    const debug = settings.debug ?? false;
    let changed = false;
    if ((await this.page.locator('#client-language').inputValue()) !== language) {
      await this.page.selectOption('#client-language', language);
      changed = true;
    }
    if ((await this.page.locator('#debug-details').isChecked()) !== debug) {
      await this.page.locator('#debug-details').setChecked(debug);
      changed = true;
    }
    if (!changed) return;
    await this.page.reload();
    await this.page.locator('body[data-simulator="ready"]').waitFor({ state: 'attached', timeout: WAIT_MS });
  }

  get consentSheet(): Locator {
    return this.page.getByRole('dialog', { name: 'Authorisation' });
  }

  /** Taps the button in the phone and answers the consent sheet. */
  async tapAndAnswer(answer: 'allow' | 'deny'): Promise<void> {
    await this.consentButton.click();
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
}
