/**
 * What the Douyin client draws over a mini-program: the phone-number sheet
 * behind `<button open-type="getPhoneNumber">` ("用户点击后会弹出一个授权弹窗让用户确认",
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method).
 * Drawn inside the phone frame, in the same overlay layer as the other tabs'.
 */
import { openConsentSheet } from './consent-sheet';

/** The number the sandbox Douyin plays when the panel names none. */
const SANDBOX_MOBILE = '13811112222';

export interface DouyinPhoneSheetOptions {
  /** The mini-program's name, from app.json (`appNameOf(appJson, 'navigationBarTitleText')`), not the page's title. */
  readonly appName: string;
  /** The panel's mobile number; '' for the sandbox's default number. */
  readonly mobile: string;
}

/** Opens Douyin's "get your phone number" sheet, offering the number masked; resolves true for Allow, false for Deny. */
export function askDouyinPhoneConsent(options: DouyinPhoneSheetOptions): Promise<boolean> {
  const chosen = options.mobile !== '';
  return openConsentSheet(
    {
      appName: options.appName,
      title: '获取你的手机号',
      client: 'Douyin',
      number: chosen ? options.mobile : SANDBOX_MOBILE,
      numberNote: chosen ? '抖音绑定号码 · Douyin-bound number' : '抖音绑定号码 · Douyin-bound number (the sandbox default)',
      attrs: { 'data-open-type': 'getPhoneNumber' },
    },
    { allow: () => true, deny: () => false },
  );
}
