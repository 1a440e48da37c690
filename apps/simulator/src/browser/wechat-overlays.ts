/**
 * What the WeChat client draws over a mini-program: the phone-number sheet
 * behind `<button open-type="getPhoneNumber">` and wx.showModal's dialog.
 * Drawn inside the phone frame, in the same overlay layer as Alipay's.
 */
import { h } from './dom';

function layer(): HTMLElement {
  const existing = document.getElementById('overlays');
  if (existing !== null) return existing;
  const created = h('div', { className: 'phone-overlays', attrs: { id: 'overlays' } });
  document.body.append(created);
  return created;
}

export interface WechatPhoneSheetOptions {
  /** The mini-program's name (the navigation bar title). */
  readonly appName: string;
  /** What the sheet shows as the number on offer. */
  readonly numberHint: string;
}

/** Opens WeChat's "get your phone number" sheet; resolves true for Allow, false for Deny. */
export function askWechatPhoneConsent(options: WechatPhoneSheetOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const deny = h('button', { className: 'sheet-button sheet-button--deny', text: '拒绝 Deny', attrs: { type: 'button' } });
    const allow = h('button', { className: 'sheet-button sheet-button--allow', text: '允许 Allow', attrs: { type: 'button' } });
    const sheet = h('div', { className: 'consent-sheet', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Authorisation' } }, [
      h('div', { className: 'consent-app' }, [
        h('span', { className: 'consent-icon', text: options.appName.charAt(0).toUpperCase() || 'M' }),
        h('span', { className: 'consent-app-name', text: `${options.appName} 申请` }),
      ]),
      h('p', { className: 'consent-title', text: '获取你的手机号' }),
      h('p', { className: 'consent-subtitle', text: `${options.appName} wants the mobile number bound to your WeChat account.` }),
      h('div', { className: 'consent-number' }, [
        h('span', { className: 'consent-number-text', text: options.numberHint }),
        h('span', { className: 'consent-check', text: '✓' }),
      ]),
      h('p', { className: 'consent-subtitle', text: '微信绑定号码 · WeChat-bound number' }),
      h('div', { className: 'consent-actions' }, [deny, allow]),
    ]);
    const backdrop = h('div', { className: 'overlay-backdrop', attrs: { 'data-overlay': 'consent', 'data-open-type': 'getPhoneNumber' } }, [sheet]);
    const close = (allowed: boolean): void => {
      backdrop.remove();
      resolve(allowed);
    };
    deny.addEventListener('click', () => close(false));
    allow.addEventListener('click', () => close(true));
    layer().append(backdrop);
    allow.focus();
  });
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
    const dialog = h('div', { className: 'dialog', attrs: { role: 'alertdialog', 'aria-label': options.title || 'Modal' } }, [
      ...(options.title === '' ? [] : [h('p', { className: 'dialog-title', text: options.title })]),
      h('p', { className: 'dialog-content', text: options.content }),
      h('div', { className: 'dialog-actions' }, options.showCancel ? [cancel, confirm] : [confirm]),
    ]);
    const backdrop = h('div', { className: 'overlay-backdrop overlay-backdrop--center', attrs: { 'data-overlay': 'modal' } }, [dialog]);
    const close = (confirmed: boolean): void => {
      backdrop.remove();
      resolve(confirmed);
    };
    confirm.addEventListener('click', () => close(true));
    cancel.addEventListener('click', () => close(false));
    layer().append(backdrop);
  });
}
