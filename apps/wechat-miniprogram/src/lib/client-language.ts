/**
 * The WeChat client's language setting, which the page speaks in
 * (`pageLanguageOf` in lib/manual-phone.ts: Chinese unless WeChat says
 * another language; English then).
 *
 * - `wx.getAppBaseInfo().language`, "微信设置的语言" (base library 2.20.1+):
 *   https://developers.weixin.qq.com/miniprogram/dev/api/base/system/wx.getAppBaseInfo.html
 * - older base libraries: `wx.getSystemInfoSync().language` (deprecated since 2.20.1):
 *   https://developers.weixin.qq.com/miniprogram/dev/api/base/system/wx.getSystemInfoSync.html
 *
 * Values seen: `zh_CN`, `zh_TW`, `zh_HK`, `en` (DevTools: `zh`).
 */
import { pageLanguageOf, type PageLanguage } from './manual-phone';

function languageOf(read: () => unknown): unknown {
  const info = read();
  return typeof info === 'object' && info !== null ? (info as { language?: unknown }).language : undefined;
}

/** The page's language; Chinese when the client cannot say. */
export function readClientLanguage(): PageLanguage {
  try {
    if (typeof wx.getAppBaseInfo === 'function') return pageLanguageOf(languageOf(() => wx.getAppBaseInfo()));
    if (typeof wx.getSystemInfoSync === 'function') return pageLanguageOf(languageOf(() => wx.getSystemInfoSync()));
  } catch {
    // Fall through: a client that cannot say.
  }
  return 'zh';
}
