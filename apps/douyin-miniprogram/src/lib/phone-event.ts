// Uses no `tt`: node code (tests) can import it.
import type { PhonekitApiError } from './phonekit-api';

/** The page's own code for a "not logged in" refusal of the button (errMsg `not login` / `invalid session`): log in again. */
export const NOT_LOGGED_IN = 'DOUYIN_NOT_LOGGED_IN';

/** The page's own code for the other refusals of the button (the platform, the app's permission, no number, internal error). */
export const PHONE_BUTTON_FAILED = 'DOUYIN_PHONE_BUTTON_FAILED';

/**
 * What a failed getPhoneNumber event means. Douyin's errMsg reasons
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire):
 * `auth deny` the user refused (or has no number bound), `platform auth deny`
 * the platform refuses this app, `no permission` the app has not applied,
 * `no phone number` the account has no number, `not login` / `invalid session`
 * not logged in to the mini-program ("开发者看到此信息后应当执行登录操作"),
 * `internal error` anything else; each comes as `getPhoneNumber:fail <reason>`.
 */
export function refusalOf(errMsg: string): { readonly kind: 'declined' } | { readonly kind: 'failed'; readonly error: PhonekitApiError } {
  const reason = errMsg.replace(/^getPhoneNumber:fail\s*/, '').trim();
  if (reason === 'auth deny' || reason === 'user deny' || reason === 'cancel') return { kind: 'declined' };
  const failed = (code: string, hint: string, hintZh: string, retryable: boolean): { kind: 'failed'; error: PhonekitApiError } => ({
    kind: 'failed',
    error: { code, message: `Douyin's getPhoneNumber button answered "${errMsg}".`, hint, hintZh, retryable },
  });
  if (reason === 'not login' || reason === 'invalid session') {
    return failed(NOT_LOGGED_IN, 'The user is not logged in to the mini-program: signing in again now; tap the button once more.', '用户未在小程序登录：正在重新登录，请再次点击按钮。', true);
  }
  if (reason === 'platform auth deny' || reason === 'no permission') {
    return failed(
      PHONE_BUTTON_FAILED,
      'Douyin does not let this mini-program get phone numbers: check the phone-number ability of this AppID in the Douyin developer console (company mini-programs past their trial period).',
      '抖音不允许该小程序获取手机号：请在抖音开放平台控制台确认该 AppID 已具备获取手机号能力（企业主体、已过试运营期）。',
      false,
    );
  }
  if (reason === 'no phone number') {
    return failed(PHONE_BUTTON_FAILED, "The user's Douyin account has no phone number bound: offer the typed-in field.", '用户的抖音账号未绑定手机号：请让用户手动输入。', false);
  }
  return failed(PHONE_BUTTON_FAILED, 'Douyin could not give the number this time: try again later.', '抖音暂时无法提供手机号：请稍后重试。', true);
}
