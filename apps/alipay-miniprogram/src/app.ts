/**
 * The app: holds `globalData.config`, the overrides the page reads on top of
 * src/config.ts (see `getConfig` in lib/current-config.ts). Empty in a normal
 * run; the test harness and the browser simulator fill it before the page loads.
 */
import type { AppGlobalData } from './config';

const globalData: AppGlobalData = { config: {} };

App({
  globalData,
});
