/**
 * What the WeChat client draws over a mini-program: the phone-number sheet
 * behind `<button open-type="getPhoneNumber">` and wx.showModal's dialog.
 * Drawn inside the phone frame, in the same overlay layer as Alipay's.
 */
import { openConsentSheet } from './consent-sheet';
import { h } from './dom';
import { openDialog } from './overlays';

/** The number the sandbox WeChat plays when the panel names none. */
const SANDBOX_MOBILE = '13811112222';

export interface WechatPhoneSheetOptions {
  /** The mini-program's name, from app.json (`appNameOf(appJson, 'navigationBarTitleText')`), not the page's title. */
  readonly appName: string;
  /** The panel's mobile number; '' for the sandbox's default number. */
  readonly mobile: string;
}

/** Opens WeChat's "get your phone number" sheet, offering the number masked; resolves true for Allow, false for Deny. */
export function askWechatPhoneConsent(options: WechatPhoneSheetOptions): Promise<boolean> {
  const chosen = options.mobile !== '';
  return openConsentSheet(
    {
      appName: options.appName,
      title: '获取你的手机号',
      client: 'WeChat',
      number: chosen ? options.mobile : SANDBOX_MOBILE,
      numberNote: chosen ? '微信绑定号码 · WeChat-bound number' : '微信绑定号码 · WeChat-bound number (the sandbox default)',
      attrs: { 'data-open-type': 'getPhoneNumber' },
    },
    { allow: () => true, deny: () => false },
  );
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
