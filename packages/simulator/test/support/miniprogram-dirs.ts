import { resolve } from 'node:path';

/** The repository's mini-programs, read as data (the simulator's input), never imported. */
export const MINIPROGRAM_DIRS = {
  alipay: resolve(__dirname, '../../../../apps/alipay-miniprogram/src'),
  wechat: resolve(__dirname, '../../../../apps/wechat-miniprogram/src'),
  douyin: resolve(__dirname, '../../../../apps/douyin-miniprogram/src'),
} as const;
