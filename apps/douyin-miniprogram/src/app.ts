import type { AppGlobalData } from './config';

App<{ globalData: AppGlobalData }>({
  globalData: {},
});
