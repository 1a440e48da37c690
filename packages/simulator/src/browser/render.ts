/**
 * Draws a compiled .axml template into DOM nodes for the page's current
 * data, and wires its events to the page's methods with Alipay-like event
 * objects. The whole page is redrawn on every setData: the pages this
 * simulator serves are small, and a full redraw cannot go stale.
 *
 * view -> <div class="pk-view">, text -> <span class="pk-text">,
 * button -> <button class="pk-button">, image -> <img class="pk-image">,
 * input -> <input class="pk-input"> (a text field: `value`, `placeholder`,
 * `maxlength`, `disabled`, `password`, `type` as the keyboard hint, `focus`;
 * events input `{value, cursor}`, confirm on Enter `{value}`, focus and blur
 * `{value}`), block -> its children only. The page host keeps the focus and
 * the caret of a focused input across redraws (page-host.ts).
 */
import { evaluateInterpolation, toText, type Interpolation, type Scope } from '../template/expression';
import type { CompiledAttribute, CompiledElement, CompiledEvent, CompiledNode, CompiledTemplate, SupportedEvent } from '../template/compile-template';
import { convertRpx } from '../template/convert-acss';
import { DIALECTS } from '../template/dialect';
import { TemplateError } from '../template/template-error';

/** `event.target` / `event.currentTarget` as Alipay gives them. */
export interface EventTargetInfo {
  readonly id: string;
  readonly dataset: Readonly<Record<string, unknown>>;
}

/** The object a page handler receives. */
export interface MiniProgramEvent {
  /** The event's name: `getAuthorize` on Alipay, lower case on WeChat and Douyin (`getphonenumber`). */
  readonly type: string;
  readonly timeStamp: number;
  readonly target: EventTargetInfo;
  readonly currentTarget: EventTargetInfo;
  readonly detail: unknown;
}

/** Alipay's onError detail when the user refuses the consent sheet. */
export interface AuthorizationRefusal {
  readonly error: number;
  readonly errorMessage: string;
}

export type AuthorizationAnswer = { readonly allowed: true } | { readonly allowed: false; readonly refusal: AuthorizationRefusal };

export interface RenderHooks {
  /** Calls page method `handler` with `event`; `where` names the attribute for error messages. */
  callHandler(handler: string, event: MiniProgramEvent, where: { readonly attribute: string; readonly line: number }): void;
  /** A getAuthorize button was tapped: ask the user (the consent sheet). */
  requestAuthorization(scope: string): Promise<AuthorizationAnswer>;
  /**
   * A WeChat or Douyin `open-type="getPhoneNumber"` button was tapped: ask the
   * user and resolve with the event `detail` (`{errMsg: 'getPhoneNumber:ok', code, ...}`
   * or the client's refusal, `getPhoneNumber:fail user deny` on WeChat,
   * `getPhoneNumber:fail auth deny` on Douyin); undefined fires nothing.
   * Only the WeChat and Douyin simulators provide it.
   */
  requestPhoneNumber?(): Promise<unknown>;
  /** Errors raised inside event listeners (they cannot propagate to the caller of render). */
  reportError(error: unknown): void;
}

const IMAGE_MODES: Readonly<Record<string, string>> = {
  scaleToFill: 'fill',
  aspectFit: 'contain',
  aspectFill: 'cover',
  widthFix: 'contain',
  heightFix: 'contain',
};

/** An input's `type` as the keyboard it asks for (the field stays a text field). */
const INPUT_MODES: Readonly<Record<string, string>> = {
  text: 'text',
  number: 'numeric',
  digit: 'decimal',
  idcard: 'text',
};

/** `data-user-id` -> `userId`, as Alipay builds `dataset`. */
export function datasetKey(attribute: string): string {
  return attribute.slice('data-'.length).replace(/-([a-z])/g, (_whole, letter: string) => letter.toUpperCase());
}

/** A boolean attribute: bare means true; `"false"`, `""` and falsy values mean false. */
function flag(attribute: CompiledAttribute, scope: Scope): boolean {
  if (attribute.bare) return true;
  const value = evaluateInterpolation(attribute.value, scope);
  if (typeof value === 'string') return value !== '' && value !== 'false';
  return Boolean(value);
}

