import { PhonekitError } from '../errors/phonekit-error';
import { isRecord } from '../lib/is-record';
import { rawTopLevelMembers } from '../lib/raw-json';
import { isAlipaySignType, type AlipaySignType, type ParsedAlipayPhoneResponse } from './types';

const malformed = (message: string): PhonekitError => new PhonekitError('PAYLOAD_MALFORMED', { message });

function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(`"${key}" must be a string.`);
  return value;
}

function readSignType(obj: Record<string, unknown>, key: string): { signType: AlipaySignType; declared: boolean } {
  const value = optionalString(obj, key);
  if (value === undefined || value === '') return { signType: 'RSA2', declared: false };
  if (!isAlipaySignType(value)) {
    throw new PhonekitError('SIGN_TYPE_UNSUPPORTED', {
      message: `sign_type "${value.slice(0, 16)}" is not RSA2 or RSA.`,
    });
  }
  return { signType: value, declared: true };
}

/** Fields a form-encoded my.getPhoneNumber payload carries (one is enough to tell). */
const PAYLOAD_FIELDS: readonly string[] = ['response', 'encryptedData', 'sign'];

/**
 * The payload field a form-encoded body (`response=%7B%22response...`) names,
 * or undefined when the text does not look like one: an object sent as data
 * without a JSON content type reaches the server form-encoded.
 */
function formEncodedField(text: string): string | undefined {
  if (!/^[A-Za-z_][\w.-]*=/.test(text) || /\s/.test(text)) return undefined;
  const fields = new URLSearchParams(text);
  return PAYLOAD_FIELDS.find((name) => fields.has(name));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const field = formEncodedField(text);
    if (field !== undefined) {
      throw new PhonekitError('PAYLOAD_FORM_ENCODED', {
        message: `The payload is form-encoded (${field}=...), not JSON: my.request (and my.httpRequest) send an object given as data as application/x-www-form-urlencoded unless told otherwise. Post res.response itself as the body (data: res.response), or send JSON: headers: {'content-type': 'application/json'} with data: JSON.stringify({response: res.response}).`,
      });
    }
    throw malformed('The payload is not JSON: expected the res.response string from my.getPhoneNumber.');
  }
}

/**
 * Whether an object in the "response" field is the my.getPhoneNumber answer
 * itself, parsed (JSON.parse(res.response) sent instead of the string), rather
 * than an unencrypted business body: those never carry a sign or a response.
 */
function isParsedPayload(value: Record<string, unknown>): boolean {
  return 'sign' in value || 'response' in value || 'encryptedData' in value || 'sign_type' in value;
}

function fromEvent(obj: Record<string, unknown>, appId: string | undefined): ParsedAlipayPhoneResponse {
  const encryptedData = obj['encryptedData'];
  if (typeof encryptedData !== 'string' || encryptedData === '') {
    throw malformed('"encryptedData" must be a non-empty string.');
  }
  const sign = optionalString(obj, 'sign');
  const { signType, declared } = readSignType(obj, obj['sign_type'] === undefined ? 'signType' : 'sign_type');
  return {
    variant: 'event',
    signedContent: JSON.stringify(encryptedData),
    decodedSignedContent: undefined,
    ciphertext: encryptedData,
    plainBody: undefined,
    encrypted: true,
    sign: sign === '' ? undefined : sign,
    signType,
    signTypeDeclared: declared,
    encryptType: 'AES',
    charset: undefined,
    appId,
  };
}

