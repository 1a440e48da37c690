/**
 * Turns parsed .axml into a tree the renderer can walk, checking on the way
 * that everything is inside the subset the simulator supports:
 *
 * - tags: view, text, button, image, input, and block (a wrapper for a:if / a:for);
 * - `{{ }}` in text and attribute values (see expression.ts);
 * - a:if / a:elif / a:else, a:for with a:for-item, a:for-index, a:key;
 * - on* / catch* for the events tap, getAuthorize, getPhoneNumber, error,
 *   and on an input: input, confirm, focus, blur;
 * - class, style, id, hidden, data-*, and each tag's own attributes.
 *
 * That is the Alipay dialect (.axml); the WeChat dialect (.wxml) is the same
 * subset written `wx:if`, `wx:for`, `bindtap` / `catchtap`,
 * `bindgetphonenumber`, with `open-type="getPhoneNumber"`, and Douyin's
 * (.ttml) the same again with `tt:` (see dialect.ts).
 *
 * Anything else throws a {@link TemplateError} naming the tag or attribute
 * and its line, which the simulator shows on screen: a page that looks right
 * in the simulator but uses a feature it ignored would be a lie.
 */
import { isDynamic, parseInterpolation, type Interpolation } from './expression';
import { ALIPAY_DIALECT, type DialectName, type TemplateDialect } from './dialect';
import { parseAxml, type AxmlAttribute, type AxmlElement, type AxmlNode } from './parse-axml';
import { TemplateError } from './template-error';

export const SUPPORTED_TAGS = ['view', 'text', 'button', 'image', 'input', 'block'] as const;
export type SupportedTag = (typeof SUPPORTED_TAGS)[number];

export const SUPPORTED_EVENTS = ['tap', 'getAuthorize', 'getPhoneNumber', 'error', 'input', 'confirm', 'focus', 'blur'] as const;

/** The `type` values of an input the simulator plays (a text field each; number, digit and idcard set the keyboard hint). */
export const SUPPORTED_INPUT_TYPES = ['text', 'number', 'digit', 'idcard'] as const;
export type SupportedEvent = (typeof SUPPORTED_EVENTS)[number];

/** Attributes every tag but block accepts (data-*, on*, catch*, a:* are handled apart). */
const COMMON_ATTRIBUTES = ['class', 'style', 'id', 'hidden', 'hover-class', 'aria-label', 'aria-role'] as const;

/** Each tag's own attributes (the button's depend on the dialect). */
function tagAttributes(tag: SupportedTag, dialect: TemplateDialect): readonly string[] {
  switch (tag) {
    case 'text':
      return ['selectable', 'number-of-lines'];
    case 'button':
      return dialect.buttonAttributes;
    case 'image':
      return ['src', 'mode', 'lazy-load'];
    case 'input':
      return ['value', 'type', 'password', 'placeholder', 'maxlength', 'disabled', 'focus', 'confirm-type', 'name'];
    case 'view':
    case 'block':
      return [];
  }
}

/** Which events each tag can raise. */
function tagEvents(tag: SupportedTag, dialect: TemplateDialect): readonly SupportedEvent[] {
  switch (tag) {
    case 'view':
    case 'text':
      return ['tap'];
    case 'button':
      // WeChat and Douyin have no getAuthorize; Alipay accepts onGetPhoneNumber (never fired, see the README).
      return ['tap', ...SUPPORTED_EVENTS.filter((event) => dialect.buttonEvents.includes(event))];
    case 'image':
      return ['tap', 'error'];
    case 'input':
      return ['input', 'confirm', 'focus', 'blur'];
    case 'block':
      return [];
  }
}

export const SUPPORTED_OPEN_TYPES = ALIPAY_DIALECT.openTypes;
export const SUPPORTED_SCOPES = ALIPAY_DIALECT.scopes;

/** The directives without their prefix (`a:if` in Alipay, `wx:if` in WeChat). */
const DIRECTIVES = ['if', 'elif', 'else', 'for', 'for-item', 'for-index', 'key'] as const;
type Directive = (typeof DIRECTIVES)[number];