function text(value: Interpolation, scope: Scope): string {
  return toText(evaluateInterpolation(value, scope));
}

function withLocals(scope: Scope, entries: ReadonlyArray<readonly [string, unknown]>): Scope {
  const locals = new Map(scope.locals);
  for (const [name, value] of entries) locals.set(name, value);
  return { locals, data: scope.data };
}

class Renderer {
  /** The id and dataset of every element drawn, for `event.target`. */
  private readonly targets = new WeakMap<Element, EventTargetInfo>();

  constructor(
    private readonly template: CompiledTemplate,
    private readonly hooks: RenderHooks,
    private readonly startedAt: number,
  ) {}

  render(data: unknown): Node[] {
    const out: Node[] = [];
    this.renderNodes(this.template.nodes, { locals: new Map(), data }, out);
    return out;
  }

  private fail(message: string, line: number, subject: string): TemplateError {
    return new TemplateError(message, { line, subject, file: this.template.file });
  }

  private renderNodes(nodes: readonly CompiledNode[], scope: Scope, out: Node[]): void {
    // Whether a branch of the current a:if / a:elif / a:else chain was drawn.
    let branchTaken = false;
    for (const node of nodes) {
      if (node.kind === 'text') {
        out.push(document.createTextNode(text(node.content, scope)));
        continue;
      }
      const condition = node.condition;
      if (node.loop !== undefined) {
        // a:for comes first; an a:if on the same element is then tested per item.
        this.renderLoop(node, scope, out);
        branchTaken = false;
        continue;
      }
      if (condition === undefined) {
        this.renderElement(node, scope, out);
        continue;
      }
      if (condition.kind === 'if') branchTaken = false;
      if (branchTaken) continue;
      if (condition.kind === 'else' || evaluateInterpolation(condition.test, scope)) {
        branchTaken = true;
        this.renderElement(node, scope, out);
      }
    }
  }

  private renderLoop(node: CompiledElement, scope: Scope, out: Node[]): void {
    const loop = node.loop;
    if (loop === undefined) return;
    const items = evaluateInterpolation(loop.items, scope);
    if (items === undefined || items === null) return;
    if (!Array.isArray(items)) {
      const directive = `${DIALECTS[this.template.dialect].directivePrefix}for`;
      throw this.fail(`${directive}="${loop.items.source}" on <${node.tag}> needs an array, but got ${typeof items}`, node.line, directive);
    }
    const condition = node.condition;
    items.forEach((item: unknown, index) => {
      const itemScope = withLocals(scope, [
        [loop.itemName, item],
        [loop.indexName, index],
      ]);
      if (condition !== undefined && condition.kind === 'if' && !evaluateInterpolation(condition.test, itemScope)) return;
      this.renderElement(node, itemScope, out);
    });
  }

  private create(node: CompiledElement): HTMLElement {
    switch (node.tag) {
      case 'view':
        return document.createElement('div');
      case 'text':
        return document.createElement('span');
      case 'button': {
        const button = document.createElement('button');
        button.type = 'button';
        return button;
      }
      case 'image':
        return document.createElement('img');
      case 'input': {
        const input = document.createElement('input');
        input.type = 'text';
        return input;
      }
      case 'block':
        throw this.fail('<block> has no element of its own', node.line, '<block>');
    }
  }

