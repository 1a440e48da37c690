import { evaluateExpression, evaluateInterpolation, parseExpression, parseInterpolation, toText } from '../src/template/expression';
import type { Scope } from '../src/template/expression';
import { TemplateError } from '../src/template/template-error';

const data = {
  status: 'error',
  count: 3,
  phone: { shown: '138****2222', revealed: false },
  error: { retryable: true, details: [{ label: 'HTTP status', value: '503' }] },
  empty: '',
  nothing: null,
};

function scope(locals: Record<string, unknown> = {}): Scope {
  return { locals: new Map(Object.entries(locals)), data };
}

function evaluate(source: string, locals: Record<string, unknown> = {}): unknown {
  return evaluateExpression(parseExpression(source), scope(locals));
}

describe('parseExpression and evaluateExpression', () => {
  const cases: ReadonlyArray<{ title: string; input: string; output: unknown; locals?: Record<string, unknown> }> = [
    { title: 'reads a top-level name', input: 'status', output: 'error' },
    { title: 'reads a property path', input: 'phone.shown', output: '138****2222' },
    { title: 'reads an index and a property', input: 'error.details[0].value', output: '503' },
    { title: 'reads a computed key', input: "phone['shown']", output: '138****2222' },
    { title: 'reads an array length', input: 'error.details.length', output: 1 },
    { title: 'reads a string length', input: 'phone.shown.length', output: 11 },
    { title: 'reads a missing path as undefined', input: 'a.b.c', output: undefined },
    { title: 'compares strictly with ===', input: "status === 'error'", output: true },
    { title: 'compares strictly with !==', input: "status !== 'error'", output: false },
    { title: 'treats null == undefined as loose equality does', input: 'nothing == missing', output: true },
    { title: 'does not coerce numbers and strings with ==', input: "count == '3'", output: false },
    { title: 'negates with !', input: '!phone.revealed', output: true },
    { title: 'double-negates with !!', input: '!!empty', output: false },
    { title: 'short-circuits && to the falsy side', input: 'empty && status', output: '' },
    { title: 'short-circuits || to the truthy side', input: 'empty || status', output: 'error' },
    { title: 'picks a ternary branch', input: "phone.revealed ? 'hide' : 'show'", output: 'show' },
    { title: 'nests ternaries to the right', input: "count > 5 ? 'many' : count > 1 ? 'some' : 'one'", output: 'some' },
    { title: 'adds numbers', input: 'count + 2', output: 5 },
    { title: 'concatenates strings with +', input: "'x' + count", output: 'x3' },
    { title: 'prints undefined as nothing when concatenating', input: "'[' + missing + ']'", output: '[]' },
    { title: 'respects precedence of * over +', input: '1 + 2 * 3', output: 7 },
    { title: 'respects parentheses', input: '(1 + 2) * 3', output: 9 },
    { title: 'compares numbers', input: 'count >= 3 && count < 4', output: true },
    { title: 'compares strings as strings', input: "'b' > 'a'", output: true },
    { title: 'negates numbers', input: '-count', output: -3 },
    { title: 'reads true and false', input: 'true && !false', output: true },
    { title: 'reads null and undefined', input: 'null === nothing && undefined === missing', output: true },
    { title: 'reads a decimal number', input: '1.5 + .5', output: 2 },
    { title: 'reads a double-quoted string with an escape', input: '"a\\"b"', output: 'a"b' },
    { title: 'prefers an a:for local over page data', input: 'status', output: 'local', locals: { status: 'local' } },
  ];
  for (const { title, input, output, locals } of cases) {
    test(title, () => {
      expect(evaluate(input, locals)).toEqual(output);
    });
  }

  test('reads a:for item and index from the locals', () => {
    expect(evaluate("index + ': ' + item.label", { item: { label: 'HTTP status' }, index: 0 })).toBe('0: HTTP status');
  });

  test('never reaches a prototype: constructor and __proto__ read as undefined', () => {
    expect(evaluate('phone.constructor')).toBeUndefined();
    expect(evaluate('phone.__proto__')).toBeUndefined();
    expect(evaluate("phone['constructor']")).toBeUndefined();
    expect(evaluate('status.constructor')).toBeUndefined();
    expect(evaluate('toString')).toBeUndefined();
  });

  const refused: ReadonlyArray<{ title: string; input: string; message: RegExp }> = [
    { title: 'refuses a function call', input: 'format(phone)', message: /function calls are not supported/ },
    { title: 'refuses a method call', input: 'phone.shown.slice(0, 3)', message: /function calls are not supported/ },
    { title: 'refuses an object literal', input: '{a: 1}', message: /object literals are not supported/ },
    { title: 'refuses an array literal', input: '[1, 2]', message: /array literals are not supported/ },
    { title: 'refuses assignment', input: 'status = 1', message: /assignment is not supported/ },
    { title: 'refuses an arrow function', input: 'x => x', message: /arrow functions are not supported/ },
    { title: 'refuses optional chaining', input: 'phone?.shown', message: /"\?\." is not supported/ },
    { title: 'refuses typeof', input: 'typeof status', message: /"typeof" is not supported/ },
    { title: 'refuses new', input: 'new Date', message: /"new" is not supported/ },
    { title: 'refuses a template literal', input: '`${status}`', message: /template literals are not supported/ },
    { title: 'refuses an empty expression', input: '', message: /empty expression/ },
    { title: 'refuses an unterminated string', input: "'abc", message: /unterminated string/ },
    { title: 'refuses a dangling operator', input: 'count +', message: /ends too early/ },
  ];
  for (const { title, input, message } of refused) {
    test(title, () => {
      expect(() => parseExpression(input)).toThrow(TemplateError);
      expect(() => parseExpression(input)).toThrow(message);
    });
  }

  test('names the supported subset when it refuses', () => {
    expect(() => parseExpression('f()')).toThrow(/supported: property paths/);
  });
});

describe('parseInterpolation and evaluateInterpolation', () => {
  test('keeps the type of a value that is exactly one {{ }}', () => {
    expect(evaluateInterpolation(parseInterpolation('{{error.details}}'), scope())).toEqual(data.error.details);
    expect(evaluateInterpolation(parseInterpolation('{{ count }}'), scope())).toBe(3);
  });

  test('joins text and expressions into a string', () => {
    expect(evaluateInterpolation(parseInterpolation('Scenario "{{status}}", {{count}} tries'), scope())).toBe('Scenario "error", 3 tries');
  });

  test('prints undefined and null as nothing in text', () => {
    expect(evaluateInterpolation(parseInterpolation('[{{missing}}{{nothing}}]'), scope())).toBe('[]');
  });

  test('leaves text without {{ }} as it is', () => {
    expect(evaluateInterpolation(parseInterpolation('plain text'), scope())).toBe('plain text');
  });

  test('refuses a {{ without its }}', () => {
    expect(() => parseInterpolation('hello {{ name')).toThrow(/without a closing/);
  });
});

describe('toText', () => {
  test('prints values the way Alipay does', () => {
    expect(toText(undefined)).toBe('');
    expect(toText(null)).toBe('');
    expect(toText(0)).toBe('0');
    expect(toText(false)).toBe('false');
    expect(toText(['a', 1])).toBe('a,1');
    expect(toText({ a: 1 })).toBe('[object Object]');
  });
});
