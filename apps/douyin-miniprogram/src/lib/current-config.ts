import { resolveConfig, type AppGlobalData, type PhonekitDouyinConfig } from '../config';

/** The configuration in force: defaults plus `getApp().globalData.config`. */
export function currentConfig(): PhonekitDouyinConfig {
  const app = getApp<{ globalData: AppGlobalData }>();
  return resolveConfig(app?.globalData?.config);
}