/** `parsed` is JSON.parse(text) when the caller already has it: parse once on the hot path. */
function fromResponseText(text: string, appId: string | undefined, parsed?: unknown): ParsedAlipayPhoneResponse {
  const obj = parsed === undefined ? parseJson(text) : parsed;
  if (!isRecord(obj)) throw malformed('The payload must be a JSON object.');
  if (!('response' in obj)) {
    if ('encryptedData' in obj) return fromEvent(obj, appId);
    throw malformed('The payload has no "response" field: send res.response, not the whole res object.');
  }
  const { members, duplicates } = rawTopLevelMembers(text);
  if (duplicates.length > 0) {
    throw malformed(`The payload repeats the field(s) ${duplicates.map((k) => `"${k.slice(0, 32)}"`).join(', ')}.`);
  }
  const responseMember = members.get('response');
  if (responseMember === undefined) throw malformed('The payload has no "response" field.');
  const value = obj['response'];
  const sign = optionalString(obj, 'sign');
  const { signType, declared } = readSignType(obj, 'sign_type');
  const encryptType = optionalString(obj, 'encrypt_type');
  const charset = optionalString(obj, 'charset');
  let ciphertext: string | undefined;
  let plainBody: Record<string, unknown> | undefined;
  if (typeof value === 'string') {
    if (value === '') throw malformed('"response" is empty.');
    ciphertext = value;
  } else if (isRecord(value)) {
    if (isParsedPayload(value)) {
      throw new PhonekitError('PAYLOAD_RESPONSE_PARSED', {
        message:
          '"response" must be the res.response STRING as my.getPhoneNumber gave it; you sent a parsed object (JSON.parse(res.response)), and the signature covers the exact text: post the string unchanged, as the body (data: res.response) or as JSON.stringify({response: res.response}).',
      });
    }
    plainBody = value;
  } else {
    throw malformed('"response" must be a ciphertext string or a JSON object.');
  }
  // One literal rather than `{ ...base, ... }`: V8 copies that spread on a slow
  // path here, which cost more than JSON.parse and the raw scan together.
  return {
    variant: 'response',
    signedContent: responseMember.raw,
    // A string re-serialised on the way (Gson's \u003d, PHP's \/) no longer
    // matches the signed text; Alipay's documented check quotes the decoded string
    // (https://opendocs.alipay.com/common/02mse3: signContent = "\"" + response + "\"").
    decodedSignedContent: ciphertext !== undefined && responseMember.raw.includes('\\') ? `"${ciphertext}"` : undefined,
    ciphertext,
    plainBody,
    encrypted: ciphertext !== undefined,
    sign: sign === '' ? undefined : sign,
    signType,
    signTypeDeclared: declared,
    encryptType,
    charset,
    appId,
  };
}

/**
 * Parses what `my.getPhoneNumber` gave the mini-program, in any of the shapes
 * a client sends it:
 * - the `res.response` JSON string itself;
 * - a wrapper `{"response": "<that string>", "appId"?: "..."}`;
 * - the newer button event detail `{"encryptedData": "...", "sign": "..."}`.
 *
 * Keeps the raw text of the `response` value for signature verification.
 * Throws PAYLOAD_MALFORMED (or SIGN_TYPE_UNSUPPORTED) with a message saying
 * what is wrong; two client mistakes have codes of their own:
 * PAYLOAD_FORM_ENCODED (my.request's default encoding of an object given as
 * data) and PAYLOAD_RESPONSE_PARSED (JSON.parse(res.response) sent in place
 * of the string).
 *
 * @example
 * ```ts
 * const parsed = parseAlipayPhoneResponse(req.body);
 * parsed.signedContent; // '"p3Hx...=="', quotes included
 * ```
 */
export function parseAlipayPhoneResponse(input: string): ParsedAlipayPhoneResponse {
  if (typeof input !== 'string') throw malformed('The payload must be a string.');
  const text = input.trim();
  if (text === '') throw malformed('The payload is empty.');
  const outer = parseJson(text);
  if (!isRecord(outer)) throw malformed('The payload must be a JSON object.');
  const appIdValue = outer['appId'];
  const appId = typeof appIdValue === 'string' && appIdValue !== '' ? appIdValue : undefined;
  const inner = outer['response'];
  // A wrapper {"response": "<res.response string>"}: the inner value is itself a JSON object text.
  if (typeof inner === 'string' && inner.trimStart().startsWith('{')) {
    return fromResponseText(inner.trim(), appId);
  }
  return fromResponseText(text, appId, outer);
}
