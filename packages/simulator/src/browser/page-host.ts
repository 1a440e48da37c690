/**
 * Runs one registered `Page({...})` the way the Alipay client does: builds
 * the instance (options copied on, `data` from the object or function),
 * calls onLoad -> onShow -> first render -> onReady, and redraws after
 * every `setData` (batched per microtask, callbacks after the redraw).
 *
 * Or one WeChat `Component({...})` used as a page (`kind: 'component'`): the
 * instance gets `methods`, `data` and `properties` (the same object, as in
 * WeChat), and runs created -> attached -> onLoad -> onShow -> first render
 * -> ready -> onReady; destroy runs onHide -> onUnload -> detached.
 * Lifetimes come from `lifetimes` or the top-level legacy keys; component
 * features the simulator does not play (observers, behaviors, relations,
 * properties with fields ...) fail loudly.
 */
import type { CompiledTemplate } from '../template/compile-template';
import { TemplateError } from '../template/template-error';
import { SimulatorUnsupportedError } from './error-panel';
import { renderTemplate, type AuthorizationAnswer, type MiniProgramEvent } from './render';
import { isRecord } from './records';

export type PageOptions = Readonly<Record<string, unknown>>;

/** What registered the page: `Page({...})` or (WeChat) `Component({...})`. */
export type HostKind = 'page' | 'component';

export interface PageHostHooks {
  requestAuthorization(scope: string): Promise<AuthorizationAnswer>;
  /** The WeChat getPhoneNumber button (see RenderHooks.requestPhoneNumber). */
  requestPhoneNumber?(): Promise<unknown>;
  reportError(error: unknown): void;
}

/** The Component options the simulator understands; anything else fails loudly. */
const COMPONENT_KEYS = ['data', 'methods', 'lifetimes', 'pageLifetimes', 'properties', 'options', 'created', 'attached', 'ready', 'moved', 'detached', 'error'] as const;
/** The Component lifetimes the host calls (moved and error never happen here). */
type ComponentLifetime = 'created' | 'attached' | 'ready' | 'detached';

/** Checks a Component's options against what the simulator plays. */
function checkComponentOptions(options: PageOptions, route: string): void {
  for (const key of Object.keys(options)) {
    if (!(COMPONENT_KEYS as readonly string[]).includes(key)) {
      throw new SimulatorUnsupportedError(`${route}: Component({ ${key} }) is not simulated (simulated: ${COMPONENT_KEYS.join(', ')})`);
    }
  }
  const properties = options['properties'];
  if (properties !== undefined && (!isRecord(properties) || Object.keys(properties).length > 0)) {
    throw new SimulatorUnsupportedError(`${route}: Component properties are not simulated (a page gets none)`);
  }
  for (const group of ['methods', 'lifetimes', 'pageLifetimes'] as const) {
    const value = options[group];
    if (value !== undefined && !isRecord(value)) throw new SimulatorUnsupportedError(`${route}: Component({ ${group} }) must be an object`);
  }
  const pageLifetimes = options['pageLifetimes'];
  for (const key of Object.keys(isRecord(pageLifetimes) ? pageLifetimes : {})) {
    if (key !== 'show' && key !== 'hide') throw new SimulatorUnsupportedError(`${route}: pageLifetimes.${key} is not simulated (simulated: show, hide)`);
  }
}

/** Splits `a.b[0].c` into `['a', 'b', 0, 'c']`. */
export function splitDataPath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const [, name, index] = match;
    if (index !== undefined) segments.push(Number(index));
    else if (name !== undefined) segments.push(name);
  }
  return segments;
}

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Sets `path` in `root` as setData does, creating objects and arrays on the way. */
export function setDataPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = splitDataPath(path);
  let target: Record<string | number, unknown> = root;
  segments.forEach((segment, i) => {
    if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') {
      throw new TemplateError(`setData path "${path}" is not allowed`);
    }
    if (i === segments.length - 1) {
      target[segment] = value;
      return;
    }
    const next = target[segment];
    if (isContainer(next)) {
      target = next;
      return;
    }
    const created: unknown = typeof segments[i + 1] === 'number' ? [] : {};
    target[segment] = created;
    if (isContainer(created)) target = created;
  });
}

function cloneData(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const copy: unknown = structuredClone(value);
  if (!isContainer(copy) || Array.isArray(copy)) throw new TemplateError('the page\'s data must be an object');
  return copy;
}

/** Where the user is typing: which input of the screen (by position) and where the caret is. */
interface InputFocus {
  readonly index: number;
  readonly start: number | null;
  readonly end: number | null;
}

function focusedInput(screen: HTMLElement): InputFocus | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLInputElement) || !screen.contains(active)) return undefined;
  return { index: [...screen.querySelectorAll('input')].indexOf(active), start: active.selectionStart, end: active.selectionEnd };
}

/**
 * A redraw replaces every element, which would drop the focus at each
 * keystroke of a page that keeps its input's value in data: the input at the
 * same position gets the focus (and the caret) back. Otherwise an input with
 * `focus` takes it.
 */
function restoreFocus(screen: HTMLElement, before: InputFocus | undefined): void {
  const inputs = [...screen.querySelectorAll('input')];
  const target = before === undefined ? inputs.find((input) => input.dataset['pkFocus'] === 'true') : inputs[before.index];
  if (target === undefined || target.disabled) return;
  if (document.activeElement !== target) target.focus({ preventScroll: true });
  if (before !== undefined && before.start !== null && before.end !== null) {
    const length = target.value.length;
    target.setSelectionRange(Math.min(before.start, length), Math.min(before.end, length));
  }
}

