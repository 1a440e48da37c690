/**
 * Two switches of the panel that restart the page, kept in this tab's
 * sessionStorage so a reload of the tab starts the page with them:
 *
 * The language the simulated client says it is set to, which the page reads
 * to choose its own (Alipay `my.getSystemInfo(Sync)().language`, WeChat
 * `wx.getAppBaseInfo().language`). Chinese by default, as on a Chinese
 * user's phone; the panel's switch changes it and restarts the page.
 *
 * Developer details: `debug: true` in the page's config (`getApp().globalData.config`),
 * which shows error codes, HTTP status and the developer hints on the page.
 * Off by default, as in the page's own config: the screen shows what users see.
 */
import { byId } from './dom';
import { miniProgram } from './registry';
import { isRecord } from './records';

export const CLIENT_LANGUAGES = ['zh', 'en'] as const;
export type ClientLanguage = (typeof CLIENT_LANGUAGES)[number];

/**
 * What each client answers as `language` for the switch's choice (the values
 * the real clients use). Douyin: `zh_CN`, or `en`; Douyin's mini-app page
 * does not list `language`, its mini-game page gives `zh_CN` as an example,
 * and uni-app's tt runtime reads it.
 */
export const CLIENT_LANGUAGE_VALUES: Readonly<Record<ClientLanguage, { readonly alipay: string; readonly wechat: string; readonly douyin: string }>> = {
  zh: { alipay: 'zh-Hans', wechat: 'zh_CN', douyin: 'zh_CN' },
  en: { alipay: 'en', wechat: 'en', douyin: 'en' },
};

const STORAGE_KEY = 'phonekit.simulator.client-language';

function isClientLanguage(value: unknown): value is ClientLanguage {
  return typeof value === 'string' && (CLIENT_LANGUAGES as readonly string[]).includes(value);
}

/** The language chosen earlier in this tab, else Chinese. */
export function storedClientLanguage(): ClientLanguage {
  try {
    const stored = window.sessionStorage.getItem(STORAGE_KEY);
    return isClientLanguage(stored) ? stored : 'zh';
  } catch {
    return 'zh';
  }
}

/**
 * Wires the panel's `#client-language` select: shows `settings.language`;
 * a change sets it (the shims answer it from then on), remembers it for the
 * tab and restarts the page.
 */
export function initLanguageSwitch(settings: { language: ClientLanguage }, reloadPage: () => void): void {
  const select = byId('client-language', HTMLSelectElement);
  select.value = settings.language;
  select.addEventListener('change', () => {
    if (!isClientLanguage(select.value) || select.value === settings.language) return;
    settings.language = select.value;
    try {
      window.sessionStorage.setItem(STORAGE_KEY, select.value);
    } catch {
      // No sessionStorage (a locked-down browser): the switch still works until the tab reloads.
    }
    reloadPage();
  });
}

const DEBUG_KEY = 'phonekit.simulator.debug';

/** Whether developer details were switched on earlier in this tab. */
export function storedDebug(): boolean {
  try {
    return window.sessionStorage.getItem(DEBUG_KEY) === 'true';
  } catch {
    return false;
  }
}

/** Sets `debug` in the page's config overrides (`getApp().globalData.config`). */
export function applyDebug(debug: boolean): void {
  const globalData = miniProgram.globalData();
  const existing = globalData['config'];
  globalData['config'] = { ...(isRecord(existing) ? existing : {}), debug };
}

/** Wires the panel's `#debug-details` checkbox: sets the page's `debug`, remembers it for the tab, restarts the page. */
export function initDebugSwitch(reloadPage: () => void): void {
  const checkbox = byId('debug-details', HTMLInputElement);
  checkbox.checked = storedDebug();
  checkbox.addEventListener('change', () => {
    applyDebug(checkbox.checked);
    try {
      window.sessionStorage.setItem(DEBUG_KEY, String(checkbox.checked));
    } catch {
      // No sessionStorage: the switch still works until the tab reloads.
    }
    reloadPage();
  });
}
