/**
 * Imported first by the bundle's entry, before the mini-program's modules:
 * they call `App(...)`, `Page(...)` and use `my` as soon as they run.
 */
import { catchUncaughtErrors } from './error-panel';
import { createMyShim } from './my-shim';
import { installClientGlobals } from './registry';
import { simulatorState } from './state';

catchUncaughtErrors();
installClientGlobals('my', createMyShim(simulatorState), { component: false });