  private renderElement(node: CompiledElement, scope: Scope, out: Node[]): void {
    if (node.tag === 'block') {
      this.renderNodes(node.children, scope, out);
      return;
    }
    const element = this.create(node);
    const classes = [`pk-${node.tag}`];
    const dataset: Record<string, unknown> = {};
    let openType = '';
    let authScope = '';
    for (const attribute of node.attributes) {
      const { name } = attribute;
      if (name.startsWith('data-')) {
        dataset[datasetKey(name)] = attribute.bare ? true : evaluateInterpolation(attribute.value, scope);
        continue;
      }
      switch (name) {
        case 'class':
          classes.push(...text(attribute.value, scope).split(/\s+/).filter((c) => c !== ''));
          break;
        case 'style':
          element.setAttribute('style', convertRpx(text(attribute.value, scope)));
          break;
        case 'id':
          element.id = text(attribute.value, scope);
          break;
        case 'hidden':
          element.hidden = flag(attribute, scope);
          break;
        case 'aria-label':
          element.setAttribute('aria-label', text(attribute.value, scope));
          break;
        case 'open-type':
          openType = text(attribute.value, scope);
          element.setAttribute('open-type', openType);
          break;
        case 'scope':
          authScope = text(attribute.value, scope);
          element.setAttribute('scope', authScope);
          break;
        case 'type':
          if (element instanceof HTMLInputElement) element.inputMode = INPUT_MODES[text(attribute.value, scope)] ?? 'text';
          else classes.push(`pk-button--${text(attribute.value, scope) || 'default'}`);
          break;
        case 'value':
          if (element instanceof HTMLInputElement) element.value = text(attribute.value, scope);
          break;
        case 'placeholder':
          if (element instanceof HTMLInputElement) element.placeholder = text(attribute.value, scope);
          break;
        case 'maxlength': {
          // Alipay and WeChat: 140 by default, -1 for no limit.
          const max = attribute.bare ? 140 : Number(text(attribute.value, scope));
          if (element instanceof HTMLInputElement && Number.isInteger(max) && max >= 0) element.maxLength = max;
          break;
        }
        case 'password':
          if (element instanceof HTMLInputElement && flag(attribute, scope)) element.type = 'password';
          break;
        case 'focus':
          if (element instanceof HTMLInputElement && flag(attribute, scope)) element.dataset['pkFocus'] = 'true';
          break;
        case 'confirm-type':
          if (element instanceof HTMLInputElement) element.enterKeyHint = text(attribute.value, scope) || 'done';
          break;
        case 'name':
          if (element instanceof HTMLInputElement) element.name = text(attribute.value, scope);
          break;
        case 'size':
          classes.push(`pk-button--${text(attribute.value, scope) || 'default'}`);
          break;
        case 'plain':
          if (flag(attribute, scope)) classes.push('pk-button--plain');
          break;
        case 'disabled':
          if (element instanceof HTMLButtonElement || element instanceof HTMLInputElement) element.disabled = flag(attribute, scope);
          break;
        case 'loading':
          if (flag(attribute, scope)) classes.push('pk-button--loading');
          break;
        case 'src':
          if (element instanceof HTMLImageElement) element.src = text(attribute.value, scope);
          break;
        case 'mode': {
          const mode = text(attribute.value, scope);
          element.style.objectFit = IMAGE_MODES[mode] ?? 'fill';
          if (mode === 'widthFix') element.style.height = 'auto';
          break;
        }
        case 'number-of-lines': {
          const lines = Number(text(attribute.value, scope));
          if (lines > 0) {
            element.style.setProperty('-webkit-line-clamp', String(lines));
            classes.push('pk-text--clamped');
          }
          break;
        }
        default:
          // hover-class, aria-role, selectable, lazy-load: accepted, no visible effect here.
          break;
      }
    }
    element.className = classes.join(' ');
    this.targets.set(element, { id: element.id, dataset });
    this.bindEvents(element, node.events, scope, openType, authScope);
    const children: Node[] = [];
    this.renderNodes(node.children, scope, children);
    element.append(...children);
    out.push(element);
  }

  /** The nearest drawn element at or above `node`, for `event.target`. */
  private targetOf(node: EventTarget | null, fallback: EventTargetInfo): EventTargetInfo {
    let current = node instanceof Node ? node : null;
    while (current !== null) {
      if (current instanceof Element) {
        const info = this.targets.get(current);
        if (info !== undefined) return info;
      }
      current = current.parentNode;
    }
    return fallback;
  }

