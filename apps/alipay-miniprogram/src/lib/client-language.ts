/**
 * The Alipay client's language setting, which the page speaks in
 * (`pageLanguageOf` in lib/manual-phone.ts: Chinese unless the client says
 * another language; English then).
 *
 * `my.getSystemInfoSync()` / `my.getSystemInfo({success})` answer
 * `language`, "支付宝设置的语言" (the language set in Alipay), e.g.
 * `zh-Hans`, `zh-Hant`, `zh-HK`, `en`:
 * https://opendocs.alipay.com/mini/api/system-info
 */
import { pageLanguageOf, type PageLanguage } from './manual-phone';

function languageField(info: unknown): unknown {
  return typeof info === 'object' && info !== null ? (info as { language?: unknown }).language : undefined;
}

/**
 * The page's language now, from `my.getSystemInfoSync()`; undefined when the
 * client has no synchronous call (then {@link readClientLanguageAsync}).
 */
export function readClientLanguage(): PageLanguage | undefined {
  if (typeof my.getSystemInfoSync !== 'function') return undefined;
  try {
    return pageLanguageOf(languageField(my.getSystemInfoSync()));
  } catch {
    // A client that cannot say: Chinese, like most Alipay users.
    return 'zh';
  }
}

/** The page's language from `my.getSystemInfo` (clients without the sync call); always resolves. */
export function readClientLanguageAsync(): Promise<PageLanguage> {
  return new Promise<PageLanguage>((resolve) => {
    try {
      my.getSystemInfo({
        success: (info: unknown) => resolve(pageLanguageOf(languageField(info))),
        fail: () => resolve('zh'),
      });
    } catch {
      resolve('zh');
    }
  });
}
