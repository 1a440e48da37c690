/**
 * The Douyin client's language, which the page speaks in (`pageLanguageOf`
 * in lib/manual-phone.ts: Chinese unless Douyin says another language;
 * English then).
 *
 * Read from `tt.getSystemInfoSync().language`. Douyin's mini-app page for
 * tt.getSystemInfoSync does not list `language`
 * (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/device/system-information/tt-get-system-info-sync);
 * its mini-game system info names it ("系统语言,如 zh_CN",
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-game/develop/api/c-api/system/get-system-info),
 * and uni-app's Douyin runtime reads `tt.getSystemInfoSync().language` with
 * a fallback (dcloudio/uni-app, uni-mp-toutiao). So it is read as unknown:
 * a client that does not say is Chinese, as most Douyin users are.
 */
import { pageLanguageOf, type PageLanguage } from './manual-phone';

/** The page's language; Chinese when the client cannot say. */
export function readClientLanguage(): PageLanguage {
  try {
    if (typeof tt.getSystemInfoSync !== 'function') return 'zh';
    const info: unknown = tt.getSystemInfoSync();
    return pageLanguageOf(typeof info === 'object' && info !== null ? (info as { language?: unknown }).language : undefined);
  } catch {
    // A client that cannot say.
    return 'zh';
  }
}
