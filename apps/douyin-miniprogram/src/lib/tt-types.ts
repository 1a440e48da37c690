/**
 * What the page uses of Douyin's client that @douyin-microapp/typings (the
 * IDE's own typings package) does not type. Types only: erased when
 * compiled.
 */

/**
 * The `bindgetphonenumber` event detail of `<button open-type="getPhoneNumber">`
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/component/list/button):
 * `errMsg` always; on success `encryptedData` and `iv` (base library 1.14.0+,
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire)
 * and, from base library 3.51.0, `code`, which the server exchanges at
 * get_phonenumber_info (a different code from tt.login's; 5 minutes, once);
 * on failure `errno`
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method).
 */
export interface DouyinPhoneNumberDetail {
  readonly errMsg: string;
  readonly code?: string;
  readonly encryptedData?: string;
  readonly iv?: string;
  readonly cloudId?: string;
  readonly errno?: number;
}

/** An event as Douyin hands it to a page method (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/framework/view/ttml-event). */
export interface DouyinEvent<Detail = unknown> {
  readonly type: string;
  readonly timeStamp: number;
  readonly target: { readonly id: string; readonly dataset: Readonly<Record<string, unknown>> };
  readonly currentTarget: { readonly id: string; readonly dataset: Readonly<Record<string, unknown>> };
  readonly detail: Detail;
}

/**
 * tt.request's options as the page passes them: the typings' own, plus
 * `timeout` (ms, at most 60000, base library 2.31.0+,
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/http/tt-request),
 * which they leave out.
 */
export type TtRequestOptions = Parameters<typeof tt.request>[0] & { readonly timeout?: number };
