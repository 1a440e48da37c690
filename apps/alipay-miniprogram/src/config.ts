/**
 * The mini-program's one configuration module: what a developer edits.
 *
 * How the page picks its configuration (`getConfig()` in
 * lib/current-config.ts, called on every tap):
 * 1. start from {@link DEFAULT_CONFIG} below (edit it for your own setup);
 * 2. overlay `getApp().globalData.config`, a `Partial<PhonekitConfig>`.
 *    `app.ts` starts it empty; the test harness (`test/harness`) and the
 *    browser simulator put their overrides there before the page loads, so
 *    they never patch this file.
 *
 * This file uses no Alipay global, so node code (tests, the simulator) can
 * import it and its types.
 */

/** Everything the page needs to know about where and how to ask. */
export interface PhonekitConfig {
  /** Base URL of the phonekit server, without a trailing slash. */
  serverUrl: string;
  /**
   * The mini-program's Alipay appId. When set, requests carry it in the
   * `x-alipay-app-id` header, so a server holding keys for several apps picks
   * the right ones. Empty means "do not send".
   */
  appId: string;
  /**
   * Sandbox mode: instead of calling `my.getPhoneNumber` (which needs a real
   * Alipay account and a bound phone-number product), fetch an
   * Alipay-identical payload from the server's sandbox route and post that.
   */
  sandbox: boolean;
  /** Which answer the sandbox should play (`success`, `busy`, `not-authorised`, ...). */
  sandboxScenario: string;
  /** The phone number the sandbox should encrypt (mainland `13811112222` or `1-1234432112`); empty = the scenario's own (13811112222, or 1-1234432112 for overseas). */
  sandboxMobile: string;
  /**
   * Sandbox mode: the Alipay user the page logs in as (the sandbox's stand-in
   * for `my.getAuthCode` mints a code for this name; the same name is the
   * same user across server restarts).
   */
  sandboxUser: string;
  /**
   * Developer details on the page: error codes, HTTP status, Alipay's codes,
   * the developer hints ("check serverUrl in src/config.ts", console steps)
   * and why the login failed. Off for users, who see a kind sentence and what
   * they can do instead; turn it on while developing.
   */
  debug: boolean;
}

/** What `app.ts` keeps in `globalData`. */
export interface AppGlobalData {
  /** Overrides on top of {@link DEFAULT_CONFIG}; empty in a normal run. */
  config?: Partial<PhonekitConfig>;
}

/**
 * Defaults for a developer running the server on the same machine
 * (`pnpm dev`). In the Alipay IDE tick "忽略 httpRequest 域名合法性检查"
 * (ignore the request domain check) to talk to plain http on 127.0.0.1; on
 * a real phone use your computer's LAN address instead.
 */
export const DEFAULT_CONFIG: Readonly<PhonekitConfig> = {
  serverUrl: 'http://127.0.0.1:3000',
  appId: '',
  sandbox: false,
  sandboxScenario: 'success',
  sandboxMobile: '',
  sandboxUser: 'sandbox-user',
  debug: false,
};

function stripTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charAt(end - 1) === '/') end -= 1;
  return url.slice(0, end);
}

/**
 * Overlays `override` on {@link DEFAULT_CONFIG}, ignoring fields of the wrong
 * type (overrides come from untyped places: a launch query, a simulator menu).
 *
 * @example
 * ```ts
 * resolveConfig({ sandbox: true, sandboxScenario: 'busy' }).serverUrl; // 'http://127.0.0.1:3000'
 * ```
 */
export function resolveConfig(override?: Partial<PhonekitConfig>): PhonekitConfig {
  const config: PhonekitConfig = { ...DEFAULT_CONFIG };
  if (override === undefined || override === null) return config;
  if (typeof override.serverUrl === 'string' && override.serverUrl !== '') config.serverUrl = override.serverUrl;
  if (typeof override.appId === 'string') config.appId = override.appId;
  if (typeof override.sandbox === 'boolean') config.sandbox = override.sandbox;
  if (typeof override.sandboxScenario === 'string' && override.sandboxScenario !== '') {
    config.sandboxScenario = override.sandboxScenario;
  }
  if (typeof override.sandboxMobile === 'string') config.sandboxMobile = override.sandboxMobile;
  if (typeof override.sandboxUser === 'string' && override.sandboxUser !== '') config.sandboxUser = override.sandboxUser;
  if (typeof override.debug === 'boolean') config.debug = override.debug;
  config.serverUrl = stripTrailingSlashes(config.serverUrl);
  return config;
}