  private bindEvents(element: HTMLElement, events: readonly CompiledEvent[], scope: Scope, openType: string, authScope: string): void {
    const current = this.targets.get(element) ?? { id: '', dataset: {} };
    const handlersFor = (event: SupportedEvent): Array<{ binding: CompiledEvent; handler: string }> =>
      events.filter((e) => e.event === event).map((binding) => ({ binding, handler: text(binding.handler, scope) }));
    const fire = (event: SupportedEvent, detail: unknown, target: EventTargetInfo): boolean => {
      let caught = false;
      for (const { binding, handler } of handlersFor(event)) {
        const payload: MiniProgramEvent = {
          type: this.template.dialect === 'alipay' ? event : event.toLowerCase(),
          timeStamp: Math.round(performance.now() - this.startedAt),
          target,
          currentTarget: current,
          detail,
        };
        this.hooks.callHandler(handler, payload, { attribute: binding.attribute, line: binding.line });
        if (binding.catches) caught = true;
      }
      return caught;
    };

    const authorizes = element instanceof HTMLButtonElement && openType === 'getAuthorize';
    const asksPhoneNumber = element instanceof HTMLButtonElement && openType === 'getPhoneNumber' && this.template.dialect !== 'alipay';
    if (asksPhoneNumber) {
      element.addEventListener('click', (domEvent) => {
        try {
          const target = this.targetOf(domEvent.target, current);
          const rect = element.getBoundingClientRect();
          const detail = { x: Math.round(domEvent.clientX - rect.left), y: Math.round(domEvent.clientY - rect.top) };
          fire('tap', detail, target);
        } catch (err) {
          this.hooks.reportError(err);
        }
        // The open-type button's own events never bubble.
        domEvent.stopPropagation();
        const asked = this.hooks.requestPhoneNumber?.();
        if (asked === undefined) {
          this.hooks.reportError(new TemplateError('open-type="getPhoneNumber" is only simulated on the WeChat and Douyin tabs', { subject: 'open-type', file: this.template.file }));
          return;
        }
        asked.then(
          (detail: unknown) => {
            try {
              if (detail !== undefined) fire('getPhoneNumber', detail, current);
            } catch (err) {
              this.hooks.reportError(err);
            }
          },
          (err: unknown) => this.hooks.reportError(err),
        );
      });
      return;
    }
    if (events.some((e) => e.event === 'tap') || authorizes) {
      element.addEventListener('click', (domEvent) => {
        try {
          const target = this.targetOf(domEvent.target, current);
          const rect = element.getBoundingClientRect();
          const detail = { x: Math.round(domEvent.clientX - rect.left), y: Math.round(domEvent.clientY - rect.top) };
          if (fire('tap', detail, target)) domEvent.stopPropagation();
        } catch (err) {
          this.hooks.reportError(err);
        }
        if (!authorizes) return;
        // The open-type button's own events never bubble.
        domEvent.stopPropagation();
        this.hooks.requestAuthorization(authScope).then(
          (answer) => {
            try {
              if (answer.allowed) fire('getAuthorize', {}, current);
              else fire('error', answer.refusal, current);
            } catch (err) {
              this.hooks.reportError(err);
            }
          },
          (err: unknown) => this.hooks.reportError(err),
        );
      });
    }
    if (element instanceof HTMLInputElement) {
      const guarded = (run: () => void): void => {
        try {
          run();
        } catch (err) {
          this.hooks.reportError(err);
        }
      };
      element.addEventListener('input', () => guarded(() => fire('input', { value: element.value, cursor: element.selectionStart ?? element.value.length }, current)));
      element.addEventListener('keydown', (domEvent) => {
        if (domEvent.key !== 'Enter' || domEvent.isComposing) return;
        guarded(() => fire('confirm', { value: element.value }, current));
      });
      // Not while the page host redraws (it moves the focus to the new element): only the user's focus counts.
      const byUser = (): boolean => element.closest('[data-pk-redrawing]') === null;
      element.addEventListener('focus', () => byUser() && guarded(() => fire('focus', { value: element.value }, current)));
      element.addEventListener('blur', () => byUser() && guarded(() => fire('blur', { value: element.value }, current)));
      return;
    }
    if (element instanceof HTMLImageElement && events.some((e) => e.event === 'error')) {
      element.addEventListener('error', () => {
        try {
          fire('error', { errMsg: `image failed to load: ${element.src}` }, current);
        } catch (err) {
          this.hooks.reportError(err);
        }
      });
    }
  }
}

/**
 * Draws `template` for `data`; returns the top-level DOM nodes. Throws a
 * {@link TemplateError} for data the template cannot draw (an a:for over
 * something that is not an array).
 */
export function renderTemplate(template: CompiledTemplate, data: unknown, hooks: RenderHooks, startedAt = 0): Node[] {
  return new Renderer(template, hooks, startedAt).render(data);
}
