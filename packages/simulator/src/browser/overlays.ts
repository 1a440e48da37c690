/**
 * What the Alipay client draws over a mini-program: the authorisation sheet
 * behind a getAuthorize button, my.alert's dialog, my.showToast's toast and
 * my.showLoading's spinner. Drawn inside the phone frame.
 */
import { openConsentSheet } from './consent-sheet';
import { h } from './dom';
import { overlayLayer } from './overlay-layer';
import type { AuthorizationAnswer } from './render';

/** Alipay's onError detail when the user taps "Deny" (error 11: the user cancelled the authorisation). */
export const CONSENT_REFUSAL = Object.freeze({ error: 11, errorMessage: '用户取消授权 (the user declined the authorisation)' });

/** The numbers the sandbox Alipay plays when the panel names none (its `alipayBusinessBody` defaults). */
const SANDBOX_MOBILE = '13811112222';
const SANDBOX_OVERSEAS_MOBILE = '1-1234432112';

export interface ConsentSheetOptions {
  /** The mini-program's name, from app.json (`appNameOf(appJson, 'defaultTitle')`). */
  readonly appName: string;
  readonly scope: string;
  /** The panel's mobile number; '' when the scenario chooses (the sandbox's default number). */
  readonly mobile: string;
  /** The panel's scenario: `overseas` plays an overseas default number. */
  readonly scenario: string;
}

/** Opens the authorisation sheet, offering the number masked as Alipay shows it, and resolves when the user chooses. */
export function askConsent(options: ConsentSheetOptions): Promise<AuthorizationAnswer> {
  const chosen = options.mobile !== '';
  const number = chosen ? options.mobile : options.scenario === 'overseas' ? SANDBOX_OVERSEAS_MOBILE : SANDBOX_MOBILE;
  return openConsentSheet<AuthorizationAnswer>(
    {
      appName: options.appName,
      title: '获取你的手机号码',
      client: 'Alipay',
      number,
      numberNote: chosen ? '支付宝绑定号码 · Alipay-bound number' : '支付宝绑定号码 · Alipay-bound number (the sandbox default)',
      attrs: { 'data-scope': options.scope },
    },
    { allow: () => ({ allowed: true }), deny: () => ({ allowed: false, refusal: CONSENT_REFUSAL }) },
  );
}

export interface AlertOptions {
  readonly title: string;
  readonly content: string;
  readonly buttonText: string;
}

/**
 * Draws a centred dialog (title, content, then `actions`) in the overlay
 * layer; `close` removes it. Shared by my.alert and wx.showModal.
 */
export function openDialog(options: { readonly title: string; readonly content: string; readonly label: string; readonly overlay: string }, actions: HTMLElement): { close(): void } {
  const dialog = h('div', { className: 'dialog', attrs: { role: 'alertdialog', 'aria-label': options.title || options.label } }, [
    ...(options.title === '' ? [] : [h('p', { className: 'dialog-title', text: options.title })]),
    h('p', { className: 'dialog-content', text: options.content }),
    actions,
  ]);
  const backdrop = h('div', { className: 'overlay-backdrop overlay-backdrop--center', attrs: { 'data-overlay': options.overlay } }, [dialog]);
  overlayLayer().append(backdrop);
  return { close: () => backdrop.remove() };
}

/** my.alert's dialog; resolves when dismissed. */
export function showAlert(options: AlertOptions): Promise<void> {
  return new Promise((resolve) => {
    const ok = h('button', { className: 'dialog-button', text: options.buttonText, attrs: { type: 'button' } });
    const dialog = openDialog({ title: options.title, content: options.content, label: 'Alert', overlay: 'alert' }, ok);
    ok.addEventListener('click', () => {
      dialog.close();
      resolve();
    });
  });
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** my.showToast / my.showLoading; `duration` 0 keeps it until hidden. */
export function showToast(content: string, kind: string, duration: number): void {
  hideToast();
  const toast = h('div', { className: `toast toast--${kind}`, text: content, attrs: { role: 'status', 'data-overlay': 'toast' } });
  overlayLayer().append(toast);
  if (duration > 0) toastTimer = setTimeout(hideToast, duration);
}

export function hideToast(): void {
  if (toastTimer !== undefined) clearTimeout(toastTimer);
  toastTimer = undefined;
  for (const toast of overlayLayer().querySelectorAll('[data-overlay="toast"]')) toast.remove();
}
