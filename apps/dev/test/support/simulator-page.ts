// Drives the simulator the way a developer does: pick a scenario in the
// panel, tap the button in the phone, answer the consent sheet, read the
// screen and the wire. Locators name what a user sees, not internals.
import type { Locator } from 'playwright-core';
import { MiniProgramPage, WAIT_MS, type PhoneSettings } from './mini-program-page';

export class SimulatorPage extends MiniProgramPage {
  /** my.getPhoneNumber entries on the wire, newest first. */
  readonly wirePhoneResponses: Locator = this.page.locator('#wire [data-kind="phone-response"]');

  /** Requests of the phone flow on the wire: all but the page's login when it loads. */
  readonly phoneRequests: Locator = this.wireRequests.filter({ hasNotText: '/api/alipay/login' });

  /**
   * Opens the simulator, chooses the client's language (English unless
   * told otherwise) and developer details in the panel, and waits until the
   * page and the scenario list are ready and the page's login
   * (my.getAuthCode -> POST /api/alipay/login, the first request on the
   * wire) has its answer.
   */
  async open(url: string, settings: PhoneSettings = {}): Promise<void> {
    await this.goto(url);
    await this.choosePhoneSettings(settings);
    await this.page.locator('#scenario:not([disabled])').waitFor({ timeout: WAIT_MS });
    await this.waitForAnsweredRequests(1);
  }

  async chooseScenario(id: string): Promise<void> {
    await this.page.selectOption('#scenario', id);
  }

  get authorizeButton(): Locator {
    return this.screen.locator('button[open-type="getAuthorize"]');
  }

  protected override get consentButton(): Locator {
    return this.authorizeButton;
  }

  /** The text of one part of a wire entry (textContent: closed entries count too). */
  async wireText(entry: Locator, part: '.wire-request' | '.wire-answer' | '.wire-raw'): Promise<string> {
    return (await entry.locator(part).textContent()) ?? '';
  }
}
