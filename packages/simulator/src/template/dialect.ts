/**
 * What differs between Alipay's AXML, WeChat's WXML and Douyin's TTML for the
 * subset the simulator supports: the directive prefix (`a:` / `wx:` / `tt:`),
 * how event attributes are written (`onTap` / `bindtap`, `catchTap` /
 * `catchtap`), the button's open-types and attributes, and the file
 * extensions. Everything else (tags, `{{ }}`, the renderer, rpx) is shared.
 */

export const DIALECT_NAMES = ['alipay', 'wechat', 'douyin'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface TemplateDialect {
  readonly name: DialectName;
  /** `.axml` / `.wxml` / `.ttml`. */
  readonly templateExtension: string;
  /** `.acss` / `.wxss` / `.ttss`. */
  readonly styleExtension: string;
  /** `a:` / `wx:` / `tt:`. */
  readonly directivePrefix: string;
  /** Button open-types the simulator plays. */
  readonly openTypes: readonly string[];
  /** The button's events beyond tap (the renderer plays getPhoneNumber on every dialect but Alipay's). */
  readonly buttonEvents: readonly string[];
  /** `scope` values of an open-type button (Alipay's getAuthorize only). */
  readonly scopes: readonly string[];
  /** The button's own attributes beyond the common ones. */
  readonly buttonAttributes: readonly string[];
  /** How event attributes are written, e.g. `on` + `Tap` or `bind` + `tap`. */
  readonly eventSyntax: string;
  /**
   * `onGetAuthorize` -> `{ event: 'getAuthorize', catches: false }` (Alipay),
   * `bindgetphonenumber` -> `{ event: 'getphonenumber', catches: false }` (WeChat);
   * undefined when the attribute is not an event binding in this dialect.
   */
  readEventAttribute(name: string): { readonly event: string; readonly catches: boolean } | undefined;
}

export const ALIPAY_DIALECT: TemplateDialect = {
  name: 'alipay',
  templateExtension: '.axml',
  styleExtension: '.acss',
  directivePrefix: 'a:',
  openTypes: ['getAuthorize'],
  // onGetPhoneNumber is accepted but never fired (see the README).
  buttonEvents: ['getAuthorize', 'getPhoneNumber', 'error'],
  scopes: ['phoneNumber'],
  buttonAttributes: ['open-type', 'scope', 'type', 'size', 'disabled', 'loading', 'plain'],
  eventSyntax: 'on*/catch*',
  readEventAttribute(name) {
    const match = /^(on|catch)([A-Z][A-Za-z]*)$/.exec(name);
    if (match === null) return undefined;
    const [, prefix = '', rest = ''] = match;
    return { event: rest.charAt(0).toLowerCase() + rest.slice(1), catches: prefix === 'catch' };
  },
};

export const WECHAT_DIALECT: TemplateDialect = {
  name: 'wechat',
  templateExtension: '.wxml',
  styleExtension: '.wxss',
  directivePrefix: 'wx:',
  openTypes: ['getPhoneNumber'],
  buttonEvents: ['getPhoneNumber', 'error'],
  scopes: [],
  buttonAttributes: ['open-type', 'type', 'size', 'disabled', 'loading', 'plain', 'phone-number-no-quota-toast'],
  eventSyntax: 'bind*/catch* (bind:*/catch:*)',
  readEventAttribute(name) {
    // WeChat's event names are lower case (`bindgetphonenumber`); `bind:tap` is the same as `bindtap`.
    const match = /^(bind|catch):?([A-Za-z]+)$/.exec(name);
    if (match === null) return undefined;
    const [, prefix = '', rest = ''] = match;
    return { event: rest, catches: prefix === 'catch' };
  },
};

/**
 * Douyin's TTML and TTSS: `tt:if` / `tt:elif` / `tt:else`, `tt:for` with
 * `tt:for-item`, `tt:for-index` and `tt:key`
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/framework/view/ttml-condition-draw,
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/framework/view/ttml-list-draw);
 * events written `bindtap` or `bind:tap`, `catchtap` stopping the bubble
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/framework/view/ttml-event).
 * The button takes size, type, disabled, loading, form-type, open-type and
 * the hover-* attributes (no `plain`), and raises `bindgetphonenumber` with
 * `open-type="getPhoneNumber"` (no `binderror`):
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/component/list/button
 */
export const DOUYIN_DIALECT: TemplateDialect = {
  name: 'douyin',
  templateExtension: '.ttml',
  styleExtension: '.ttss',
  directivePrefix: 'tt:',
  openTypes: ['getPhoneNumber'],
  buttonEvents: ['getPhoneNumber'],
  scopes: [],
  buttonAttributes: ['open-type', 'type', 'size', 'disabled', 'loading'],
  eventSyntax: 'bind*/catch* (bind:*/catch:*)',
  readEventAttribute: (name) => WECHAT_DIALECT.readEventAttribute(name),
};

export const DIALECTS: Readonly<Record<DialectName, TemplateDialect>> = { alipay: ALIPAY_DIALECT, wechat: WECHAT_DIALECT, douyin: DOUYIN_DIALECT };
