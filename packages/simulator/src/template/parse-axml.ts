/**
 * Reads .axml markup into a tree of elements and text, with line numbers.
 * Syntax only: which tags and attributes are allowed is compile-template.ts's
 * business. Comments are dropped; `{{ }}` is kept as text here.
 */
import { TemplateError } from './template-error';

export interface AxmlAttribute {
  readonly name: string;
  /** The raw value; an attribute written without `=` has the value `''` and `bare: true`. */
  readonly value: string;
  readonly bare: boolean;
  readonly line: number;
}

export interface AxmlElement {
  readonly kind: 'element';
  readonly tag: string;
  readonly attributes: readonly AxmlAttribute[];
  readonly children: readonly AxmlNode[];
  readonly line: number;
}

export interface AxmlText {
  readonly kind: 'text';
  readonly text: string;
  readonly line: number;
}

export type AxmlNode = AxmlElement | AxmlText;

interface OpenElement {
  tag: string;
  attributes: AxmlAttribute[];
  children: AxmlNode[];
  line: number;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

class AxmlReader {
  private position = 0;
  private line = 1;

  constructor(private readonly source: string) {}

  read(): AxmlNode[] {
    const root: OpenElement = { tag: '#root', attributes: [], children: [], line: 1 };
    const stack: OpenElement[] = [root];
    const current = (): OpenElement => stack[stack.length - 1] ?? root;

    while (this.position < this.source.length) {
      if (this.source.startsWith('<!--', this.position)) {
        this.skipComment();
        continue;
      }
      if (this.source.startsWith('</', this.position)) {
        const line = this.line;
        this.advance(2);
        const tag = this.readName();
        this.skipSpace();
        this.expect('>', `</${tag}`);
        const open = current();
        if (open === root) throw new TemplateError(`closing tag </${tag}> has no opening tag`, { line, subject: `</${tag}>` });
        if (open.tag !== tag) {
          throw new TemplateError(`closing tag </${tag}> does not match <${open.tag}> opened on line ${open.line}`, { line, subject: `</${tag}>` });
        }
        stack.pop();
        current().children.push({ kind: 'element', tag: open.tag, attributes: open.attributes, children: open.children, line: open.line });
        continue;
      }
      if (this.source.charAt(this.position) === '<') {
        const element = this.readOpenTag();
        if (element.selfClosing) {
          current().children.push({ kind: 'element', tag: element.tag, attributes: element.attributes, children: [], line: element.line });
        } else {
          stack.push({ tag: element.tag, attributes: element.attributes, children: [], line: element.line });
        }
        continue;
      }
      const startLine = this.line;
      const text = this.readText();
      // The line of the first visible character, so errors point at the text itself.
      const leading = /^\s*/.exec(text)?.[0] ?? '';
      const line = startLine + (leading.match(/\n/g) ?? []).length;
      current().children.push({ kind: 'text', text: decodeEntities(text), line });
    }
    const unclosed = current();
    if (unclosed !== root) {
      throw new TemplateError(`<${unclosed.tag}> opened on line ${unclosed.line} is never closed`, { line: unclosed.line, subject: `<${unclosed.tag}>` });
    }
    return root.children;
  }

  private advance(count: number): void {
    for (let i = 0; i < count; i += 1) {
      if (this.source.charAt(this.position) === '\n') this.line += 1;
      this.position += 1;
    }
  }

  private skipSpace(): void {
    while (this.position < this.source.length && /\s/.test(this.source.charAt(this.position))) this.advance(1);
  }

  private expect(text: string, after: string): void {
    if (!this.source.startsWith(text, this.position)) {
      throw new TemplateError(`expected "${text}" after ${after}`, { line: this.line, subject: after });
    }
    this.advance(text.length);
  }

  private skipComment(): void {
    const end = this.source.indexOf('-->', this.position + 4);
    if (end === -1) throw new TemplateError('comment "<!--" is never closed', { line: this.line });
    this.advance(end + 3 - this.position);
  }

  private readName(): string {
    const match = /^[A-Za-z_:][-A-Za-z0-9_:.@]*/.exec(this.source.slice(this.position));
    if (match === null) {
      const near = this.source.slice(this.position, this.position + 12);
      throw new TemplateError(`expected a tag or attribute name near "${near}"`, { line: this.line });
    }
    this.advance(match[0].length);
    return match[0];
  }

  /** Text up to the next tag; a `<` inside `{{ }}` (a comparison) does not start a tag. */
  private readText(): string {
    const start = this.position;
    let inExpression = false;
    while (this.position < this.source.length) {
      if (!inExpression && this.source.charAt(this.position) === '<') break;
      if (this.source.startsWith('{{', this.position)) {
        inExpression = true;
        this.advance(2);
        continue;
      }
      if (inExpression && this.source.startsWith('}}', this.position)) {
        inExpression = false;
        this.advance(2);
        continue;
      }
      this.advance(1);
    }
    return this.source.slice(start, this.position);
  }

  private readOpenTag(): { tag: string; attributes: AxmlAttribute[]; selfClosing: boolean; line: number } {
    const line = this.line;
    this.advance(1);
    const tag = this.readName();
    const attributes: AxmlAttribute[] = [];
    for (;;) {
      this.skipSpace();
      if (this.position >= this.source.length) throw new TemplateError(`<${tag}> is not closed with ">"`, { line, subject: `<${tag}>` });
      if (this.source.startsWith('/>', this.position)) {
        this.advance(2);
        return { tag, attributes, selfClosing: true, line };
      }
      if (this.source.charAt(this.position) === '>') {
        this.advance(1);
        return { tag, attributes, selfClosing: false, line };
      }
      const attributeLine = this.line;
      const name = this.readName();
      this.skipSpace();
      if (this.source.charAt(this.position) !== '=') {
        if (attributes.some((a) => a.name === name)) {
          throw new TemplateError(`attribute ${name} appears twice on <${tag}>`, { line: attributeLine, subject: name });
        }
        attributes.push({ name, value: '', bare: true, line: attributeLine });
        continue;
      }
      this.advance(1);
      this.skipSpace();
      const quote = this.source.charAt(this.position);
      if (quote !== '"' && quote !== "'") {
        throw new TemplateError(`the value of ${name} on <${tag}> must be quoted`, { line: attributeLine, subject: name });
      }
      const end = this.source.indexOf(quote, this.position + 1);
      if (end === -1) throw new TemplateError(`the value of ${name} on <${tag}> is never closed`, { line: attributeLine, subject: name });
      const value = this.source.slice(this.position + 1, end);
      this.advance(end + 1 - this.position);
      if (attributes.some((a) => a.name === name)) {
        throw new TemplateError(`attribute ${name} appears twice on <${tag}>`, { line: attributeLine, subject: name });
      }
      attributes.push({ name, value: decodeEntities(value), bare: false, line: attributeLine });
    }
  }
}

/**
 * Parses .axml source into nodes.
 *
 * @example
 * ```ts
 * const [button] = parseAxml('<button onTap="go">Go</button>');
 * // { kind: 'element', tag: 'button', attributes: [{ name: 'onTap', value: 'go', ... }], ... }
 * ```
 */
export function parseAxml(source: string): AxmlNode[] {
  return new AxmlReader(source).read();
}