function isDirective(name: string): name is Directive {
  return (DIRECTIVES as readonly string[]).includes(name);
}

export interface CompiledAttribute {
  readonly name: string;
  readonly value: Interpolation;
  /** Written without a value, e.g. `<button disabled>`. */
  readonly bare: boolean;
  readonly line: number;
}

export interface CompiledEvent {
  /** The attribute as written, e.g. `onGetAuthorize`. */
  readonly attribute: string;
  readonly event: SupportedEvent;
  /** `catch*` stops a tap from reaching the handlers of outer elements. */
  readonly catches: boolean;
  /** The page method's name (may itself be `{{ }}`). */
  readonly handler: Interpolation;
  readonly line: number;
}

export type Condition =
  | { readonly kind: 'if' | 'elif'; readonly test: Interpolation }
  | { readonly kind: 'else' };

export interface Loop {
  readonly items: Interpolation;
  readonly itemName: string;
  readonly indexName: string;
}

export interface CompiledElement {
  readonly kind: 'element';
  readonly tag: SupportedTag;
  readonly line: number;
  readonly condition: Condition | undefined;
  readonly loop: Loop | undefined;
  readonly attributes: readonly CompiledAttribute[];
  readonly events: readonly CompiledEvent[];
  readonly children: readonly CompiledNode[];
}

export interface CompiledText {
  readonly kind: 'text';
  readonly content: Interpolation;
  readonly line: number;
}

export type CompiledNode = CompiledElement | CompiledText;

export interface CompiledTemplate {
  readonly file: string;
  /** Which platform's markup this is (event names and messages differ). */
  readonly dialect: DialectName;
  readonly nodes: readonly CompiledNode[];
  /** Every page method the template names statically, for a start-up check. */
  readonly handlers: ReadonlyArray<{ readonly name: string; readonly attribute: string; readonly line: number }>;
}

function isSupportedTag(tag: string): tag is SupportedTag {
  return (SUPPORTED_TAGS as readonly string[]).includes(tag);
}

