import { PhonekitError } from '../errors/phonekit-error';
import type { NormalisedPhone } from '../phone/normalise-phone';
import type { AlipayAesKey } from './aes-key';
import { decryptAlipayContent } from './decrypt-content';
import { interpretAlipayBody, upstreamOf } from './interpret-body';
import { parseAlipayPhoneResponse } from './parse-phone-response';
import type { AlipayPublicKey } from './public-key';
import type { AlipaySignType, ParsedAlipayPhoneResponse } from './types';
import { verifyAlipaySign } from './verify-sign';

/** One Alipay app's keys, parsed once at configuration time. */
export interface AlipayAppKeys {
  readonly appId?: string | undefined;
  /** Alipay's public key; without it signed payloads cannot be verified and are refused. */
  readonly publicKey?: AlipayPublicKey | undefined;
  readonly aesKey?: AlipayAesKey | undefined;
  /** The sign type configured in the Alipay console (default RSA2). The payload cannot choose another. */
  readonly signType?: AlipaySignType | undefined;
  /** Accept payloads without `sign`. Development only; refused in production by the server. */
  readonly allowUnsigned?: boolean | undefined;
}

export type SignatureStatus = 'valid' | 'invalid' | 'absent' | 'unchecked';

/**
 * Everything phonekit can tell about one payload, for the CLI and the
 * simulator's paste box: a phone or an error, never both, never neither.
 */
export type AlipayInspection = {
  readonly signature: SignatureStatus;
  readonly encrypted: boolean;
  /** The decrypted (or unencrypted) business body, with `mobile` as Alipay sent it. */
  readonly body: Record<string, unknown> | undefined;
  /** Plain-language findings, in the order they were made. */
  readonly diagnosis: readonly string[];
  readonly parsed: ParsedAlipayPhoneResponse | undefined;
} & (
  | { readonly phone: NormalisedPhone; readonly error: undefined }
  | {
      readonly phone: undefined;
      /** The failure. */
      readonly error: PhonekitError;
    }
);

/**
 * The core steps throw only PhonekitError; anything else is a bug in phonekit
 * and is thrown on as it is (an HTTP layer answers it as its own internal error).
 */
function phonekitErrorOr(err: unknown): PhonekitError {
  if (err instanceof PhonekitError) return err;
  throw err;
}

/** The diagnosis of a run that was asked for none. */
const NO_DIAGNOSIS: readonly string[] = Object.freeze([]);

export interface InspectOptions {
  /**
   * Write the plain-language diagnosis (default true). false: the report's
   * diagnosis is empty, and none of its sentences is built, for a caller that
   * needs only the outcome (openAlipayPhoneResponse, a server's hot path).
   */
  readonly diagnose?: boolean;
}

/** The inspection of a payload that parsed but failed at a later step. */
function failure(
  parsed: ParsedAlipayPhoneResponse,
  diagnosis: readonly string[] | undefined,
  signature: SignatureStatus,
  error: PhonekitError,
  body?: Record<string, unknown>,
): AlipayInspection {
  return { signature, encrypted: parsed.encrypted, body, phone: undefined, error, diagnosis: diagnosis ?? NO_DIAGNOSIS, parsed };
}

/**
 * Runs the whole Alipay pipeline without throwing: parse, verify the RSA2
 * signature over the raw `response` text, and only then decrypt and read the
 * body. Returns what happened at each step and a diagnosis in plain words.
 * Secrets and full phone numbers never enter the diagnosis.
 *
 * @example
 * ```ts
 * const report = inspectAlipayPhoneResponse(resResponse, app);
 * if (report.error) console.log(report.error.code, report.diagnosis);
 * ```
 */
export function inspectAlipayPhoneResponse(input: string, app: AlipayAppKeys, options: InspectOptions = {}): AlipayInspection {
  let parsed: ParsedAlipayPhoneResponse;
  try {
    parsed = parseAlipayPhoneResponse(input);
  } catch (err) {
    const error = phonekitErrorOr(err);
    return { signature: 'unchecked', encrypted: false, body: undefined, phone: undefined, error, diagnosis: options.diagnose === false ? NO_DIAGNOSIS : [error.message], parsed: undefined };
  }
  return inspectParsedAlipayPhoneResponse(parsed, app, options);
}

