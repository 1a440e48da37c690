import type { Vector } from './vector';

/** rawTopLevelMembers: the exact text of each top-level value, as a signature covers it. */
export const RAW_MEMBER_VECTORS: readonly Vector<string, Readonly<Record<string, string>>>[] = [
  {
    title: 'a compact res.response keeps the quotes of the ciphertext',
    input: '{"response":"abc+/=","sign":"xyz","sign_type":"RSA2"}',
    output: { response: '"abc+/="', sign: '"xyz"', sign_type: '"RSA2"' },
  },
  {
    title: 'whitespace around a value is not part of it',
    input: '{ "response" :  "abc" , "sign"\t:\n"s" }',
    output: { response: '"abc"', sign: '"s"' },
  },
  {
    title: 'an object value keeps its inner spacing and order as sent',
    input: '{"response":{ "code" : "40003",  "msg":"x" },"sign":"s"}',
    output: { response: '{ "code" : "40003",  "msg":"x" }', sign: '"s"' },
  },
  {
    title: 'braces and brackets inside strings do not end a value',
    input: '{"response":{"msg":"} ] { [ \\"}"},"next":1}',
    output: { response: '{"msg":"} ] { [ \\"}"}', next: '1' },
  },
  {
    title: 'an escaped backslash right before a closing quote',
    input: '{"a":"ends with \\\\","b":"x"}',
    output: { a: '"ends with \\\\"', b: '"x"' },
  },
  {
    title: 'escapes are kept as written, not decoded',
    input: '{"response":"ab\\/cd\\u0041"}',
    output: { response: '"ab\\/cd\\u0041"' },
  },
  {
    title: 'numbers, literals and arrays',
    input: '{"n":-1.5e+3,"t":true,"f":false,"z":null,"arr":[1, [2, {"k":"]"}]]}',
    output: { n: '-1.5e+3', t: 'true', f: 'false', z: 'null', arr: '[1, [2, {"k":"]"}]]' },
  },
  {
    title: 'an escaped key is reported under its decoded name',
    input: '{"respons\\u0065":"abc"}',
    output: { response: '"abc"' },
  },
  {
    title: 'multi-byte text',
    input: '{"subMsg":"缺少加密配置","x":"😀"}',
    output: { subMsg: '"缺少加密配置"', x: '"😀"' },
  },
  { title: 'an empty object', input: ' {  } ', output: {} },
];

/** Top-level keys that occur more than once must be reported, nested ones not. */
export const DUPLICATE_VECTORS: readonly Vector<string, readonly string[]>[] = [
  { title: 'no duplicates', input: '{"a":1,"b":2}', output: [] },
  { title: 'a repeated response', input: '{"response":"a","response":"b"}', output: ['response'] },
  { title: 'a key repeated three times is reported twice', input: '{"sign":"a","sign":"b","sign":"c"}', output: ['sign', 'sign'] },
  { title: 'the same key written with an escape', input: '{"sign":"a","\\u0073ign":"b"}', output: ['sign'] },
  { title: 'duplicates inside a nested object are not top-level', input: '{"response":{"code":"1","code":"2"}}', output: [] },
];
