/**
 * A minimal Alipay mini-program runtime in a `node:vm` context: the globals
 * `my`, `App`, `getApp`, `Page`, `getCurrentPages` (plus `console` and the
 * timers), the app script run first, then one page script.
 *
 * `Page(options)` captures the options and builds an instance the way the
 * framework does: `data` copied from the options, methods and other fields
 * copied on, `route` set, and `setData(patch, callback)` that really updates
 * `this.data` (paths like `'a.b'` and `'list[0].x'`), records a snapshot and
 * calls `callback` asynchronously. Lifecycle: `App.onLaunch`, `App.onShow`,
 * then `Page.onLoad(query)`, `onShow`, `onReady`.
 */
import vm from 'node:vm';
import { isRecord } from '@phonekit/core';
import { bundleMiniProgramScript, MINIPROGRAM_ROOT } from './bundle';
import { applyDataPatch } from './set-data';

export interface LoadMiniPageOptions {
  /** The page to load, as in app.json: `pages/phone/phone`. */
  route: string;
  /** The global `my` (usually `createFakeMy().api`). */
  my: Record<string, unknown>;
  /** Run `app.ts` first (default `true`); when false, `getApp()` returns `{ globalData: {} }`. */
  withApp?: boolean;
  /** Called with the app instance after `App()` ran and before the page loads (to set `globalData`). */
  prepareApp?: (app: Record<string, unknown>) => void;
  /** The query `onLoad` receives. */
  query?: Readonly<Record<string, string>>;
  /** The mini-program source folder; defaults to this app's `src`. */
  root?: string;
}

export interface LoadedMiniPage {
  /** The page instance: `data`, `setData`, `route`, and every method and field of the options. */
  readonly instance: Record<string, unknown>;
  /** The options object the page passed to `Page()`. */
  readonly pageOptions: Readonly<Record<string, unknown>>;
  /** The app instance `getApp()` returns. */
  readonly app: Record<string, unknown>;
  /** A deep copy of `data` after each `setData`, oldest first. */
  readonly dataHistory: Array<Record<string, unknown>>;
  /** The vm context the scripts run in. */
  readonly context: vm.Context;
}

function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

function callHook(target: Record<string, unknown>, name: string, ...args: unknown[]): void {
  const hook = target[name];
  if (typeof hook === 'function') Reflect.apply(hook, target, args);
}

/** Builds an instance from `Page()` / `App()` options: every field but `data` copied on. */
function instantiate(options: Record<string, unknown>): Record<string, unknown> {
  const instance: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (key === 'data') continue;
    const value = options[key];
    instance[key] = typeof value === 'function' ? value : deepCopyIfPlain(value);
  }
  return instance;
}

function deepCopyIfPlain(value: unknown): unknown {
  try {
    return deepCopy(value);
  } catch {
    return value;
  }
}

/** Runs the app (optionally) and one page in a fresh vm context. */
export async function loadMiniPage(options: LoadMiniPageOptions): Promise<LoadedMiniPage> {
  const root = options.root ?? MINIPROGRAM_ROOT;
  const withApp = options.withApp ?? true;
  const [appCode, pageCode] = await Promise.all([
    withApp ? bundleMiniProgramScript('app.ts', root) : Promise.resolve(''),
    bundleMiniProgramScript(`${options.route}.ts`, root),
  ]);

  // A holder rather than two `let`s: the globals below fill it from inside the vm.
  const registered: { app: Record<string, unknown> | null; page: Record<string, unknown> | null } = {
    app: null,
    page: null,
  };
  const pages: Array<Record<string, unknown>> = [];

  const globals = {
    my: options.my,
    App(appOptions: unknown): void {
      if (registered.app !== null) throw new Error('App() called twice');
      registered.app = instantiate(isRecord(appOptions) ? appOptions : {});
    },
    getApp(): Record<string, unknown> | undefined {
      return registered.app ?? undefined;
    },
    Page(options: unknown): void {
      if (registered.page !== null) throw new Error('Page() called twice in one page script');
      if (!isRecord(options)) throw new TypeError('Page() needs an options object');
      registered.page = options;
    },
    getCurrentPages(): Array<Record<string, unknown>> {
      return [...pages];
    },
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
  };
  const context = vm.createContext(globals);

  if (withApp) {
    vm.runInContext(appCode, context, { filename: `${root}/app.ts (bundled)` });
  }
  const appInstance: Record<string, unknown> = registered.app ?? { globalData: {} };
  registered.app = appInstance;
  if (!isRecord(appInstance['globalData'])) appInstance['globalData'] = {};
  options.prepareApp?.(appInstance);
  if (withApp) {
    callHook(appInstance, 'onLaunch', { query: {}, scene: 1000, path: options.route, referrerInfo: {} });
    callHook(appInstance, 'onShow', { query: {}, scene: 1000, path: options.route, referrerInfo: {} });
  }

  vm.runInContext(pageCode, context, { filename: `${root}/${options.route}.ts (bundled)` });
  const captured = registered.page;
  if (captured === null) throw new Error(`${options.route}.ts did not call Page()`);

  const instance = instantiate(captured);
  const initial = typeof captured['data'] === 'function' ? Reflect.apply(captured['data'], undefined, []) : captured['data'];
  const data: Record<string, unknown> = isRecord(initial) ? deepCopy(initial) : {};
  const dataHistory: Array<Record<string, unknown>> = [];
  instance['data'] = data;
  instance['route'] = options.route;
  instance['setData'] = (patch: unknown, callback?: unknown): void => {
    if (!isRecord(patch)) throw new TypeError('setData needs an object');
    applyDataPatch(data, patch);
    dataHistory.push(deepCopy(data));
    if (typeof callback === 'function') setImmediate(() => Reflect.apply(callback, instance, []));
  };
  instance['$batchedUpdates'] = (callback: unknown): void => {
    if (typeof callback === 'function') Reflect.apply(callback, instance, []);
  };
  pages.push(instance);

  callHook(instance, 'onLoad', { ...(options.query ?? {}) });
  callHook(instance, 'onShow');
  callHook(instance, 'onReady');

  return { instance, pageOptions: captured, app: appInstance, dataHistory, context };
}
