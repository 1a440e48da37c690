// The constant-flow JSON check the AES decrypt uses (src/alipay/json-object-bytes.ts)
// must agree with JSON.parse on what is one JSON object: a body it wrongly
// refused would lose a phone, one it wrongly passed would reach JSON.parse
// (which still refuses it, as the same DECRYPTION_FAILED).
import fc from 'fast-check';
import { isJsonObjectBytes } from '../src/alipay/json-object-bytes';

function parsesToObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

const agrees = (text: string): void => {
  expect({ text, shape: isJsonObjectBytes(Buffer.from(text, 'utf8')) }).toEqual({ text, shape: parsesToObject(text) });
};

describe('isJsonObjectBytes', () => {
  test.each([
    '{"code":"10000","msg":"Success","mobile":"13811112222"}',
    '  {"code":10000}\n\t ',
    '{}',
    '{"a":[1,-0,0.5,1e3,1E+3,-2.5e-7,true,false,null,{"b":[]},[],"\\u00e9\\n\\"\\\\\\/"]}',
    '{"subMsg":"缺少加密配置"}',
  ])('passes the object %s', (text) => {
    expect(isJsonObjectBytes(Buffer.from(text, 'utf8'))).toBe(true);
    agrees(text);
  });

  test.each([
    '',
    '   ',
    '[1,2,3]',
    '"10000"',
    'null',
    '10000',
    '{"a":1}x',
    '{"a":1}{}',
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":-}',
    '{"a":1e}',
    '{"a":+1}',
    '{"a":tru}',
    '{"a":truee}',
    '{"a":"\u0001"}',
    '{"a":"\\x"}',
    '{"a":"\\u12g4"}',
    '{"a" 1}',
    '{a:1}',
    '{"a":1,}',
    '{,"a":1}',
    '{"a":[1,]}',
    '{"a":[1}',
    '{"a":1]',
    '{"a":"unterminated}',
    '{"a":1',
    '}',
    '{"a":1}}',
    '\u00a0{}',
  ])('refuses %j', (text) => {
    expect(isJsonObjectBytes(Buffer.from(text, 'utf8'))).toBe(false);
    agrees(text);
  });

  test('agrees with JSON.parse on arbitrary JSON values, objects and near-misses (seeded)', () => {
    const nearMiss = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', '\\', ':', ' ', '0', '-', 'e', '.', '\u0000', 'x'))
      .map(([text, at, insert]) => {
        const cut = text.length === 0 ? 0 : at % (text.length + 1);
        return text.slice(0, cut) + insert + text.slice(cut);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.object().map((o) => JSON.stringify(o)), nearMiss, fc.string()), (text) => {
        expect(isJsonObjectBytes(Buffer.from(text, 'utf8'))).toBe(parsesToObject(text));
      }),
      { seed: 12, numRuns: 5000 },
    );
  });

  test('reads from an offset (past a byte order mark)', () => {
    expect(isJsonObjectBytes(Buffer.from('\ufeff{"a":1}', 'utf8'), 3)).toBe(true);
    expect(isJsonObjectBytes(Buffer.from('\ufeff{"a":1}', 'utf8'))).toBe(false);
  });
});
