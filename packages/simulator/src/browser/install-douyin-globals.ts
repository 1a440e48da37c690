/**
 * Imported first by the Douyin bundle's entry, before the mini-program's
 * modules: they call `App(...)`, `Page(...)` (or `Component(...)`) and use
 * `tt` as soon as they run.
 */
import { douyinState } from './douyin-state';
import { catchUncaughtErrors, useDouyinTemplateHelp } from './error-panel';
import { miniProgram } from './registry';
import { createTtShim } from './tt-shim';

catchUncaughtErrors();
useDouyinTemplateHelp();
// Douyin's framework globals: App, Page, Component, getApp, getCurrentPages, and tt.
Object.assign(globalThis, {
  tt: createTtShim(douyinState),
  App: (options: unknown): void => miniProgram.registerApp(options),
  Page: (options: unknown): void => miniProgram.registerPage(options),
  Component: (options: unknown): void => miniProgram.registerComponent(options),
  getApp: (): Record<string, unknown> => miniProgram.appInstance(),
  getCurrentPages: (): Array<Record<string, unknown>> => [...miniProgram.currentPages],
});
