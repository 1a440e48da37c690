import { PhonekitError } from '../../errors/phonekit-error';
import { alipayGatewayError } from '../../lib/alipay-gateway-error';
import { isRecord } from '../../lib/is-record';
import { rawTopLevelMembers, type RawMember } from '../../lib/raw-json';
import type { AlipayPublicKey } from '../public-key';
import { isAlipaySignType, type AlipaySignType } from '../types';
import { verifyAlipaySign } from '../verify-sign';

/** An OpenAPI answer whose sign checked out, and which is not an error. */
export interface VerifiedAlipayOpenApiResponse {
  /** The member that held the answer, e.g. `alipay_system_oauth_token_response`. */
  readonly responseKey: string;
  /** That member's value, parsed. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The exact text the sign covers: the member's value as it stood in the answer. */
  readonly signedContent: string;
  /** Certificate mode: the SN of the Alipay certificate that signed (`alipay_cert_sn`). */
  readonly alipayCertSn: string | undefined;
}

const ERROR_KEY = 'error_response';
const METHOD_TEXT = /^[a-z0-9]+(?:\.[a-z0-9]+)+$/;

const malformed = (message: string): PhonekitError => new PhonekitError('ALIPAY_GATEWAY_RESPONSE_MALFORMED', { message });

function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw malformed(`"${key}" must be a string.`);
  return value;
}

/** Whether the answer is an error: error_response always is; a method answer is when it carries a code other than 10000. */
function isErrorAnswer(key: string, body: Record<string, unknown>): boolean {
  if (key === ERROR_KEY) return true;
  const code = body['code'];
  return code !== undefined && String(code) !== '10000';
}

/**
 * The sign over the raw member text. Like the official Java SDK
 * (AbstractAlipayClient.checkResponseSign: "针对JSON \/问题，替换/后再尝试做一次验证"),
 * a text with `\/` that fails is tried once more with `/`: the gateway signs
 * before a JSON writer may escape slashes. Still the received bytes, only
 * that one escape undone; never a re-serialisation.
 */
function signatureHolds(member: RawMember, sign: string, key: AlipayPublicKey, signType: AlipaySignType): boolean {
  if (verifyAlipaySign(member.raw, sign, key, signType)) return true;
  return member.raw.includes('\\/') && verifyAlipaySign(member.raw.replaceAll('\\/', '/'), sign, key, signType);
}

/**
 * Checks an answer of Alipay's OpenAPI gateway (gateway.do) to `method`,
 * e.g. `{"alipay_system_oauth_token_response":{...},"sign":"..."}`: the sign
 * is verified with the Alipay public key over the RAW text of the
 * `<method>_response` (or `error_response`) value, exactly as it stands in
 * `rawText`, never a re-serialisation. Pass the body text as received.
 *
 * A success must be signed: ALIPAY_GATEWAY_SIGNATURE_MISSING otherwise. An
 * error answer is checked when it carries a sign (the gateway cannot sign
 * some, such as an unknown app_id), then thrown as its catalogued error
 * (ALIPAY_AUTH_CODE_INVALID, ALIPAY_APP_ID_INVALID, ALIPAY_REQUEST_SIGNATURE_INVALID,
 * ALIPAY_GATEWAY_BUSY, ... or ALIPAY_GATEWAY_ERROR naming an unknown sub_code),
 * with Alipay's fields in `upstream`. A sign that does not verify is
 * ALIPAY_GATEWAY_SIGNATURE_INVALID; anything that is not such an answer is
 * ALIPAY_GATEWAY_RESPONSE_MALFORMED.
 *
 * @example
 * ```ts
 * const { body } = verifyAlipayOpenApiResponse(await res.text(), 'alipay.system.oauth.token', alipayKey, 'RSA2');
 * body['access_token']; // 'authbseB...'
 * ```
 */
export function verifyAlipayOpenApiResponse(rawText: string, method: string, alipayPublicKey: AlipayPublicKey, signType: AlipaySignType = 'RSA2'): VerifiedAlipayOpenApiResponse {
  if (typeof method !== 'string' || !METHOD_TEXT.test(method)) throw new TypeError('method must be an OpenAPI method name such as alipay.system.oauth.token.');
  if (!isAlipaySignType(signType)) {
    throw new PhonekitError('SIGN_TYPE_UNSUPPORTED', { message: `sign_type "${String(signType).slice(0, 16)}" is not RSA2 or RSA.` });
  }
  if (typeof rawText !== 'string') throw malformed('The answer must be the response text.');
  const text = rawText.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('The answer is not JSON: expected the gateway response text itself.');
  }
  if (!isRecord(parsed)) throw malformed('The answer must be a JSON object.');
  // The text passed JSON.parse, so the scan cannot fail; it only locates the spans.
  const { members, duplicates } = rawTopLevelMembers(text);
  if (duplicates.length > 0) throw malformed(`The answer repeats the field(s) ${duplicates.map((key) => `"${key.slice(0, 48)}"`).join(', ')}.`);
  const responseKey = `${method.replaceAll('.', '_')}_response`;
  const own = members.get(responseKey);
  const error = members.get(ERROR_KEY);
  if (own !== undefined && error !== undefined) throw malformed(`The answer holds both "${responseKey}" and "${ERROR_KEY}".`);
  const key = own === undefined ? ERROR_KEY : responseKey;
  const member = own ?? error;
  const body = parsed[key];
  if (member === undefined) throw malformed(`The answer has neither "${responseKey}" nor "${ERROR_KEY}": is it the answer to ${method}?`);
  if (!isRecord(body)) throw malformed(`"${key}" must be a JSON object (encrypted answers are not read here).`);
  const sign = optionalString(parsed, 'sign');
  const alipayCertSn = optionalString(parsed, 'alipay_cert_sn');
  const failed = isErrorAnswer(key, body);
  if (sign === undefined) {
    if (failed) throw alipayGatewayError(body);
    throw new PhonekitError('ALIPAY_GATEWAY_SIGNATURE_MISSING');
  }
  if (!signatureHolds(member, sign, alipayPublicKey, signType)) throw new PhonekitError('ALIPAY_GATEWAY_SIGNATURE_INVALID');
  if (failed) throw alipayGatewayError(body);
  return { responseKey: key, body, signedContent: member.raw, alipayCertSn };
}
