/**
 * Imported first by the Douyin bundle's entry, before the mini-program's
 * modules: they call `App(...)`, `Page(...)` (or `Component(...)`) and use
 * `tt` as soon as they run.
 */
import { douyinState } from './douyin-state';
import { catchUncaughtErrors, useDouyinTemplateHelp } from './error-panel';
import { installClientGlobals } from './registry';
import { createTtShim } from './tt-shim';

catchUncaughtErrors();
useDouyinTemplateHelp();
installClientGlobals('tt', createTtShim(douyinState), { component: true });
