/**
 * The `{{ }}` expression language of .axml templates, the subset the
 * simulator supports: property paths (`a.b`, `a[0]`, `a[key]`), literals
 * (numbers, 'strings', true, false, null, undefined), `!` and unary `-`,
 * `+ - * / %`, comparisons, `=== !== == !=`, `&&`, `||`, `? :` and
 * parentheses.
 *
 * Parsed into a tree once and evaluated by walking it: no eval, no
 * `new Function` (the server's CSP would refuse them anyway). Anything else
 * (calls, object or array literals, assignment) is refused with a
 * {@link TemplateError} instead of being half-understood.
 */
import { TemplateError } from './template-error';

export type Expression =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null | undefined }
  | { readonly kind: 'identifier'; readonly name: string }
  | { readonly kind: 'member'; readonly object: Expression; readonly property: Expression }
  | { readonly kind: 'unary'; readonly operator: UnaryOperator; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'logical'; readonly operator: '&&' | '||'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'conditional'; readonly test: Expression; readonly consequent: Expression; readonly alternate: Expression };

export const UNARY_OPERATORS = ['!', '-', '+'] as const;
export type UnaryOperator = (typeof UNARY_OPERATORS)[number];

export const BINARY_OPERATORS = ['===', '!==', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'] as const;
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

/** Names visible to an expression: `a:for` items first, then the page's data. */
export interface Scope {
  readonly locals: ReadonlyMap<string, unknown>;
  readonly data: unknown;
}

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'punct'; value: string; at: number }
  | { kind: 'end'; at: number };

// Longest first, so '===' wins over '==' and '=' (which is refused).
const PUNCTUATORS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '=>', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', '(', ')', '[', ']', '{', '}', ',', '=', '&', '|', '^', '~'];

const SUPPORTED = 'property paths, literals, ! - + * / %, comparisons, === !== == !=, && ||, ? : and parentheses';

function isNameStart(ch: string): boolean {
  return /[A-Za-z_$]/.test(ch);
}

function isNamePart(ch: string): boolean {
  return /[A-Za-z0-9_$]/.test(ch);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source.charAt(i + 1)))) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'number', value: Number(text), at: i });
      i += text.length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < source.length) {
        const c = source.charAt(j);
        if (c === '\\') {
          const next = source.charAt(j + 1);
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
          continue;
        }
        if (c === ch) {
          closed = true;
          break;
        }
        value += c;
        j += 1;
      }
      if (!closed) throw new TemplateError(`unterminated string in expression "${source}"`);
      tokens.push({ kind: 'string', value, at: i });
      i = j + 1;
      continue;
    }
    if (ch === '`') throw new TemplateError(`template literals are not supported in expressions ("${source}"); use + instead`);
    if (isNameStart(ch)) {
      let j = i + 1;
      while (j < source.length && isNamePart(source.charAt(j))) j += 1;
      tokens.push({ kind: 'name', value: source.slice(i, j), at: i });
      i = j;
      continue;
    }
    const punct = PUNCTUATORS.find((p) => source.startsWith(p, i));
    if (punct === undefined) throw new TemplateError(`unexpected character "${ch}" in expression "${source}"`);
    tokens.push({ kind: 'punct', value: punct, at: i });
    i += punct.length;
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}

const KEYWORD_LITERALS: Readonly<Record<string, boolean | null | undefined>> = {
  true: true,
  false: false,
  null: null,
  undefined: undefined,
};

const REFUSED_NAMES = new Set(['new', 'typeof', 'instanceof', 'in', 'void', 'delete', 'function', 'this', 'class', 'await', 'yield', 'import']);

