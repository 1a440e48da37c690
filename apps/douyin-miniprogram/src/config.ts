/**
 * The mini-program's one configuration module: what a developer edits.
 *
 * The page reads {@link currentConfig}: {@link DEFAULT_CONFIG} with
 * `getApp().globalData.config` laid over it. `app.ts` starts that empty; the
 * tests and the browser simulator put their server's address there before
 * the page loads, so they never patch this file. Uses no `tt`, so node code
 * can import it.
 *
 * project.config.json's `appid` is a placeholder: put your mini-program's
 * AppID (`tt` + 16 characters, 控制台 > 小程序详情 > 开发 > 开发配置) there.
 */

export interface PhonekitDouyinConfig {
  /** Base URL of the phonekit server, no trailing slash. */
  serverUrl: string;
  /**
   * Developer details on the page: error codes and messages, the developer
   * hints ("check serverUrl in src/config.ts", console steps) and why the
   * login failed. Off for users, who see a kind sentence and what they can
   * do instead; turn it on while developing.
   */
  debug: boolean;
  /**
   * Sandbox mode, for the Douyin IDE with an AppID that has no phone-number
   * ability yet ("此能力仅支持小程序通过试运营期后可用",
   * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method):
   * the page gets its login code from the server's sandbox
   * (`GET /sandbox/douyin/login-code?user=<sandboxUser>`) instead of
   * tt.login, and its phone-number code from
   * `GET /sandbox/douyin/phone-code?mobile=<sandboxMobile>` when the button
   * is tapped, instead of the button's own. Needs the development server
   * (`pnpm dev`), which plays Douyin; never for a released mini-program.
   */
  sandbox: boolean;
  /** Sandbox mode: the Douyin user the page logs in as (the same name is the same user across restarts). */
  sandboxUser: string;
  /** Sandbox mode: the number the sandbox's phone code stands for (`13811112222`, `1-2125550123`); empty = 13811112222. */
  sandboxMobile: string;
}

/** What `app.ts` keeps in `globalData`. */
export interface AppGlobalData {
  config?: Partial<PhonekitDouyinConfig>;
}

/**
 * For a server on the same machine (`pnpm dev`). In the Douyin IDE keep
 * `urlCheck: false` (project.config.json; 详情 > 本地设置 > 不校验合法域名) to
 * call plain http on localhost; a released mini-program needs an https
 * server listed as a request domain ("线上版本只支持 HTTPS 协议的请求",
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/network/http/tt-request).
 */
export const DEFAULT_CONFIG: Readonly<PhonekitDouyinConfig> = {
  serverUrl: 'http://127.0.0.1:3000',
  debug: false,
  sandbox: false,
  sandboxUser: 'sandbox-user',
  sandboxMobile: '',
};

/**
 * Lays `override` over {@link DEFAULT_CONFIG}, ignoring fields of the wrong type.
 *
 * @example
 * ```ts
 * resolveConfig({ serverUrl: 'https://phonekit.example.com/' }).serverUrl; // 'https://phonekit.example.com'
 * resolveConfig({ sandbox: true }).sandboxUser; // 'sandbox-user'
 * ```
 */
export function resolveConfig(override: Partial<PhonekitDouyinConfig> | undefined): PhonekitDouyinConfig {
  const serverUrl = typeof override?.serverUrl === 'string' && override.serverUrl !== '' ? override.serverUrl : DEFAULT_CONFIG.serverUrl;
  return {
    serverUrl: serverUrl.replace(/\/+$/, ''),
    debug: typeof override?.debug === 'boolean' ? override.debug : DEFAULT_CONFIG.debug,
    sandbox: typeof override?.sandbox === 'boolean' ? override.sandbox : DEFAULT_CONFIG.sandbox,
    sandboxUser: typeof override?.sandboxUser === 'string' && override.sandboxUser !== '' ? override.sandboxUser : DEFAULT_CONFIG.sandboxUser,
    sandboxMobile: typeof override?.sandboxMobile === 'string' ? override.sandboxMobile : DEFAULT_CONFIG.sandboxMobile,
  };
}
