/**
 * Test harness for the Alipay mini-program: runs the REAL page code (bundled
 * from src/ with esbuild) in a `node:vm` context against a fake Alipay client
 * whose `my.request` makes real HTTP requests. See README.md beside this file.
 *
 * @example
 * ```ts
 * const loaded = await loadPhonePage({
 *   config: { serverUrl: server.url, appId: '2021000000000000' },
 *   my: { phoneNumberResponse: payload },
 * });
 * await loaded.trigger('onGetAuthorize');
 * expect(loaded.page.data.status).toBe('success');
 * expect(loaded.my.requests[0]?.body).toBe(payload);
 * ```
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '@phonekit/core';
import type { PhonekitConfig } from '../../src/config';
import type { PhonePageData, PhonePageExtraThis, PhonePageMethods } from '../../src/lib/phone-view';
import { parseAxml } from './axml';
import type { AxmlElement } from './axml';
import { MINIPROGRAM_ROOT } from './bundle';
import { createFakeMy } from './fake-my';
import type { FakeMy, FakeMyOptions } from './fake-my';
import { loadMiniPage } from './mini-runtime';
import type { LoadedMiniPage } from './mini-runtime';

export { bundleMiniProgramScript, MINIPROGRAM_ROOT } from './bundle';
export { createFakeMy, PLACEHOLDER_PHONE_RESPONSE } from './fake-my';
export type { AlipayClientError, FakeMy, FakeMyOptions, RecordedRequest, RecordedUiCall } from './fake-my';
export { loadMiniPage } from './mini-runtime';
export type { LoadedMiniPage, LoadMiniPageOptions } from './mini-runtime';
export { applyDataPatch, parseDataPath, setAtPath } from './set-data';
export * from './axml';

/** The phone page's route, as listed in app.json. */
export const PHONE_PAGE_ROUTE = 'pages/phone/phone';

/** The phone page instance as a test sees it: its data, setData, and its handlers. */
export type PhonePageInstance = PhonePageMethods &
  PhonePageExtraThis & {
    data: PhonePageData;
    setData(patch: Record<string, unknown>, callback?: () => void): void;
    readonly route: string;
  };

/** A component event as the framework passes it to a handler. */
export interface MiniProgramEvent {
  type: string;
  timeStamp: number;
  target: { id: string; dataset: Record<string, unknown> };
  currentTarget: { id: string; dataset: Record<string, unknown> };
  detail: unknown;
}

export interface LoadPhonePageOptions {
  /**
   * Overrides merged into `getApp().globalData.config` before the page loads:
   * the page reads its configuration there, on top of src/config.ts defaults.
   */
  config?: Partial<PhonekitConfig>;
  /** How the fake Alipay client behaves (canIUse answers, res.response, HTTP error style...). */
  my?: FakeMyOptions;
  /** The query `onLoad` receives. */
  query?: Readonly<Record<string, string>>;
}

export interface LoadedPhonePage {
  /** The live page instance (`page.data` is updated by every setData). */
  readonly page: PhonePageInstance;
  /** The same instance, untyped: to look up a handler named in the template. */
  readonly instance: Readonly<Record<string, unknown>>;
  /** The fake Alipay client: `my.requests`, `my.phoneNumberCalls`, `my.uiCalls`... */
  readonly my: FakeMy;
  /** The app instance (`app.globalData.config` holds the overrides). */
  readonly app: Record<string, unknown>;
  /** A deep copy of `page.data` after each setData, oldest first. */
  readonly dataHistory: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Resolves once no `my.*` call is in flight and every callback has run. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /**
   * Calls the page method `handler` as the framework does when the template's
   * `on*="handler"` fires (with `this` the page and a framework-shaped event
   * carrying `detail`), then waits for idle.
   */
  trigger(handler: string, detail?: unknown): Promise<void>;
}

/** A framework-shaped event around `detail`. */
export function makeEvent(type: string, detail: unknown = {}): MiniProgramEvent {
  return {
    type,
    timeStamp: Date.now(),
    target: { id: '', dataset: {} },
    currentTarget: { id: '', dataset: {} },
    detail,
  };
}

/** Checks the loaded instance has the phone page's shape before the tests lean on it. */
function assertPhonePage(instance: Record<string, unknown>): asserts instance is Record<string, unknown> & PhonePageInstance {
  const required: ReadonlyArray<keyof PhonePageMethods | 'setData'> = [
    'onGetAuthorize',
    'onGetPhoneNumber',
    'onAuthError',
    'onRetry',
    'onToggleReveal',
    'onEraseAccount',
    'setData',
  ];
  for (const name of required) {
    if (typeof instance[name] !== 'function') throw new Error(`the phone page has no ${name}()`);
  }
  if (!isRecord(instance['data'])) throw new Error('the phone page has no data');
}

/** The event name a handler attribute fires on: `onGetAuthorize` -> `getAuthorize`. */
function eventTypeFor(handler: string): string {
  const name = handler.startsWith('on') ? handler.slice(2) : handler;
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Loads the phone page with a fake Alipay client; see {@link LoadPhonePageOptions}. */
export async function loadPhonePage(options: LoadPhonePageOptions = {}): Promise<LoadedPhonePage> {
  const my = createFakeMy(options.my);
  const loaded: LoadedMiniPage = await loadMiniPage({
    route: PHONE_PAGE_ROUTE,
    my: my.api,
    ...(options.query === undefined ? {} : { query: options.query }),
    prepareApp: (app) => {
      const globalData = isRecord(app['globalData']) ? app['globalData'] : {};
      const existing = isRecord(globalData['config']) ? globalData['config'] : {};
      globalData['config'] = { ...existing, ...(options.config ?? {}) };
      app['globalData'] = globalData;
    },
  });
  const instance = loaded.instance;
  assertPhonePage(instance);

  const waitForIdle = (timeoutMs?: number): Promise<void> => my.waitForIdle(timeoutMs);
  const trigger = async (handler: string, detail?: unknown): Promise<void> => {
    const method = instance[handler];
    if (typeof method !== 'function') throw new Error(`the page has no handler ${handler}()`);
    Reflect.apply(method, instance, [makeEvent(eventTypeFor(handler), detail)]);
    await waitForIdle();
  };

  return {
    page: instance,
    instance,
    my,
    app: loaded.app,
    dataHistory: loaded.dataHistory,
    waitForIdle,
    trigger,
  };
}

/** Reads and parses a page template, e.g. `pages/phone/phone.axml`, from the mini-program root. */
export function loadTemplate(relativePath: string = `${PHONE_PAGE_ROUTE}.axml`): AxmlElement {
  return parseAxml(readFileSync(path.join(MINIPROGRAM_ROOT, relativePath), 'utf8'));
}