export class PageHost {
  /** The page instance: what `this` is inside the page's methods. */
  readonly instance: Record<string, unknown> = {};
  private data: Record<string, unknown>;
  private renderQueued = false;
  private afterRender: Array<() => void> = [];
  private readonly startedAt = performance.now();
  private destroyed = false;

  constructor(
    private readonly options: PageOptions,
    readonly route: string,
    private readonly template: CompiledTemplate,
    private readonly screen: HTMLElement,
    private readonly hooks: PageHostHooks,
    private readonly kind: HostKind = 'page',
  ) {
    if (kind === 'component') {
      checkComponentOptions(options, route);
      const methods = options['methods'];
      for (const [key, value] of Object.entries(isRecord(methods) ? methods : {})) this.instance[key] = value;
    } else {
      for (const [key, value] of Object.entries(options)) {
        if (key !== 'data') this.instance[key] = value;
      }
    }
    const initial = options['data'];
    this.data = typeof initial === 'function' ? cloneData(Reflect.apply(initial, this.instance, [])) : cloneData(initial);
    this.instance['data'] = this.data;
    this.instance['route'] = route;
    this.instance['setData'] = (patch: unknown, callback?: unknown): void => this.setData(patch, callback);
    if (kind === 'component') {
      // In WeChat `this.properties` is `this.data`; `is` names the component.
      this.instance['properties'] = this.data;
      this.instance['is'] = route;
    }
  }

  /** A Component lifetime: `lifetimes.x` wins over the legacy top-level `x`, as in WeChat. */
  private callLifetime(name: ComponentLifetime): void {
    const lifetimes = this.options['lifetimes'];
    const fromGroup = isRecord(lifetimes) ? lifetimes[name] : undefined;
    const method = typeof fromGroup === 'function' ? fromGroup : this.options[name];
    if (typeof method === 'function') Reflect.apply(method, this.instance, []);
  }

  private callPageLifetime(name: 'show' | 'hide'): void {
    const pageLifetimes = this.options['pageLifetimes'];
    const method = isRecord(pageLifetimes) ? pageLifetimes[name] : undefined;
    if (typeof method === 'function') Reflect.apply(method, this.instance, []);
  }

  /** Checks that every method the template names exists, then runs the lifecycle. */
  start(query: Readonly<Record<string, string>> = {}): void {
    for (const { name, attribute, line } of this.template.handlers) {
      if (typeof this.instance[name] !== 'function') {
        throw new TemplateError(`${attribute}="${name}" names a method the page does not define`, {
          line,
          subject: attribute,
          file: this.template.file,
        });
      }
    }
    if (this.kind === 'component') {
      this.callLifetime('created');
      this.callLifetime('attached');
    }
    this.callLifecycle('onLoad', [query]);
    this.callLifecycle('onShow', []);
    if (this.kind === 'component') this.callPageLifetime('show');
    this.renderNow();
    if (this.kind === 'component') this.callLifetime('ready');
    this.callLifecycle('onReady', []);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.callLifecycle('onHide', []);
    if (this.kind === 'component') this.callPageLifetime('hide');
    this.callLifecycle('onUnload', []);
    if (this.kind === 'component') this.callLifetime('detached');
    this.destroyed = true;
  }

  /** The page's current data (the live object, as `this.data` in page code). */
  get currentData(): Readonly<Record<string, unknown>> {
    return this.data;
  }

  private callLifecycle(name: string, args: unknown[]): void {
    const method = this.instance[name];
    if (typeof method === 'function') Reflect.apply(method, this.instance, args);
  }

  /** Calls the page method an event attribute names. */
  callHandler(name: string, event: MiniProgramEvent, where: { readonly attribute: string; readonly line: number }): void {
    if (this.destroyed) return;
    const method = this.instance[name];
    if (typeof method !== 'function') {
      throw new TemplateError(`${where.attribute}="${name}" names a method the page does not define`, {
        line: where.line,
        subject: where.attribute,
        file: this.template.file,
      });
    }
    Reflect.apply(method, this.instance, [event]);
  }

  setData(patch: unknown, callback?: unknown): void {
    if (!isContainer(patch) || Array.isArray(patch)) throw new TemplateError('setData needs an object');
    for (const [path, value] of Object.entries(patch)) setDataPath(this.data, path, value);
    if (typeof callback === 'function') this.afterRender.push(() => Reflect.apply(callback, this.instance, []));
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      this.renderNow();
    });
  }

  private renderNow(): void {
    if (this.destroyed) return;
    try {
      const nodes = renderTemplate(
        this.template,
        this.data,
        {
          callHandler: (name, event, where) => this.callHandler(name, event, where),
          requestAuthorization: (scope) => this.hooks.requestAuthorization(scope),
          ...(this.hooks.requestPhoneNumber === undefined ? {} : { requestPhoneNumber: (): Promise<unknown> => this.hooks.requestPhoneNumber?.() ?? Promise.resolve(undefined) }),
          reportError: (error) => this.hooks.reportError(error),
        },
        this.startedAt,
      );
      const focus = focusedInput(this.screen);
      // The focus moves because of the redraw, not the user: the renderer fires no focus or blur for it.
      this.screen.dataset['pkRedrawing'] = 'true';
      try {
        this.screen.replaceChildren(...nodes);
        restoreFocus(this.screen, focus);
      } finally {
        delete this.screen.dataset['pkRedrawing'];
      }
    } catch (err) {
      this.hooks.reportError(err);
    }
    const callbacks = this.afterRender;
    this.afterRender = [];
    for (const callback of callbacks) {
      try {
        callback();
      } catch (err) {
        this.hooks.reportError(err);
      }
    }
  }
}