class ExpressionParser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): Expression {
    if (this.peek().kind === 'end') throw new TemplateError('empty expression {{ }}');
    const expression = this.conditional();
    const next = this.peek();
    if (next.kind !== 'end') throw this.unsupported(next);
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.position] ?? { kind: 'end', at: this.source.length };
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  private expectPunct(value: string): void {
    const token = this.advance();
    if (token.kind !== 'punct' || token.value !== value) {
      throw new TemplateError(`expected "${value}" at column ${token.at + 1} of expression "${this.source}"`);
    }
  }

  private unsupported(token: Token): TemplateError {
    if (token.kind === 'end') return new TemplateError(`expression "${this.source}" ends too early`);
    const text = token.kind === 'number' ? String(token.value) : token.kind === 'string' ? `'${token.value}'` : token.value;
    const why =
      text === '(' ? 'function calls are not supported'
      : text === '{' ? 'object literals are not supported'
      : text === '[' ? 'array literals are not supported'
      : text === '=' ? 'assignment is not supported'
      : text === '=>' ? 'arrow functions are not supported'
      : text === '?.' || text === '??' ? `"${text}" is not supported`
      : `"${text}" is not supported here`;
    return new TemplateError(`${why} in expression "${this.source}" (column ${token.at + 1}); supported: ${SUPPORTED}`);
  }

  private conditional(): Expression {
    const test = this.logicalOr();
    if (!this.isPunct('?')) return test;
    this.advance();
    const consequent = this.conditional();
    this.expectPunct(':');
    const alternate = this.conditional();
    return { kind: 'conditional', test, consequent, alternate };
  }

  private logicalOr(): Expression {
    let left = this.logicalAnd();
    while (this.isPunct('||')) {
      this.advance();
      left = { kind: 'logical', operator: '||', left, right: this.logicalAnd() };
    }
    return left;
  }

  private logicalAnd(): Expression {
    let left = this.equality();
    while (this.isPunct('&&')) {
      this.advance();
      left = { kind: 'logical', operator: '&&', left, right: this.equality() };
    }
    return left;
  }

  private binaryLevel(operators: readonly BinaryOperator[], next: () => Expression): Expression {
    let left = next();
    for (;;) {
      const token = this.peek();
      const operator = token.kind === 'punct' ? operators.find((op) => op === token.value) : undefined;
      if (operator === undefined) return left;
      this.advance();
      left = { kind: 'binary', operator, left, right: next() };
    }
  }

  private equality(): Expression {
    return this.binaryLevel(['===', '!==', '==', '!='], () => this.relational());
  }

  private relational(): Expression {
    return this.binaryLevel(['<', '<=', '>', '>='], () => this.additive());
  }

  private additive(): Expression {
    return this.binaryLevel(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Expression {
    return this.binaryLevel(['*', '/', '%'], () => this.unary());
  }

  private unary(): Expression {
    const token = this.peek();
    if (token.kind === 'punct' && (token.value === '!' || token.value === '-' || token.value === '+')) {
      this.advance();
      return { kind: 'unary', operator: token.value, operand: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Expression {
    let object = this.primary();
    for (;;) {
      if (this.isPunct('.')) {
        this.advance();
        const name = this.advance();
        if (name.kind !== 'name') throw new TemplateError(`expected a property name after "." in expression "${this.source}"`);
        object = { kind: 'member', object, property: { kind: 'literal', value: name.value } };
        continue;
      }
      if (this.isPunct('[')) {
        this.advance();
        const property = this.conditional();
        this.expectPunct(']');
        object = { kind: 'member', object, property };
        continue;
      }
      if (this.isPunct('(')) throw this.unsupported(this.peek());
      return object;
    }
  }

  private primary(): Expression {
    const token = this.advance();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'name': {
        if (Object.hasOwn(KEYWORD_LITERALS, token.value)) return { kind: 'literal', value: KEYWORD_LITERALS[token.value] };
        if (REFUSED_NAMES.has(token.value)) {
          throw new TemplateError(`"${token.value}" is not supported in expression "${this.source}"; supported: ${SUPPORTED}`);
        }
        return { kind: 'identifier', name: token.value };
      }
      case 'punct':
        if (token.value === '(') {
          const inner = this.conditional();
          this.expectPunct(')');
          return inner;
        }
        throw this.unsupported(token);
      case 'end':
        throw this.unsupported(token);
    }
  }
}

/**
 * Parses the text between `{{` and `}}`.
 *
 * @example
 * ```ts
 * const expression = parseExpression("status === 'error' && error.retryable");
 * evaluateExpression(expression, { locals: new Map(), data: { status: 'error', error: { retryable: true } } }); // true
 * ```
 */
export function parseExpression(source: string): Expression {
  return new ExpressionParser(source, tokenize(source)).parse();
}

/**
 * Reads `object[key]`, but only an own property (or a string's or array's
 * `length`): a template can never reach `constructor`, `__proto__` or
 * anything else on a prototype. Missing paths read as undefined, as in Alipay.
 */
function readProperty(object: unknown, key: unknown): unknown {
  if (object === null || object === undefined) return undefined;
  const name = typeof key === 'number' ? String(key) : key;
  if (typeof name !== 'string') return undefined;
  if (typeof object === 'string') {
    if (name === 'length') return object.length;
    return /^\d+$/.test(name) ? object.charAt(Number(name)) || undefined : undefined;
  }
  if (typeof object !== 'object') return undefined;
  if (Array.isArray(object) && name === 'length') return object.length;
  if (!Object.hasOwn(object, name)) return undefined;
  const value: unknown = Reflect.get(object, name);
  return typeof value === 'function' ? undefined : value;
}

function lookup(name: string, scope: Scope): unknown {
  if (scope.locals.has(name)) return scope.locals.get(name);
  return readProperty(scope.data, name);
}

function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function compare(operator: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  const bothStrings = typeof left === 'string' && typeof right === 'string';
  const a = bothStrings ? left : toNumber(left);
  const b = bothStrings ? right : toNumber(right);
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function binary(operator: BinaryOperator, left: unknown, right: unknown): unknown {
  switch (operator) {
    case '===':
      return left === right;
    case '!==':
      return left !== right;
    case '==':
      // Loose equality without JavaScript's coercion table: null == undefined, else strict.
      return left === right || (left == null && right == null);
    case '!=':
      return !(left === right || (left == null && right == null));
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(operator, left, right);
    case '+':
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      return toText(left) + toText(right);
    case '-':
      return toNumber(left) - toNumber(right);
    case '*':
      return toNumber(left) * toNumber(right);
    case '/':
      return toNumber(left) / toNumber(right);
    case '%':
      return toNumber(left) % toNumber(right);
  }
}

/** Evaluates a parsed expression against `scope`. Never throws for missing data. */
export function evaluateExpression(expression: Expression, scope: Scope): unknown {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'identifier':
      return lookup(expression.name, scope);
    case 'member':
      return readProperty(evaluateExpression(expression.object, scope), evaluateExpression(expression.property, scope));
    case 'unary': {
      const operand = evaluateExpression(expression.operand, scope);
      if (expression.operator === '!') return !operand;
      return expression.operator === '-' ? -toNumber(operand) : toNumber(operand);
    }
    case 'binary':
      return binary(expression.operator, evaluateExpression(expression.left, scope), evaluateExpression(expression.right, scope));
    case 'logical': {
      const left = evaluateExpression(expression.left, scope);
      if (expression.operator === '&&') return left ? evaluateExpression(expression.right, scope) : left;
      return left ? left : evaluateExpression(expression.right, scope);
    }
    case 'conditional':
      return evaluateExpression(expression.test, scope) ? evaluateExpression(expression.consequent, scope) : evaluateExpression(expression.alternate, scope);
  }
}

/** How a value is printed into text: undefined and null print nothing, as in Alipay. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map((item) => toText(item)).join(',');
  return '[object Object]';
}

/** A text or attribute value: literal pieces and `{{ }}` expressions, in order. */
export interface Interpolation {
  readonly parts: ReadonlyArray<string | Expression>;
  /** The source text, for error messages. */
  readonly source: string;
}

/**
 * Splits `Hello {{ name }}!` into pieces. A value that is exactly one
 * `{{ }}` keeps its type when evaluated (a:if, a:for, data-*).
 */
export function parseInterpolation(source: string): Interpolation {
  const parts: Array<string | Expression> = [];
  let rest = source;
  while (rest !== '') {
    const open = rest.indexOf('{{');
    if (open === -1) {
      parts.push(rest);
      break;
    }
    if (open > 0) parts.push(rest.slice(0, open));
    const close = rest.indexOf('}}', open + 2);
    if (close === -1) throw new TemplateError(`"{{" without a closing "}}" in "${source}"`);
    parts.push(parseExpression(rest.slice(open + 2, close).trim()));
    rest = rest.slice(close + 2);
  }
  return { parts, source };
}

/** True when the interpolation has at least one `{{ }}`. */
export function isDynamic(interpolation: Interpolation): boolean {
  return interpolation.parts.some((part) => typeof part !== 'string');
}

/** The value of an interpolation: typed when it is a single `{{ }}`, else the joined text. */
export function evaluateInterpolation(interpolation: Interpolation, scope: Scope): unknown {
  const [only, ...others] = interpolation.parts;
  if (only === undefined) return '';
  if (others.length === 0) return typeof only === 'string' ? only : evaluateExpression(only, scope);
  return interpolation.parts.map((part) => (typeof part === 'string' ? part : toText(evaluateExpression(part, scope)))).join('');
}
