// The page's REAL template (src/pages/phone/phone.ttml) drawn for the page's
// current data, as plain nodes a test can query: compiled and checked by the
// browser simulator's TTML compiler (@phonekit/simulator, the Douyin
// dialect: tt:if / tt:elif / tt:else, tt:for, bind* / catch*), conditions,
// loops and {{ }} evaluated the same way. An element's event bindings name
// the page method that `fire` calls, so a test taps what the template wires.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate, DOUYIN_DIALECT, evaluateInterpolation, toText, type CompiledElement, type CompiledNode, type CompiledTemplate, type Scope } from '@phonekit/simulator';
import { MINIPROGRAM_ROOT, type LoadedDouyinPage } from './douyin-runtime';

export interface DrawnElement {
  readonly tag: string;
  readonly id: string;
  readonly classes: readonly string[];
  /** Attribute values as drawn (class, id and events apart). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Event name (`tap`, `getPhoneNumber`, `input`, `confirm`) -> page method. */
  readonly events: Readonly<Record<string, string>>;
  readonly children: ReadonlyArray<DrawnElement | string>;
}

const templates = new Map<string, CompiledTemplate>();

function template(file: string): CompiledTemplate {
  const cached = templates.get(file);
  if (cached !== undefined) return cached;
  const compiled = compileTemplate(readFileSync(join(MINIPROGRAM_ROOT, file), 'utf8'), file, DOUYIN_DIALECT);
  templates.set(file, compiled);
  return compiled;
}

function text(value: Parameters<typeof evaluateInterpolation>[0], scope: Scope): string {
  return toText(evaluateInterpolation(value, scope));
}

function drawElement(node: CompiledElement, scope: Scope, out: Array<DrawnElement | string>): void {
  if (node.tag === 'block') {
    drawNodes(node.children, scope, out);
    return;
  }
  const attributes: Record<string, unknown> = {};
  let id = '';
  let classes: string[] = [];
  for (const attribute of node.attributes) {
    if (attribute.name === 'id') id = text(attribute.value, scope);
    else if (attribute.name === 'class') classes = text(attribute.value, scope).split(/\s+/).filter((c) => c !== '');
    else attributes[attribute.name] = attribute.bare ? true : evaluateInterpolation(attribute.value, scope);
  }
  const events: Record<string, string> = {};
  for (const event of node.events) events[event.event] = text(event.handler, scope);
  const children: Array<DrawnElement | string> = [];
  drawNodes(node.children, scope, children);
  out.push({ tag: node.tag, id, classes, attributes, events, children });
}

function drawNodes(nodes: readonly CompiledNode[], scope: Scope, out: Array<DrawnElement | string>): void {
  let branchTaken = false;
  for (const node of nodes) {
    if (node.kind === 'text') {
      out.push(text(node.content, scope));
      continue;
    }
    if (node.loop !== undefined) {
      const items = evaluateInterpolation(node.loop.items, scope);
      const loop = node.loop;
      if (Array.isArray(items)) {
        items.forEach((item: unknown, index) => {
          const locals = new Map(scope.locals);
          locals.set(loop.itemName, item);
          locals.set(loop.indexName, index);
          drawElement(node, { locals, data: scope.data }, out);
        });
      }
      branchTaken = false;
      continue;
    }
    const condition = node.condition;
    if (condition === undefined) {
      drawElement(node, scope, out);
      continue;
    }
    if (condition.kind === 'if') branchTaken = false;
    if (branchTaken) continue;
    if (condition.kind === 'else' || evaluateInterpolation(condition.test, scope)) {
      branchTaken = true;
      drawElement(node, scope, out);
    }
  }
}

function* walk(nodes: ReadonlyArray<DrawnElement | string>): Generator<DrawnElement> {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    yield node;
    yield* walk(node.children);
  }
}

function matches(element: DrawnElement, simple: string): boolean {
  if (simple.startsWith('#')) return element.id === simple.slice(1);
  if (simple.startsWith('.')) return element.classes.includes(simple.slice(1));
  return element.tag === simple;
}

/** The page as drawn now, queried by `#id`, `.class`, `tag` or a descendant chain of those (`#result .masked`). */
export class DrawnPage {
  readonly nodes: ReadonlyArray<DrawnElement | string>;

  constructor(private readonly page: LoadedDouyinPage, file = 'pages/phone/phone.ttml') {
    const out: Array<DrawnElement | string> = [];
    drawNodes(template(file).nodes, { locals: new Map(), data: page.data }, out);
    this.nodes = out;
  }

  queryAll(selector: string): DrawnElement[] {
    const parts = selector.trim().split(/\s+/);
    let scope: ReadonlyArray<DrawnElement | string> = this.nodes;
    let found: DrawnElement[] = [];
    parts.forEach((part, i) => {
      found = [...walk(scope)].filter((element) => matches(element, part));
      if (i < parts.length - 1) scope = found.flatMap((element) => element.children);
    });
    return found;
  }

  query(selector: string): DrawnElement | undefined {
    return this.queryAll(selector)[0];
  }

  /** The text inside `selector`'s first match, spaces collapsed; '' when nothing matches. */
  textOf(selector: string): string {
    const element = this.query(selector);
    if (element === undefined) return '';
    const parts: string[] = [];
    const collect = (nodes: ReadonlyArray<DrawnElement | string>): void => {
      for (const node of nodes) {
        if (typeof node === 'string') parts.push(node);
        else collect(node.children);
      }
    };
    collect(element.children);
    return parts.join(' ').replace(/\s+/g, ' ').trim();
  }

  /**
   * Fires `event` on `selector`'s element: calls the page method its
   * `bind<event>` names with a Douyin event (`type` in lower case, as the
   * framework sends it). Throws when the element or the binding is missing.
   */
  fire(selector: string, event: string, detail: unknown = {}): void {
    const element = this.query(selector);
    if (element === undefined) throw new Error(`nothing matches ${selector} on the page`);
    const handler = element.events[event];
    if (handler === undefined) throw new Error(`${selector} has no bind${event.toLowerCase()}`);
    const target = { id: element.id, dataset: {} };
    this.page.call(handler, { type: event.toLowerCase(), timeStamp: 0, target, currentTarget: target, detail });
  }
}
