/**
 * A small, tolerant AXML parser: enough to read a page template's structure
 * (elements, attributes in source order, text) without a dependency and
 * without regular expressions. It never throws on odd input: an unclosed tag
 * is closed at the end of the file, a stray closing tag is ignored.
 *
 * @example
 * ```ts
 * const root = parseAxml('<view a:if="{{ok}}"><text>hi</text></view>');
 * findElements(root, (el) => el.tag === 'text')[0]?.children; // [{ kind: 'text', text: 'hi' }]
 * ```
 */

export interface AxmlAttribute {
  readonly name: string;
  /** `null` for a bare attribute such as `<button disabled>`. */
  readonly value: string | null;
}

export interface AxmlText {
  readonly kind: 'text';
  readonly text: string;
}

export interface AxmlElement {
  readonly kind: 'element';
  readonly tag: string;
  readonly attributes: readonly AxmlAttribute[];
  readonly children: AxmlNode[];
  /** `null` for the synthetic root. */
  readonly parent: AxmlElement | null;
}

export type AxmlNode = AxmlElement | AxmlText;

/** Tags that never have children in AXML templates. */
const VOID_TAGS: ReadonlySet<string> = new Set(['image', 'input', 'import', 'include', 'icon', 'progress']);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f';
}

function isNameChar(ch: string): boolean {
  return ch !== '' && !isSpace(ch) && ch !== '=' && ch !== '>' && ch !== '/' && ch !== '<' && ch !== '"' && ch !== "'";
}

class Cursor {
  index = 0;
  constructor(readonly source: string) {}

  get done(): boolean {
    return this.index >= this.source.length;
  }

  peek(offset = 0): string {
    return this.source.charAt(this.index + offset);
  }

  startsWith(text: string): boolean {
    return this.source.startsWith(text, this.index);
  }

  skipSpaces(): void {
    while (!this.done && isSpace(this.peek())) this.index += 1;
  }

  /** Reads up to (not including) `end`, or to the end of the input; moves past `end`. */
  readUntil(end: string): string {
    const at = this.source.indexOf(end, this.index);
    const stop = at === -1 ? this.source.length : at;
    const text = this.source.slice(this.index, stop);
    this.index = at === -1 ? this.source.length : at + end.length;
    return text;
  }

  readName(): string {
    const start = this.index;
    while (!this.done && isNameChar(this.peek())) this.index += 1;
    return this.source.slice(start, this.index);
  }
}

function makeElement(tag: string, attributes: AxmlAttribute[], parent: AxmlElement | null): AxmlElement {
  return { kind: 'element', tag, attributes, children: [], parent };
}

function readAttributes(cursor: Cursor): { attributes: AxmlAttribute[]; selfClosing: boolean } {
  const attributes: AxmlAttribute[] = [];
  for (;;) {
    cursor.skipSpaces();
    if (cursor.done) return { attributes, selfClosing: false };
    const ch = cursor.peek();
    if (ch === '>') {
      cursor.index += 1;
      return { attributes, selfClosing: false };
    }
    if (ch === '/' && cursor.peek(1) === '>') {
      cursor.index += 2;
      return { attributes, selfClosing: true };
    }
    const name = cursor.readName();
    if (name === '') {
      // Junk such as a lone quote or '/': skip it and carry on.
      cursor.index += 1;
      continue;
    }
    cursor.skipSpaces();
    if (cursor.peek() !== '=') {
      attributes.push({ name, value: null });
      continue;
    }
    cursor.index += 1;
    cursor.skipSpaces();
    const quote = cursor.peek();
    if (quote === '"' || quote === "'") {
      cursor.index += 1;
      attributes.push({ name, value: cursor.readUntil(quote) });
    } else {
      attributes.push({ name, value: cursor.readName() });
    }
  }
}

