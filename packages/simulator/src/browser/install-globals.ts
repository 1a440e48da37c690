/**
 * Imported first by the bundle's entry, before the mini-program's modules:
 * they call `App(...)`, `Page(...)` and use `my` as soon as they run.
 */
import { catchUncaughtErrors } from './error-panel';
import { createMyShim } from './my-shim';
import { installMiniProgramGlobals } from './registry';
import { simulatorState } from './state';

catchUncaughtErrors();
installMiniProgramGlobals(createMyShim(simulatorState));
