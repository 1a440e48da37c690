/**
 * What the WeChat client draws over a mini-program: the phone-number sheet
 * behind `<button open-type="getPhoneNumber">` and wx.showModal's dialog.
 * Drawn inside the phone frame, in the same overlay layer as Alipay's.
 */
import { askPhoneNumberConsent, type PhoneNumberSheetOptions } from './consent-sheet';
import { h } from './dom';
import { openDialog } from './overlays';

/** Opens WeChat's "get your phone number" sheet, offering the number masked; resolves true for Allow, false for Deny. */
export function askWechatPhoneConsent(options: PhoneNumberSheetOptions): Promise<boolean> {
  return askPhoneNumberConsent('WeChat', '微信绑定号码 · WeChat-bound number', options);
}

export interface WechatModalOptions {
  readonly title: string;
  readonly content: string;
  readonly showCancel: boolean;
  readonly cancelText: string;
  readonly confirmText: string;
}

/** wx.showModal's dialog; resolves true when confirmed, false when cancelled. */
export function showWechatModal(options: WechatModalOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const confirm = h('button', { className: 'dialog-button', text: options.confirmText, attrs: { type: 'button' } });
    const cancel = h('button', { className: 'dialog-button dialog-button--cancel', text: options.cancelText, attrs: { type: 'button' } });
    const actions = h('div', { className: 'dialog-actions' }, options.showCancel ? [cancel, confirm] : [confirm]);
    const dialog = openDialog({ title: options.title, content: options.content, label: 'Modal', overlay: 'modal' }, actions);
    const close = (confirmed: boolean): void => {
      dialog.close();
      resolve(confirmed);
    };
    confirm.addEventListener('click', () => close(true));
    cancel.addEventListener('click', () => close(false));
  });
}
