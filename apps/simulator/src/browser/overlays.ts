/**
 * What the Alipay client draws over a mini-program: the authorisation sheet
 * behind a getAuthorize button, my.alert's dialog, my.showToast's toast and
 * my.showLoading's spinner. Drawn inside the phone frame.
 */
import { h } from './dom';
import type { AuthorizationAnswer } from './render';

const OVERLAYS_ID = 'overlays';

function layer(): HTMLElement {
  const existing = document.getElementById(OVERLAYS_ID);
  if (existing !== null) return existing;
  const created = h('div', { className: 'phone-overlays', attrs: { id: OVERLAYS_ID } });
  document.body.append(created);
  return created;
}

/** Alipay's onError detail when the user taps "Deny" (error 11: the user cancelled the authorisation). */
export const CONSENT_REFUSAL = Object.freeze({ error: 11, errorMessage: '用户取消授权 (the user declined the authorisation)' });

export interface ConsentSheetOptions {
  /** The mini-program's name, from app.json. */
  readonly appName: string;
  readonly scope: string;
  /** What the sheet shows as the number on offer. */
  readonly numberHint: string;
}

/** Opens the authorisation sheet and resolves when the user chooses. */
export function askConsent(options: ConsentSheetOptions): Promise<AuthorizationAnswer> {
  return new Promise((resolve) => {
    const deny = h('button', { className: 'sheet-button sheet-button--deny', text: '拒绝 Deny', attrs: { type: 'button' } });
    const allow = h('button', { className: 'sheet-button sheet-button--allow', text: '允许 Allow', attrs: { type: 'button' } });
    const sheet = h('div', { className: 'consent-sheet', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Authorisation' } }, [
      h('div', { className: 'consent-app' }, [
        h('span', { className: 'consent-icon', text: options.appName.charAt(0).toUpperCase() || 'M' }),
        h('span', { className: 'consent-app-name', text: `${options.appName} 申请` }),
      ]),
      h('p', { className: 'consent-title', text: '获取你的手机号码' }),
      h('p', { className: 'consent-subtitle', text: `${options.appName} wants the mobile number bound to your Alipay account.` }),
      h('div', { className: 'consent-number' }, [
        h('span', { className: 'consent-number-text', text: options.numberHint }),
        h('span', { className: 'consent-check', text: '✓' }),
      ]),
      h('div', { className: 'consent-actions' }, [deny, allow]),
    ]);
    const backdrop = h('div', { className: 'overlay-backdrop', attrs: { 'data-overlay': 'consent', 'data-scope': options.scope } }, [sheet]);
    const close = (answer: AuthorizationAnswer): void => {
      backdrop.remove();
      resolve(answer);
    };
    deny.addEventListener('click', () => close({ allowed: false, refusal: CONSENT_REFUSAL }));
    allow.addEventListener('click', () => close({ allowed: true }));
    layer().append(backdrop);
    allow.focus();
  });
}

export interface AlertOptions {
  readonly title: string;
  readonly content: string;
  readonly buttonText: string;
}

/** my.alert's dialog; resolves when dismissed. */
export function showAlert(options: AlertOptions): Promise<void> {
  return new Promise((resolve) => {
    const ok = h('button', { className: 'dialog-button', text: options.buttonText, attrs: { type: 'button' } });
    const dialog = h('div', { className: 'dialog', attrs: { role: 'alertdialog', 'aria-label': options.title || 'Alert' } }, [
      ...(options.title === '' ? [] : [h('p', { className: 'dialog-title', text: options.title })]),
      h('p', { className: 'dialog-content', text: options.content }),
      ok,
    ]);
    const backdrop = h('div', { className: 'overlay-backdrop overlay-backdrop--center', attrs: { 'data-overlay': 'alert' } }, [dialog]);
    ok.addEventListener('click', () => {
      backdrop.remove();
      resolve();
    });
    layer().append(backdrop);
  });
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** my.showToast / my.showLoading; `duration` 0 keeps it until hidden. */
export function showToast(content: string, kind: string, duration: number): void {
  hideToast();
  const toast = h('div', { className: `toast toast--${kind}`, text: content, attrs: { role: 'status', 'data-overlay': 'toast' } });
  layer().append(toast);
  if (duration > 0) toastTimer = setTimeout(hideToast, duration);
}

export function hideToast(): void {
  if (toastTimer !== undefined) clearTimeout(toastTimer);
  toastTimer = undefined;
  for (const toast of layer().querySelectorAll('[data-overlay="toast"]')) toast.remove();
}
