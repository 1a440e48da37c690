import { resolveConfig, type AppGlobalData, type PhonekitWechatConfig } from '../config';

/** The configuration in force: defaults plus `getApp().globalData.config`. */
export function currentConfig(): PhonekitWechatConfig {
  const app = getApp<{ globalData: AppGlobalData }>();
  return resolveConfig(app?.globalData?.config);
}
