/**
 * The mini-program framework's globals: `App`, `Page`, `getApp`,
 * `getCurrentPages`, and `my` (Alipay) or `wx` and `Component` (WeChat). The
 * page's own code calls `Page({...})` / `Component({...})` when its module
 * runs; the simulator keeps the options and runs them later.
 */
import type { PageOptions } from './page-host';
import { isRecord } from './records';

class MiniProgramRegistry {
  /** The object `App({...})` was given; `getApp()` returns it (with `globalData`). */
  private app: Record<string, unknown> | undefined;
  readonly pages: PageOptions[] = [];
  /** WeChat `Component({...})` registrations (a page built with Component). */
  readonly components: PageOptions[] = [];
  /** The running page instances, for `getCurrentPages()`. */
  currentPages: Array<Record<string, unknown>> = [];

  registerApp(options: unknown): void {
    if (this.app !== undefined) throw new Error('App() was called twice');
    this.app = isRecord(options) ? { ...options } : {};
  }

  registerPage(options: unknown): void {
    if (!isRecord(options)) throw new Error('Page() needs an options object');
    this.pages.push(options);
  }

  registerComponent(options: unknown): void {
    if (!isRecord(options)) throw new Error('Component() needs an options object');
    this.components.push(options);
  }

  /** The app instance, created empty when the mini-program has no app.ts. */
  appInstance(): Record<string, unknown> {
    if (this.app === undefined) this.app = {};
    return this.app;
  }

  /** `getApp().globalData`, created when missing. */
  globalData(): Record<string, unknown> {
    const app = this.appInstance();
    const existing = app['globalData'];
    if (isRecord(existing)) return existing;
    const created: Record<string, unknown> = {};
    app['globalData'] = created;
    return created;
  }
}

export const miniProgram = new MiniProgramRegistry();

/**
 * Puts the framework globals (`App`, `Page`, `getApp`, `getCurrentPages`, and
 * `Component` where the client has it: WeChat, Douyin, not Alipay) and the
 * client's global `name` (`my`, `wx`, `tt`) on `globalThis`, before any
 * mini-program module runs.
 */
export function installClientGlobals(name: string, client: Record<string, unknown>, has: { readonly component: boolean }): void {
  Object.assign(globalThis, {
    [name]: client,
    App: (options: unknown): void => miniProgram.registerApp(options),
    Page: (options: unknown): void => miniProgram.registerPage(options),
    ...(has.component ? { Component: (options: unknown): void => miniProgram.registerComponent(options) } : {}),
    getApp: (): Record<string, unknown> => miniProgram.appInstance(),
    getCurrentPages: (): Array<Record<string, unknown>> => [...miniProgram.currentPages],
  });
}