/** The supported event an attribute names: exact for Alipay, case-blind for WeChat and Douyin (`getphonenumber`). */
function supportedEvent(name: string, dialect: TemplateDialect): SupportedEvent | undefined {
  if (dialect.name === 'alipay') return SUPPORTED_EVENTS.find((event) => event === name);
  return SUPPORTED_EVENTS.find((event) => event.toLowerCase() === name.toLowerCase());
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Parses a value, re-throwing expression errors with the attribute's line. */
function interpolate(text: string, where: { line: number; subject: string }): Interpolation {
  try {
    return parseInterpolation(text);
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateError(`${where.subject}: ${err.message}`, where);
    throw err;
  }
}

/** `onGetAuthorize` -> { event: 'getAuthorize', catches: false }; undefined when not an event attribute. */
export function readEventAttribute(name: string): { event: string; catches: boolean } | undefined {
  const read = ALIPAY_DIALECT.readEventAttribute(name);
  return read === undefined ? undefined : { ...read };
}

class Compiler {
  readonly handlers: Array<{ name: string; attribute: string; line: number }> = [];

  constructor(private readonly dialect: TemplateDialect) {}

  /** `if` -> `a:if` / `wx:if` / `tt:if`, for messages. */
  private d(directive: Directive): string {
    return `${this.dialect.directivePrefix}${directive}`;
  }

  compileChildren(nodes: readonly AxmlNode[]): CompiledNode[] {
    const compiled: CompiledNode[] = [];
    // The last element that opened or continued an a:if chain, for a:elif / a:else.
    let chainOpen = false;
    for (const node of nodes) {
      if (node.kind === 'text') {
        if (node.text.trim() === '') continue;
        compiled.push({ kind: 'text', content: interpolate(node.text, { line: node.line, subject: 'text' }), line: node.line });
        chainOpen = false;
        continue;
      }
      const element = this.compileElement(node);
      const condition = element.condition;
      if (condition !== undefined && condition.kind !== 'if' && !chainOpen) {
        const directive = this.d(condition.kind === 'elif' ? 'elif' : 'else');
        throw new TemplateError(`${directive} on <${node.tag}> must follow an element with ${this.d('if')} or ${this.d('elif')}`, { line: node.line, subject: directive });
      }
      chainOpen = condition !== undefined && condition.kind !== 'else';
      compiled.push(element);
    }
    return compiled;
  }

  private compileElement(node: AxmlElement): CompiledElement {
    const tag = node.tag;
    if (!isSupportedTag(tag)) {
      throw new TemplateError(
        `<${tag}> is not supported by the simulator (supported: ${SUPPORTED_TAGS.map((t) => `<${t}>`).join(', ')})`,
        { line: node.line, subject: `<${tag}>` },
      );
    }
    const { dialect } = this;
    const allowed = new Set<string>([...(tag === 'block' ? [] : COMMON_ATTRIBUTES), ...tagAttributes(tag, dialect)]);
    const attributes: CompiledAttribute[] = [];
    const events: CompiledEvent[] = [];
    const directives = new Map<Directive, AxmlAttribute>();

    for (const attribute of node.attributes) {
      const { name, line } = attribute;
      const subject = `${name} on <${tag}>`;
      if (name.startsWith(dialect.directivePrefix)) {
        const directive = name.slice(dialect.directivePrefix.length);
        if (!isDirective(directive)) {
          throw new TemplateError(`the directive ${name} is not supported (supported: ${DIRECTIVES.map((d) => this.d(d)).join(', ')})`, { line, subject: name });
        }
        directives.set(directive, attribute);
        continue;
      }
      const eventAttribute = dialect.readEventAttribute(name);
      if (eventAttribute !== undefined) {
        const { catches } = eventAttribute;
        const event = supportedEvent(eventAttribute.event, dialect);
        const here = tagEvents(tag, dialect);
        if (event === undefined || !here.includes(event)) {
          const supported = here.join(', ') || 'none';
          throw new TemplateError(`the event ${name} is not supported on <${tag}> (events here: ${supported})`, { line, subject: name });
        }
        const handler = interpolate(attribute.value.trim(), { line, subject });
        if (!isDynamic(handler)) {
          const handlerName = attribute.value.trim();
          if (!IDENTIFIER.test(handlerName)) {
            throw new TemplateError(`${name}="${handlerName}" must name a page method`, { line, subject: name });
          }
          this.handlers.push({ name: handlerName, attribute: name, line });
        }
        events.push({ attribute: name, event, catches, handler, line });
        continue;
      }
      if (name.startsWith('data-')) {
        attributes.push({ name, value: interpolate(attribute.value, { line, subject }), bare: attribute.bare, line });
        continue;
      }
      if (!allowed.has(name)) {
        const known = [...allowed, 'data-*', dialect.eventSyntax, `${dialect.directivePrefix}*`].join(', ');
        throw new TemplateError(`the attribute ${name} is not supported on <${tag}> (supported: ${known})`, { line, subject: name });
      }
      const value = interpolate(attribute.value, { line, subject });
      if (tag === 'button' && name === 'open-type' && !isDynamic(value) && !dialect.openTypes.includes(attribute.value)) {
        throw new TemplateError(`open-type="${attribute.value}" is not supported (supported: ${dialect.openTypes.join(', ')})`, { line, subject: name });
      }
      if (tag === 'input' && name === 'type' && !isDynamic(value) && !(SUPPORTED_INPUT_TYPES as readonly string[]).includes(attribute.value)) {
        throw new TemplateError(`<input type="${attribute.value}"> is not supported (supported: ${SUPPORTED_INPUT_TYPES.join(', ')})`, { line, subject: name });
      }
      if (tag === 'button' && name === 'scope' && !isDynamic(value) && !dialect.scopes.includes(attribute.value)) {
        throw new TemplateError(`scope="${attribute.value}" is not supported (supported: ${dialect.scopes.join(', ')})`, { line, subject: name });
      }
      attributes.push({ name, value, bare: attribute.bare, line });
    }

    const condition = this.condition(tag, directives);
    const loop = this.loop(tag, directives);
    if (loop !== undefined && condition !== undefined && condition.kind !== 'if') {
      const directive = this.d(condition.kind === 'elif' ? 'elif' : 'else');
      throw new TemplateError(`${directive} cannot share an element with ${this.d('for')}`, { line: node.line, subject: directive });
    }
    return {
      kind: 'element',
      tag,
      line: node.line,
      condition,
      loop,
      attributes,
      events,
      children: this.compileChildren(node.children),
    };
  }

  private condition(tag: string, directives: ReadonlyMap<Directive, AxmlAttribute>): Condition | undefined {
    const present = (['if', 'elif', 'else'] as const).filter((name) => directives.has(name));
    const [first, second] = present;
    if (first === undefined) return undefined;
    const attribute = directives.get(first);
    if (attribute === undefined) return undefined;
    if (second !== undefined) {
      throw new TemplateError(`<${tag}> has both ${this.d(first)} and ${this.d(second)}`, { line: attribute.line, subject: this.d(second) });
    }
    if (first === 'else') {
      if (!attribute.bare && attribute.value.trim() !== '') {
        throw new TemplateError(`${this.d('else')} takes no value`, { line: attribute.line, subject: this.d('else') });
      }
      return { kind: 'else' };
    }
    const test = interpolate(attribute.value, { line: attribute.line, subject: `${this.d(first)} on <${tag}>` });
    if (!isDynamic(test)) {
      throw new TemplateError(`${this.d(first)}="${attribute.value}" needs a {{ }} expression`, { line: attribute.line, subject: this.d(first) });
    }
    return { kind: first, test };
  }

  private loop(tag: string, directives: ReadonlyMap<Directive, AxmlAttribute>): Loop | undefined {
    const items = directives.get('for');
    if (items === undefined) {
      const stray = (['for-item', 'for-index', 'key'] as const).find((name) => directives.has(name));
      const attribute = stray === undefined ? undefined : directives.get(stray);
      if (stray !== undefined && attribute !== undefined) {
        throw new TemplateError(`${this.d(stray)} on <${tag}> needs ${this.d('for')} on the same element`, { line: attribute.line, subject: this.d(stray) });
      }
      return undefined;
    }
    const name = (directive: 'for-item' | 'for-index', fallback: string): string => {
      const attribute = directives.get(directive);
      if (attribute === undefined) return fallback;
      const value = attribute.value.trim();
      if (!IDENTIFIER.test(value)) {
        throw new TemplateError(`${this.d(directive)}="${value}" must be a plain name`, { line: attribute.line, subject: this.d(directive) });
      }
      return value;
    };
    const key = directives.get('key');
    if (key !== undefined && !/^(\*this|[A-Za-z_$][A-Za-z0-9_$]*)$/.test(key.value.trim())) {
      throw new TemplateError(`${this.d('key')}="${key.value}" must be a property name or *this`, { line: key.line, subject: this.d('key') });
    }
    const parsed = interpolate(items.value, { line: items.line, subject: `${this.d('for')} on <${tag}>` });
    if (!isDynamic(parsed)) {
      throw new TemplateError(`${this.d('for')}="${items.value}" needs a {{ }} expression`, { line: items.line, subject: this.d('for') });
    }
    return { items: parsed, itemName: name('for-item', 'item'), indexName: name('for-index', 'index') };
  }
}

/**
 * Parses and checks an .axml template. Throws a {@link TemplateError} (with
 * `file` set) for anything outside the supported subset.
 *
 * @example
 * ```ts
 * const template = compileTemplate('<view a:if="{{ok}}">hi</view>', 'pages/x/x.axml');
 * template.nodes[0]; // { kind: 'element', tag: 'view', condition: { kind: 'if', ... }, ... }
 * compileTemplate('<view wx:if="{{ok}}" bindtap="go">hi</view>', 'pages/x/x.wxml', WECHAT_DIALECT);
 * ```
 */
export function compileTemplate(source: string, file: string, dialect: TemplateDialect = ALIPAY_DIALECT): CompiledTemplate {
  try {
    const compiler = new Compiler(dialect);
    const nodes = compiler.compileChildren(parseAxml(source));
    return { file, dialect: dialect.name, nodes, handlers: compiler.handlers };
  } catch (err) {
    if (err instanceof TemplateError) err.file = file;
    throw err;
  }
}
