/**
 * What the Douyin client draws over a mini-program: the phone-number sheet
 * behind `<button open-type="getPhoneNumber">` ("用户点击后会弹出一个授权弹窗让用户确认",
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method).
 * Drawn inside the phone frame, in the same overlay layer as the other tabs'.
 */
import { askPhoneNumberConsent, type PhoneNumberSheetOptions } from './consent-sheet';

/** Opens Douyin's "get your phone number" sheet, offering the number masked; resolves true for Allow, false for Deny. */
export function askDouyinPhoneConsent(options: PhoneNumberSheetOptions): Promise<boolean> {
  return askPhoneNumberConsent('Douyin', '抖音绑定号码 · Douyin-bound number', options);
}
