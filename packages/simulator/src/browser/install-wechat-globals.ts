/**
 * Imported first by the WeChat bundle's entry, before the mini-program's
 * modules: they call `App(...)`, `Component(...)` and use `wx` as soon as they run.
 */
import { catchUncaughtErrors, useWechatTemplateHelp } from './error-panel';
import { installClientGlobals } from './registry';
import { wechatState } from './wechat-state';
import { createWxShim } from './wx-shim';

catchUncaughtErrors();
useWechatTemplateHelp();
installClientGlobals('wx', createWxShim(wechatState), { component: true });
