// A minimal Douyin mini-program runtime in a `node:vm` context: the globals
// `tt`, `App`, `getApp`, `Page`, `getCurrentPages` (plus `console` and the
// timers; no `require`, `process` or `fetch`: page code that needs them would
// fail here as it would on a phone), app.ts run first, then the page.
//
// The scripts are the REAL src/ code, bundled the way the Douyin IDE's
// TypeScript plugin compiles it (one script per entry, imports inlined):
// esbuild, iife, es2018, the Douyin globals left free.
//
// `Page(options)` is captured and instantiated as Douyin does: `data` copied,
// every other field and method copied on, `route`, and `setData(patch)` that
// updates `this.data` (keys may be paths: `a.b`, `list[0]`); then `onLoad`,
// `onShow`, `onReady`.
import vm from 'node:vm';
import { resolve, join } from 'node:path';
import { buildSync } from 'esbuild';

/** The mini-program source folder (`miniprogramRoot` in project.config.json). */
export const MINIPROGRAM_ROOT = resolve(__dirname, '..', '..', 'src');

const bundles = new Map<string, string>();

/** `entry` (relative to src/) as one script; cached per process. */
export function bundledScript(entry: string): string {
  const cached = bundles.get(entry);
  if (cached !== undefined) return cached;
  const result = buildSync({ entryPoints: [join(MINIPROGRAM_ROOT, entry)], bundle: true, write: false, format: 'iife', platform: 'neutral', target: 'es2018', charset: 'utf8', logLevel: 'silent' });
  const text = result.outputFiles[0]?.text;
  if (text === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  bundles.set(entry, text);
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `path` (`a`, `a.b`, `list[0].x`) in `target` as setData does. */
function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, name, index]) => (index === undefined ? (name ?? '') : Number(index)));
  let container: object = target;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      Reflect.set(container, segment, value);
      return;
    }
    const next: unknown = Reflect.get(container, segment);
    if (typeof next === 'object' && next !== null) {
      container = next;
      return;
    }
    const created: object = typeof segments[i + 1] === 'number' ? [] : {};
    Reflect.set(container, segment, created);
    container = created;
  });
}

export interface LoadedDouyinPage {
  /** The page instance: `data`, `setData`, `route`, every method of the options. */
  readonly instance: Record<string, unknown>;
  /** The live data (what `this.data` is in page code). */
  readonly data: Record<string, unknown>;
  /** Calls page method `name` with `event`, as the framework does for `bind*="name"`. */
  call(name: string, event: unknown): void;
}

export interface LoadDouyinPageOptions {
  /** The global `tt`. */
  readonly tt: Record<string, unknown>;
  /** What the test lays over `getApp().globalData.config` before the page loads. */
  readonly config: Record<string, unknown>;
  /** The page, as app.json lists it (default `pages/phone/phone`). */
  readonly route?: string;
}

/** Runs app.ts and the page in a fresh vm context, then the page's load lifecycle. */
export function loadDouyinPage(options: LoadDouyinPageOptions): LoadedDouyinPage {
  const route = options.route ?? 'pages/phone/phone';
  const registered: { app: Record<string, unknown> | undefined; page: Record<string, unknown> | undefined } = { app: undefined, page: undefined };
  const pages: Array<Record<string, unknown>> = [];
  const context = vm.createContext({
    tt: options.tt,
    App(appOptions: unknown): void {
      if (registered.app !== undefined) throw new Error('App() was called twice');
      registered.app = isRecord(appOptions) ? { ...appOptions } : {};
    },
    getApp: (): Record<string, unknown> | undefined => registered.app,
    Page(pageOptions: unknown): void {
      if (registered.page !== undefined) throw new Error('Page() was called twice in one page script');
      if (!isRecord(pageOptions)) throw new TypeError('Page() needs an options object');
      registered.page = pageOptions;
    },
    getCurrentPages: (): Array<Record<string, unknown>> => [...pages],
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
  });
  vm.runInContext(bundledScript('app.ts'), context, { filename: 'app.ts (bundled)' });
  const app = registered.app ?? {};
  registered.app = app;
  const globalData = isRecord(app['globalData']) ? app['globalData'] : {};
  app['globalData'] = { ...globalData, config: { ...(isRecord(globalData['config']) ? globalData['config'] : {}), ...options.config } };

  vm.runInContext(bundledScript(`${route}.ts`), context, { filename: `${route}.ts (bundled)` });
  const captured = registered.page;
  if (captured === undefined) throw new Error(`${route}.ts did not call Page()`);
  const instance: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(captured)) if (key !== 'data') instance[key] = value;
  const data: Record<string, unknown> = isRecord(captured['data']) ? (JSON.parse(JSON.stringify(captured['data'])) as Record<string, unknown>) : {};
  instance['data'] = data;
  instance['route'] = route;
  instance['setData'] = (patch: unknown): void => {
    if (!isRecord(patch)) throw new TypeError('setData needs an object');
    for (const [path, value] of Object.entries(patch)) setAtPath(data, path, value);
  };
  pages.push(instance);
  const call = (name: string, event?: unknown): void => {
    const method = instance[name];
    if (typeof method !== 'function') throw new Error(`the page has no method ${name}()`);
    Reflect.apply(method, instance, event === undefined ? [] : [event]);
  };
  for (const hook of ['onLoad', 'onShow', 'onReady']) if (typeof instance[hook] === 'function') call(hook, hook === 'onLoad' ? {} : undefined);
  return { instance, data, call };
}
