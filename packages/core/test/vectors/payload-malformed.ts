import type { CoreErrorCode } from '../../src';
import type { Vector } from './vector';

export interface RefusalOutput {
  readonly code: CoreErrorCode;
  readonly message: string;
}

const NOT_JSON = 'The payload is not JSON: expected the res.response string from my.getPhoneNumber.';
const NOT_OBJECT = 'The payload must be a JSON object.';
const BAD_RESPONSE = '"response" must be a ciphertext string or a JSON object.';
const formEncoded = (field: string): string =>
  `The payload is form-encoded (${field}=...), not JSON: my.request (and my.httpRequest) send an object given as data as application/x-www-form-urlencoded unless told otherwise. Post res.response itself as the body (data: res.response), or send JSON: headers: {'content-type': 'application/json'} with data: JSON.stringify({response: res.response}).`;
const PARSED_OBJECT =
  '"response" must be the res.response STRING as my.getPhoneNumber gave it; you sent a parsed object (JSON.parse(res.response)), and the signature covers the exact text: post the string unchanged, as the body (data: res.response) or as JSON.stringify({response: res.response}).';

/** Payloads parseAlipayPhoneResponse refuses, with the exact message a developer sees. */
export const MALFORMED_PAYLOAD_VECTORS: readonly Vector<string, RefusalOutput>[] = [
  { title: 'text that is not JSON', input: 'not json, and no form either', output: { code: 'PAYLOAD_MALFORMED', message: NOT_JSON } },
  { title: 'a query string without payload fields', input: 'a=1&b=2', output: { code: 'PAYLOAD_MALFORMED', message: NOT_JSON } },
  { title: 'a form-encoded body with a response field', input: 'response=abc&sign=def', output: { code: 'PAYLOAD_FORM_ENCODED', message: formEncoded('response') } },
  {
    title: 'my.request data {response: res.response} form-encoded',
    input: `response=${encodeURIComponent('{"response":"8XfRwEAsurYc+WM7Vv/FTmHMO3tA0c==","sign":"QO56+GXKlRl0/CRtui==","sign_type":"RSA2"}')}`,
    output: { code: 'PAYLOAD_FORM_ENCODED', message: formEncoded('response') },
  },
  { title: 'a form-encoded event detail', input: 'encryptedData=abc%2B%2F%3D&sign=def', output: { code: 'PAYLOAD_FORM_ENCODED', message: formEncoded('encryptedData') } },
  {
    title: 'the parsed res.response object in a "response" field',
    input: '{"response":{"response":"abc","sign":"def","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}}',
    output: { code: 'PAYLOAD_RESPONSE_PARSED', message: PARSED_OBJECT },
  },
  { title: 'the parsed event detail in a "response" field', input: '{"response":{"encryptedData":"abc","sign":"def"}}', output: { code: 'PAYLOAD_RESPONSE_PARSED', message: PARSED_OBJECT } },
  { title: 'truncated JSON', input: '{"response":"abc"', output: { code: 'PAYLOAD_MALFORMED', message: NOT_JSON } },
  { title: 'an empty string', input: '', output: { code: 'PAYLOAD_MALFORMED', message: 'The payload is empty.' } },
  { title: 'only whitespace', input: ' \n\t ', output: { code: 'PAYLOAD_MALFORMED', message: 'The payload is empty.' } },
  { title: 'a JSON array', input: '[{"response":"abc","sign":"def"}]', output: { code: 'PAYLOAD_MALFORMED', message: NOT_OBJECT } },
  { title: 'a JSON string', input: '"abc"', output: { code: 'PAYLOAD_MALFORMED', message: NOT_OBJECT } },
  { title: 'JSON null', input: 'null', output: { code: 'PAYLOAD_MALFORMED', message: NOT_OBJECT } },
  { title: 'a JSON number', input: '42', output: { code: 'PAYLOAD_MALFORMED', message: NOT_OBJECT } },
  {
    title: 'an object without response',
    input: '{"sign":"abc","sign_type":"RSA2"}',
    output: { code: 'PAYLOAD_MALFORMED', message: 'The payload has no "response" field: send res.response, not the whole res object.' },
  },
  { title: 'a response that is a number', input: '{"response":12345,"sign":"abc"}', output: { code: 'PAYLOAD_MALFORMED', message: BAD_RESPONSE } },
  { title: 'a response that is null', input: '{"response":null,"sign":"abc"}', output: { code: 'PAYLOAD_MALFORMED', message: BAD_RESPONSE } },
  { title: 'a response that is an array', input: '{"response":["abc"],"sign":"abc"}', output: { code: 'PAYLOAD_MALFORMED', message: BAD_RESPONSE } },
  { title: 'a response that is a boolean', input: '{"response":true}', output: { code: 'PAYLOAD_MALFORMED', message: BAD_RESPONSE } },
  { title: 'a response that is an empty string', input: '{"response":"","sign":"abc"}', output: { code: 'PAYLOAD_MALFORMED', message: '"response" is empty.' } },
  {
    title: 'a repeated response field',
    input: '{"response":"abc","response":"def","sign":"s"}',
    output: { code: 'PAYLOAD_MALFORMED', message: 'The payload repeats the field(s) "response".' },
  },
  {
    title: 'repeated sign and sign_type fields',
    input: '{"response":"abc","sign":"s1","sign_type":"RSA2","sign":"s2","sign_type":"RSA"}',
    output: { code: 'PAYLOAD_MALFORMED', message: 'The payload repeats the field(s) "sign", "sign_type".' },
  },
  { title: 'a sign that is a number', input: '{"response":"abc","sign":123}', output: { code: 'PAYLOAD_MALFORMED', message: '"sign" must be a string.' } },
  { title: 'a sign_type that is an object', input: '{"response":"abc","sign_type":{}}', output: { code: 'PAYLOAD_MALFORMED', message: '"sign_type" must be a string.' } },
  { title: 'an encrypt_type that is a number', input: '{"response":"abc","encrypt_type":1}', output: { code: 'PAYLOAD_MALFORMED', message: '"encrypt_type" must be a string.' } },
  { title: 'a charset that is an array', input: '{"response":"abc","charset":[]}', output: { code: 'PAYLOAD_MALFORMED', message: '"charset" must be a string.' } },
  { title: 'a wrapper whose inner text is not JSON', input: '{"response":"{not json"}', output: { code: 'PAYLOAD_MALFORMED', message: NOT_JSON } },
  { title: 'a wrapper whose inner text is an object without response', input: '{"response":"{\\"sign\\":\\"s\\"}"}', output: { code: 'PAYLOAD_MALFORMED', message: 'The payload has no "response" field: send res.response, not the whole res object.' } },
  { title: 'an event with an empty encryptedData', input: '{"encryptedData":"","sign":"s"}', output: { code: 'PAYLOAD_MALFORMED', message: '"encryptedData" must be a non-empty string.' } },
  { title: 'an event with a numeric encryptedData', input: '{"encryptedData":1,"sign":"s"}', output: { code: 'PAYLOAD_MALFORMED', message: '"encryptedData" must be a non-empty string.' } },
  { title: 'an event with a numeric sign', input: '{"encryptedData":"abc","sign":1}', output: { code: 'PAYLOAD_MALFORMED', message: '"sign" must be a string.' } },
  { title: 'sign_type SM2', input: '{"response":"abc","sign":"s","sign_type":"SM2"}', output: { code: 'SIGN_TYPE_UNSUPPORTED', message: 'sign_type "SM2" is not RSA2 or RSA.' } },
  { title: 'sign_type in lower case', input: '{"response":"abc","sign":"s","sign_type":"rsa2"}', output: { code: 'SIGN_TYPE_UNSUPPORTED', message: 'sign_type "rsa2" is not RSA2 or RSA.' } },
  {
    title: 'a long sign_type is cut to 16 characters in the message',
    input: '{"response":"abc","sign":"s","sign_type":"HMAC-SHA256-WITH-EXTRAS"}',
    output: { code: 'SIGN_TYPE_UNSUPPORTED', message: 'sign_type "HMAC-SHA256-WITH" is not RSA2 or RSA.' },
  },
  { title: 'an event with signType HMAC', input: '{"encryptedData":"abc","sign":"s","signType":"HMAC"}', output: { code: 'SIGN_TYPE_UNSUPPORTED', message: 'sign_type "HMAC" is not RSA2 or RSA.' } },
];