/** Parses a template into a synthetic root element (tag `#root`) holding the top-level nodes. */
export function parseAxml(source: string): AxmlElement {
  const root = makeElement('#root', [], null);
  const cursor = new Cursor(source);
  let current = root;
  let textStart = 0;

  const flushText = (end: number): void => {
    const text = source.slice(textStart, end);
    if (text.trim() !== '') current.children.push({ kind: 'text', text });
  };

  while (!cursor.done) {
    if (cursor.peek() !== '<') {
      cursor.index += 1;
      continue;
    }
    const tagStart = cursor.index;
    if (cursor.startsWith('<!--')) {
      flushText(tagStart);
      cursor.index += 4;
      cursor.readUntil('-->');
      textStart = cursor.index;
      continue;
    }
    if (cursor.peek(1) === '/') {
      flushText(tagStart);
      cursor.index += 2;
      const tag = cursor.readName();
      cursor.readUntil('>');
      // Close up to the matching open element; ignore a closing tag nothing matches.
      let open: AxmlElement | null = current;
      while (open !== null && open.tag !== tag) open = open.parent;
      if (open !== null && open.parent !== null) current = open.parent;
      textStart = cursor.index;
      continue;
    }
    if (!isNameChar(cursor.peek(1)) || cursor.peek(1) === '!' || cursor.peek(1) === '?') {
      // `<` in text, `<!DOCTYPE`, `<?xml`: skip the declaration or keep the character as text.
      if (cursor.peek(1) === '!' || cursor.peek(1) === '?') {
        flushText(tagStart);
        cursor.readUntil('>');
        textStart = cursor.index;
      } else {
        cursor.index += 1;
      }
      continue;
    }
    flushText(tagStart);
    cursor.index += 1;
    const tag = cursor.readName();
    const { attributes, selfClosing } = readAttributes(cursor);
    const element = makeElement(tag, attributes, current);
    current.children.push(element);
    if (!selfClosing && !VOID_TAGS.has(tag)) current = element;
    textStart = cursor.index;
  }
  flushText(source.length);
  return root;
}

/** The value of `name` on `element`: `undefined` when absent, `null` when bare. */
export function attributeOf(element: AxmlElement, name: string): string | null | undefined {
  for (const attribute of element.attributes) {
    if (attribute.name === name) return attribute.value;
  }
  return undefined;
}

export function hasAttribute(element: AxmlElement, name: string): boolean {
  return attributeOf(element, name) !== undefined;
}

/** Every element under `root` (depth first, document order) that `predicate` accepts. */
export function findElements(root: AxmlElement, predicate: (element: AxmlElement) => boolean): AxmlElement[] {
  const found: AxmlElement[] = [];
  const visit = (element: AxmlElement): void => {
    for (const child of element.children) {
      if (child.kind !== 'element') continue;
      if (predicate(child)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** The element siblings of `element` that follow it, in order (text between them is skipped). */
export function followingElementSiblings(element: AxmlElement): AxmlElement[] {
  const parent = element.parent;
  if (parent === null) return [];
  const index = parent.children.indexOf(element);
  return parent.children.slice(index + 1).filter((node): node is AxmlElement => node.kind === 'element');
}

/** All text under `node`, whitespace collapsed. */
export function textContent(node: AxmlNode): string {
  const parts: string[] = [];
  const visit = (current: AxmlNode): void => {
    if (current.kind === 'text') parts.push(current.text);
    else current.children.forEach(visit);
  };
  visit(node);
  let collapsed = '';
  let pendingSpace = false;
  for (const ch of parts.join(' ')) {
    if (isSpace(ch)) {
      pendingSpace = collapsed !== '';
      continue;
    }
    if (pendingSpace) collapsed += ' ';
    pendingSpace = false;
    collapsed += ch;
  }
  return collapsed;
}

function isUpperCaseLetter(ch: string): boolean {
  return ch !== '' && ch >= 'A' && ch <= 'Z';
}

/** `onTap`, `onGetAuthorize`, `catchTap`: AXML's event-binding attributes. */
export function isEventAttribute(name: string): boolean {
  if (name.startsWith('on')) return isUpperCaseLetter(name.charAt(2));
  if (name.startsWith('catch')) return isUpperCaseLetter(name.charAt(5));
  return false;
}

export interface EventBinding {
  readonly element: AxmlElement;
  /** The attribute, e.g. `onGetAuthorize`. */
  readonly attribute: string;
  /** The page method it names, e.g. `onGetAuthorize`. */
  readonly handler: string;
}

/** Every on* / catch* binding in the template, in document order. */
export function eventBindings(root: AxmlElement): EventBinding[] {
  const bindings: EventBinding[] = [];
  for (const element of findElements(root, () => true)) {
    for (const attribute of element.attributes) {
      if (isEventAttribute(attribute.name)) {
        bindings.push({ element, attribute: attribute.name, handler: (attribute.value ?? '').trim() });
      }
    }
  }
  return bindings;
}
