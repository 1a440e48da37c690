/**
 * The mini-program's one configuration module: what a developer edits.
 *
 * The page reads {@link currentConfig}: {@link DEFAULT_CONFIG} with
 * `getApp().globalData.config` laid over it. `app.ts` starts that empty; the
 * tests put their server's address there before the page loads, so they
 * never patch this file. Uses no `wx`, so node code can import it.
 */

export interface PhonekitWechatConfig {
  /** Base URL of the phonekit server, no trailing slash. */
  serverUrl: string;
}

/** What `app.ts` keeps in `globalData`. */
export interface AppGlobalData {
  config?: Partial<PhonekitWechatConfig>;
}

/**
 * For a server on the same machine (`pnpm dev`). In WeChat DevTools tick
 * 详情 > 本地设置 > "不校验合法域名…" to call plain http on localhost; a
 * released mini-program needs an https server listed under 服务器域名.
 */
export const DEFAULT_CONFIG: Readonly<PhonekitWechatConfig> = {
  serverUrl: 'http://127.0.0.1:3000',
};

/**
 * Lays `override` over {@link DEFAULT_CONFIG}, ignoring fields of the wrong type.
 *
 * @example
 * ```ts
 * resolveConfig({ serverUrl: 'https://phonekit.example.com/' }).serverUrl; // 'https://phonekit.example.com'
 * ```
 */
export function resolveConfig(override: Partial<PhonekitWechatConfig> | undefined): PhonekitWechatConfig {
  const serverUrl = typeof override?.serverUrl === 'string' && override.serverUrl !== '' ? override.serverUrl : DEFAULT_CONFIG.serverUrl;
  return { serverUrl: serverUrl.replace(/\/+$/, '') };
}
