/**
 * The phone-number consent sheet both clients draw over a mini-program, in
 * each client's words: the app asking (named by its app.json), the number on
 * offer (masked, as both clients show it), Deny and Allow.
 */
import { h } from './dom';
import { overlayLayer } from './overlay-layer';
import { isRecord } from './records';

export interface ConsentSheetLook {
  /** The mini-program's name: {@link appNameOf} its app.json. */
  readonly appName: string;
  /** The sheet's heading, e.g. `获取你的手机号码`. */
  readonly title: string;
  /** The client whose account the number is bound to, e.g. `Alipay`. */
  readonly client: string;
  /** The number on offer, in full: the sheet shows it masked ({@link maskNumber}). */
  readonly number: string;
  /** A line under the number, e.g. whose number it is. */
  readonly numberNote: string;
  /** Attributes on the sheet's backdrop (what tests and the page see it by). */
  readonly attrs: Readonly<Record<string, string>>;
}

/**
 * The mini-program's name as the clients' sheets show it: app.json's
 * `window[titleKey]` (the app's own title, `defaultTitle` for Alipay,
 * `navigationBarTitleText` for WeChat), never a page's title.
 */
export function appNameOf(appJson: unknown, titleKey: string): string {
  const window = isRecord(appJson) ? appJson['window'] : undefined;
  const title = isRecord(window) ? window[titleKey] : undefined;
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : 'Mini-program';
}

/**
 * A number as the clients' sheets show it (and as @phonekit/core's maskPhone
 * masks it): an 11-digit or longer number keeps its first three and last four
 * digits (`137****2468`), a shorter one at most its last third; a country
 * prefix (`1-`, `+86`) stays.
 */
export function maskNumber(mobile: string): string {
  const match = /^(\+?\d{1,3}-|\+\d{1,3}(?=1\d{10}$)|\+)?(\d+)$/.exec(mobile.trim());
  if (match === null) return '****';
  const prefix = match[1] ?? '';
  const digits = match[2] ?? '';
  if (digits.length >= 11) return `${prefix}${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  const keep = Math.min(4, Math.floor(digits.length / 3));
  return `${prefix}${'*'.repeat(digits.length - keep)}${digits.slice(digits.length - keep)}`;
}

/**
 * Keeps the sheet's buttons on screen when the browser window is shorter
 * than the phone (a 1366x768 laptop): the sheet rises from the phone's bottom
 * edge to the window's, never above the phone's top, and follows the page
 * as it scrolls. Returns what stops it.
 */
function keepOnScreen(backdrop: HTMLElement, sheet: HTMLElement): () => void {
  const place = (): void => {
    const below = backdrop.getBoundingClientRect().bottom - window.innerHeight;
    const room = backdrop.clientHeight - sheet.offsetHeight;
    const lift = Math.max(0, Math.min(below, room));
    backdrop.style.setProperty('--sheet-lift', `${Math.round(lift)}px`);
    sheet.classList.toggle('consent-sheet--lifted', lift > 0);
  };
  place();
  window.addEventListener('resize', place);
  window.addEventListener('scroll', place, { passive: true });
  return () => {
    window.removeEventListener('resize', place);
    window.removeEventListener('scroll', place);
  };
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
        h('span', { className: 'consent-number-text', text: maskNumber(look.number) }),
        h('span', { className: 'consent-check', text: '✓' }),
      ]),
      h('p', { className: 'consent-number-note', text: look.numberNote }),
      h('div', { className: 'consent-actions' }, [deny, allow]),
    ]);
    const backdrop = h('div', { className: 'overlay-backdrop overlay-backdrop--sheet', attrs: { 'data-overlay': 'consent', ...look.attrs } }, [sheet]);
    overlayLayer().append(backdrop);
    const stopPlacing = keepOnScreen(backdrop, sheet);
    const close = (answer: T): void => {
      stopPlacing();
      backdrop.remove();
      resolve(answer);
    };
    deny.addEventListener('click', () => close(answers.deny()));
    allow.addEventListener('click', () => close(answers.allow()));
    // Focus without scrolling: the page stays where the user tapped it.
    allow.focus({ preventScroll: true });
  });
}

/** The number the sandboxes of WeChat and Douyin play when the panel names none. */
const SANDBOX_MOBILE = '13811112222';

export interface PhoneNumberSheetOptions {
  /** The mini-program's name, from app.json (`appNameOf(appJson, 'navigationBarTitleText')`), not the page's title. */
  readonly appName: string;
  /** The panel's mobile number; '' for the sandbox's default number. */
  readonly mobile: string;
}

/**
 * Opens a session-key client's "get your phone number" sheet (behind
 * `<button open-type="getPhoneNumber">`), offering the number masked, noted as
 * `boundNote` (e.g. `微信绑定号码 · WeChat-bound number`); resolves true for
 * Allow, false for Deny.
 */
export function askPhoneNumberConsent(client: string, boundNote: string, options: PhoneNumberSheetOptions): Promise<boolean> {
  const chosen = options.mobile !== '';
  return openConsentSheet(
    {
      appName: options.appName,
      title: '获取你的手机号',
      client,
      number: chosen ? options.mobile : SANDBOX_MOBILE,
      numberNote: chosen ? boundNote : `${boundNote} (the sandbox default)`,
      attrs: { 'data-open-type': 'getPhoneNumber' },
    },
    { allow: () => true, deny: () => false },
  );
}
