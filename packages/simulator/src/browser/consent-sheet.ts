/**
 * The phone-number consent sheet both clients draw over a mini-program, in
 * each client's words: the app asking, the number on offer, Deny and Allow.
 */
import { h } from './dom';
import { overlayLayer } from './overlay-layer';

export interface ConsentSheetLook {
  /** The mini-program's name. */
  readonly appName: string;
  /** The sheet's heading, e.g. `获取你的手机号码`. */
  readonly title: string;
  /** The client whose account the number is bound to, e.g. `Alipay`. */
  readonly client: string;
  /** What the sheet shows as the number on offer. */
  readonly numberHint: string;
  /** A line under the number, when the client shows one. */
  readonly numberNote?: string;
  /** Attributes on the sheet's backdrop (what tests and the page see it by). */
  readonly attrs: Readonly<Record<string, string>>;
}

/** Opens the sheet; resolves to `answers.allow` or `answers.deny` when the user chooses. */
export function openConsentSheet<T>(look: ConsentSheetLook, answers: { readonly allow: () => T; readonly deny: () => T }): Promise<T> {
  return new Promise((resolve) => {
    const deny = h('button', { className: 'sheet-button sheet-button--deny', text: '拒绝 Deny', attrs: { type: 'button' } });
    const allow = h('button', { className: 'sheet-button sheet-button--allow', text: '允许 Allow', attrs: { type: 'button' } });
    const sheet = h('div', { className: 'consent-sheet', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Authorisation' } }, [
      h('div', { className: 'consent-app' }, [
        h('span', { className: 'consent-icon', text: look.appName.charAt(0).toUpperCase() || 'M' }),
        h('span', { className: 'consent-app-name', text: `${look.appName} 申请` }),
      ]),
      h('p', { className: 'consent-title', text: look.title }),
      h('p', { className: 'consent-subtitle', text: `${look.appName} wants the mobile number bound to your ${look.client} account.` }),
      h('div', { className: 'consent-number' }, [
        h('span', { className: 'consent-number-text', text: look.numberHint }),
        h('span', { className: 'consent-check', text: '✓' }),
      ]),
      ...(look.numberNote === undefined ? [] : [h('p', { className: 'consent-subtitle', text: look.numberNote })]),
      h('div', { className: 'consent-actions' }, [deny, allow]),
    ]);
    const backdrop = h('div', { className: 'overlay-backdrop', attrs: { 'data-overlay': 'consent', ...look.attrs } }, [sheet]);
    const close = (answer: T): void => {
      backdrop.remove();
      resolve(answer);
    };
    deny.addEventListener('click', () => close(answers.deny()));
    allow.addEventListener('click', () => close(answers.allow()));
    overlayLayer().append(backdrop);
    allow.focus();
  });
}
