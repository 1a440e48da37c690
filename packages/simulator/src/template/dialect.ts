/**
 * What differs between Alipay's AXML and WeChat's WXML for the subset the
 * simulator supports: the directive prefix (`a:` / `wx:`), how event
 * attributes are written (`onTap` / `bindtap`, `catchTap` / `catchtap`), the
 * button's open-types and attributes, and the file extensions. Everything
 * else (tags, `{{ }}`, the renderer, rpx) is shared.
 */

export const DIALECT_NAMES = ['alipay', 'wechat'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface TemplateDialect {
  readonly name: DialectName;
  /** `.axml` / `.wxml`. */
  readonly templateExtension: string;
  /** `.acss` / `.wxss`. */
  readonly styleExtension: string;
  /** `a:` / `wx:`. */
  readonly directivePrefix: string;
  /** Button open-types the simulator plays. */
  readonly openTypes: readonly string[];
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

export const DIALECTS: Readonly<Record<DialectName, TemplateDialect>> = { alipay: ALIPAY_DIALECT, wechat: WECHAT_DIALECT };
