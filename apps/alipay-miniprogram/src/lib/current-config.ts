/**
 * The configuration in force now, as the page reads it on every tap.
 */
import { resolveConfig } from '../config';
import type { AppGlobalData, PhonekitConfig } from '../config';

/**
 * {@link DEFAULT_CONFIG} (src/config.ts) overlaid with
 * `getApp().globalData.config` when the app has one.
 *
 * @example
 * ```ts
 * const { serverUrl, sandbox } = getConfig();
 * ```
 */
export function getConfig(): PhonekitConfig {
  let override: Partial<PhonekitConfig> | undefined;
  try {
    const app = getApp<{ globalData?: AppGlobalData }>();
    override = app?.globalData?.config;
  } catch {
    // getApp() throws or is missing when a page runs without its app (some
    // unit runners): the defaults are then the whole configuration.
    override = undefined;
  }
  return resolveConfig(override);
}