/**
 * inspectAlipayPhoneResponse for a payload the caller already parsed with
 * parseAlipayPhoneResponse (a server that read the appId from it), so it is
 * not parsed twice.
 *
 * @example
 * ```ts
 * const parsed = parseAlipayPhoneResponse(body);
 * const report = inspectParsedAlipayPhoneResponse(parsed, apps.get(parsed.appId));
 * ```
 */
export function inspectParsedAlipayPhoneResponse(parsed: ParsedAlipayPhoneResponse, app: AlipayAppKeys, options: InspectOptions = {}): AlipayInspection {
  // `diagnosis?.push(...)` builds no sentence when there is no diagnosis to write.
  const diagnosis: string[] | undefined = options.diagnose === false ? undefined : [];
  diagnosis?.push(
    parsed.variant === 'event'
      ? 'Button event variant {encryptedData, sign}.'
      : `res.response with ${parsed.encrypted ? 'an encrypted' : 'an UNENCRYPTED'} response${parsed.sign === undefined ? ' and no sign' : `, sign_type ${parsed.signType}${parsed.signTypeDeclared ? '' : ' (not declared, RSA2 assumed)'}`}.`,
  );
  if (parsed.ciphertext?.includes(' ') === true) {
    diagnosis?.push('The ciphertext contains spaces: a "+" was probably turned into a space by URL-decoding on the way.');
  }

  // 1. Signature, always before decryption.
  let signature: SignatureStatus;
  if (parsed.sign === undefined) {
    signature = 'absent';
    diagnosis?.push(
      'No sign: Alipay adds one only when 接口加签方式, 接口内容加密方式 and 应用网关 are all set for the app.',
    );
  } else if (app.publicKey === undefined) {
    signature = 'unchecked';
    diagnosis?.push('The payload is signed but no Alipay public key was given, so the signature cannot be checked.');
    return failure(parsed, diagnosis, signature, new PhonekitError('PUBLIC_KEY_MISSING'));
  } else {
    const expected = app.signType ?? 'RSA2';
    if (parsed.signTypeDeclared && parsed.signType !== expected) {
      diagnosis?.push(`The payload says sign_type ${parsed.signType} but the app is configured for ${expected}.`);
      return failure(parsed, diagnosis, 'invalid', new PhonekitError('SIGN_TYPE_MISMATCH', { message: `The payload's sign_type is ${parsed.signType}; this app is configured for ${expected}.` }));
    }
    signature = verifyAlipaySign(parsed.signedContent, parsed.sign, app.publicKey, expected) ? 'valid' : 'invalid';
    // The raw slice first; for a string value that a JSON library re-escaped on
    // the way (Gson's \u003d, PHP json_encode's \/), then '"' + the decoded
    // string + '"', which is Alipay's documented check: the server-side sample
    // of 敏感信息加解密 (https://opendocs.alipay.com/common/02mse3, also cited by
    // the official alipay-sdk beside rsaCheck for front-end payloads) builds
    // signContent as "\"" + the parsed response + "\"" for encrypted content.
    // Exactly as safe as the raw text: the sign covers the same decoded value,
    // and it is that ciphertext which gets decrypted. An object (unencrypted)
    // keeps the raw slice only: parse-phone-response sets no decoded form for it.
    if (signature === 'invalid' && parsed.decodedSignedContent !== undefined && verifyAlipaySign(parsed.decodedSignedContent, parsed.sign, app.publicKey, expected)) {
      signature = 'valid';
      diagnosis?.push(
        'The response string was re-escaped on the way (a JSON library wrote "=" as \\u003d or "/" as \\/): the signature was checked over the decoded string, as Alipay documents it.',
      );
    }
    if (signature === 'invalid') {
      diagnosis?.push(
        'The signature does not verify with the configured Alipay public key: the key is not this app\'s 支付宝公钥 (an application public key is a common mix-up), or the payload was altered on the way.',
      );
      return failure(parsed, diagnosis, signature, new PhonekitError('SIGNATURE_INVALID'));
    }
    diagnosis?.push(`The ${expected} signature is valid.`);
  }

  // Verify before decrypt, always: an unsigned ciphertext is not even decrypted
  // unless unsigned payloads are allowed. (Unsigned UNENCRYPTED bodies are read
  // below: that is how Alipay reports a missing AES setup, and they never yield a phone.)
  if (signature === 'absent' && parsed.encrypted && app.allowUnsigned !== true) {
    diagnosis?.push('Unsigned payloads are refused (allowUnsigned is off), so it was not decrypted.');
    return failure(parsed, diagnosis, signature, new PhonekitError('SIGNATURE_MISSING'));
  }

  // 2. The body: decrypt, or take the unencrypted object as it is.
  let body: Record<string, unknown>;
  if (parsed.encrypted) {
    if (app.aesKey === undefined) {
      diagnosis?.push('The response is encrypted but no AES key was given.');
      return failure(parsed, diagnosis, signature, new PhonekitError('AES_KEY_MISSING'));
    }
    try {
      body = decryptAlipayContent(parsed.ciphertext ?? '', app.aesKey);
    } catch (err) {
      diagnosis?.push(
        signature === 'valid'
          ? 'The signature is valid, so Alipay made this payload, but the AES key does not decrypt it: it is not the key set under 接口内容加密方式 (or that was changed since).'
          : 'The AES key does not decrypt the response: wrong key, or a damaged payload.',
      );
      return failure(parsed, diagnosis, signature, phonekitErrorOr(err));
    }
    diagnosis?.push(`Decrypted with ${app.aesKey.cipher}.`);
  } else {
    body = parsed.plainBody ?? {};
  }

  // Read the code exactly as interpretAlipayBody will (a numeric 10000 is 10000 too),
  // so the unsigned and unencrypted checks below cannot be sidestepped.
  const code = upstreamOf(body).code;
  // Unsigned payloads never yield anything unless explicitly allowed, with one
  // exception: 40001 (missing encryption key or signature type), which Alipay
  // sends unsigned because the app has no keys set up for it to use. Reading
  // only that keeps its helpful fix, while an unsigned forgery cannot choose
  // any other answer (a 20000 "busy", a 502 alarm).
  const missingConfiguration = code === '40001' && !parsed.encrypted;
  if (signature === 'absent' && app.allowUnsigned !== true && !missingConfiguration) {
    diagnosis?.push('Unsigned payloads are refused (allowUnsigned is off).');
    return failure(parsed, diagnosis, signature, new PhonekitError('SIGNATURE_MISSING'), body);
  }
  if (!parsed.encrypted && code === '10000' && body['mobile'] !== undefined && body['mobile'] !== '') {
    diagnosis?.push('The response carries a mobile without encryption.');
    return failure(parsed, diagnosis, signature, new PhonekitError('NOT_ENCRYPTED'), body);
  }
  try {
    const phone = interpretAlipayBody(body);
    diagnosis?.push(`Alipay answered 10000 with a ${phone.countryCode === '86' ? 'mainland' : 'overseas'} number (${phone.masked}).`);
    return { signature, encrypted: parsed.encrypted, body, phone, error: undefined, diagnosis: diagnosis ?? NO_DIAGNOSIS, parsed };
  } catch (err) {
    const error = phonekitErrorOr(err);
    // An answer phonekit has no advice for is told as Alipay gave it (the message names it), never with a guessed fix.
    diagnosis?.push(
      error.upstream === undefined || error.code === 'ALIPAY_UPSTREAM_ERROR'
        ? error.message
        : `Alipay answered ${error.upstream.code}${error.upstream.subCode === undefined ? '' : ` ${error.upstream.subCode}`}: ${error.hint}`,
    );
    return failure(parsed, diagnosis, signature, error, body);
  }
}

/**
 * Verifies, decrypts and reads a my.getPhoneNumber payload, returning the
 * normalised phone or throwing a PhonekitError from the catalogue.
 *
 * @example
 * ```ts
 * const phone = openAlipayPhoneResponse(req.body, {
 *   publicKey: loadAlipayPublicKey(env.ALIPAY_PUBLIC_KEY),
 *   aesKey: loadAlipayAesKey(env.ALIPAY_AES_KEY),
 * });
 * phone.e164; // '+8613811112222'
 * ```
 */
export function openAlipayPhoneResponse(input: string, app: AlipayAppKeys): NormalisedPhone {
  return phoneOrThrow(inspectAlipayPhoneResponse(input, app, { diagnose: false }));
}

/** openAlipayPhoneResponse for a payload already parsed with parseAlipayPhoneResponse. */
export function openParsedAlipayPhoneResponse(parsed: ParsedAlipayPhoneResponse, app: AlipayAppKeys): NormalisedPhone {
  return phoneOrThrow(inspectParsedAlipayPhoneResponse(parsed, app, { diagnose: false }));
}

function phoneOrThrow(report: AlipayInspection): NormalisedPhone {
  if (report.error !== undefined) throw report.error;
  return report.phone;
}

