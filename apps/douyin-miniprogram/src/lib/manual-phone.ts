/**
 * What both phonekit mini-programs (Alipay and WeChat) share, word for word:
 * the page's language from the client's, the texts of "decline" and of the
 * typed-in fallback, and the small normaliser that checks a typed number.
 *
 * This file is kept byte-identical in apps/alipay-miniprogram/src/lib and
 * apps/wechat-miniprogram/src/lib (a test compares them), so a user who
 * declines sees the same sentences and the same field on both platforms.
 * It uses no platform global (`my`, `wx`), so node code can import it.
 */

/** The two languages the pages speak. */
export const PAGE_LANGUAGES = ['zh', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/**
 * The page's language for the client's language setting, as the client
 * reports it (`zh-Hans`, `zh_CN`, `zh_TW`, `zh-HK`, `en`, `en_US`, ...):
 * any Chinese -> `zh`; any other language the client names -> `en`; nothing
 * readable (an old client, an empty string, not a string) -> `zh`, the
 * language of most users of both platforms.
 *
 * @example
 * ```ts
 * pageLanguageOf('zh_CN'); // 'zh'
 * pageLanguageOf('en-US'); // 'en'
 * pageLanguageOf(undefined); // 'zh'
 * ```
 */
export function pageLanguageOf(clientLanguage: unknown): PageLanguage {
  if (typeof clientLanguage !== 'string') return 'zh';
  const tag = clientLanguage.trim().toLowerCase();
  if (tag === '' || tag === 'zh' || tag.startsWith('zh-') || tag.startsWith('zh_')) return 'zh';
  return /^[a-z]{2,3}([-_]|$)/.test(tag) ? 'en' : 'zh';
}

/** The sentences of "decline" and of the typed-in fallback, per language. */
export const MANUAL_ENTRY_TEXT = {
  zh: {
    declined: '没关系，您可以在下方手动输入手机号。',
    manualLabel: '手动输入手机号',
    manualPlaceholder: '如 13811112222 或 +85251234567',
    manualConfirm: '确认',
    manualResultLabel: '您输入的手机号',
    manualNotVerified: '未经验证：该号码只在本页显示，不会发送到服务器。',
    manualEmpty: '请输入手机号。',
    manualInvalid: '手机号格式不正确：请输入 11 位大陆手机号（1 开头，第二位 3–9），或带国际区号的号码，如 +85251234567 或 852-51234567。',
  },
  en: {
    declined: 'No problem: you can type your number below instead.',
    manualLabel: 'Type your phone number',
    manualPlaceholder: 'e.g. 13811112222 or +85251234567',
    manualConfirm: 'Confirm',
    manualResultLabel: 'The number you typed',
    manualNotVerified: 'Not verified: it stays on this page and is not sent to the server.',
    manualEmpty: 'Please type your phone number.',
    manualInvalid:
      'That is not a phone number we can read: type an 11-digit mainland number (1, then 3-9, then 9 digits), or a number with its country code, like +85251234567 or 852-51234567.',
  },
} as const satisfies Readonly<Record<PageLanguage, Readonly<Record<string, string>>>>;

export type ManualEntryText = (typeof MANUAL_ENTRY_TEXT)[PageLanguage];

/** A typed number the page accepted: as shown, and in E.164. */
export interface TypedPhone {
  readonly kind: 'phone';
  /** How the page shows it: `13811112222`, `852-51234567`, `+85251234567`. */
  readonly mobile: string;
  /** `+8613811112222`. */
  readonly e164: string;
}

/** Why a typed number was refused. */
export interface TypedPhoneRefusal {
  readonly kind: 'refused';
  readonly reason: 'empty' | 'invalid';
}

const MAINLAND = /^1[3-9]\d{9}$/;

/**
 * Reads a number the user typed, the way the server reads the numbers
 * Alipay and WeChat send: a mainland mobile of 11 digits starting 1[3-9]
 * (optionally written +86 / 86- first), `<country code>-<number>` as
 * Alipay writes overseas numbers (`852-51234567`, `+1-2125550123`), or
 * `+<country code><number>` (E.164, 7 to 15 digits). Spaces, and dashes or
 * brackets between digit groups of a mainland or E.164 number, are ignored.
 * Nothing else is accepted. It checks the form only: the number is not
 * verified (that is what the platform's button is for).
 *
 * @example
 * ```ts
 * normaliseTypedPhone('138 1111 2222'); // { kind: 'phone', mobile: '13811112222', e164: '+8613811112222' }
 * normaliseTypedPhone('852-51234567'); // { kind: 'phone', mobile: '852-51234567', e164: '+85251234567' }
 * normaliseTypedPhone('12345'); // { kind: 'refused', reason: 'invalid' }
 * ```
 */
export function normaliseTypedPhone(typed: unknown): TypedPhone | TypedPhoneRefusal {
  const text = typeof typed === 'string' ? typed.replace(/[\s\u3000]+/g, '') : '';
  if (text === '') return { kind: 'refused', reason: 'empty' };
  const overseas = /^\+?([1-9]\d{0,2})-(\d{4,14})$/.exec(text);
  if (overseas !== null) {
    const countryCode = overseas[1] ?? '';
    const national = overseas[2] ?? '';
    if (countryCode === '86') return MAINLAND.test(national) ? mainland(national) : refused();
    if (countryCode.length + national.length > 15) return refused();
    return { kind: 'phone', mobile: `${countryCode}-${national}`, e164: `+${countryCode}${national}` };
  }
  const compact = text.replace(/[-()]/g, '');
  if (MAINLAND.test(compact)) return mainland(compact);
  const e164 = /^\+([1-9]\d{6,14})$/.exec(compact);
  if (e164 !== null) {
    const digits = e164[1] ?? '';
    if (digits.startsWith('86')) return MAINLAND.test(digits.slice(2)) ? mainland(digits.slice(2)) : refused();
    return { kind: 'phone', mobile: `+${digits}`, e164: `+${digits}` };
  }
  return refused();
}

function mainland(national: string): TypedPhone {
  return { kind: 'phone', mobile: national, e164: `+86${national}` };
}

function refused(): TypedPhoneRefusal {
  return { kind: 'refused', reason: 'invalid' };
}

/** What the manual-entry part of the page shows. */
export interface ManualEntryView {
  /** What is in the field. */
  value: string;
  /** Why the last confirm was refused, in the page's language; '' when none. */
  error: string;
  /** The accepted number as shown ('' until one is accepted). */
  accepted: string;
}

export function emptyManualEntry(): ManualEntryView {
  return { value: '', error: '', accepted: '' };
}

/** The field after a confirm of `typed`. */
export function confirmManualEntry(typed: unknown, language: PageLanguage): ManualEntryView {
  const value = typeof typed === 'string' ? typed : '';
  const read = normaliseTypedPhone(value);
  if (read.kind === 'phone') return { value, error: '', accepted: read.mobile };
  const text = MANUAL_ENTRY_TEXT[language];
  return { value, error: read.reason === 'empty' ? text.manualEmpty : text.manualInvalid, accepted: '' };
}

/** The `value` of an input or confirm event (`event.detail.value` on both platforms); undefined for other events (a button's tap). */
export function eventValue(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const detail = (event as { detail?: unknown }).detail;
  if (typeof detail !== 'object' || detail === null) return undefined;
  const value = (detail as { value?: unknown }).value;
  return typeof value === 'string' ? value : undefined;
}
