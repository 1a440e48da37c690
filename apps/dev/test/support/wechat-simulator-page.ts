// Drives the WeChat tab the way a developer does: choose the user, number,
// flow and failure in the panel, tap the getPhoneNumber button, answer
// WeChat's sheet, read the screen and the wire.
import type { Locator } from 'playwright-core';
import { MiniProgramPage, type PhoneSettings } from './mini-program-page';

export class WechatSimulatorPage extends MiniProgramPage {
  /** What WeChat gave the page (wx.login codes, getPhoneNumber events), newest first. */
  readonly wireClient: Locator = this.page.locator('#wire [data-kind="client"]');

  /**
   * Opens the WeChat tab, chooses WeChat's language (English unless told
   * otherwise) and developer details in the panel, and waits until the page
   * shows `status` (by default: it has logged in).
   */
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
