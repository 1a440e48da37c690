/** The signing algorithms Alipay uses: RSA2 = SHA256withRSA (default), RSA = SHA1withRSA (legacy). */
export const ALIPAY_SIGN_TYPES = ['RSA2', 'RSA'] as const;
export type AlipaySignType = (typeof ALIPAY_SIGN_TYPES)[number];

export function isAlipaySignType(value: unknown): value is AlipaySignType {
  return value === 'RSA2' || value === 'RSA';
}

/**
 * A `my.getPhoneNumber` answer, parsed, with the raw text the signature covers.
 */
export interface ParsedAlipayPhoneResponse {
  /** Which shape arrived: the `res.response` JSON string, or the button event's `{encryptedData, sign}`. */
  readonly variant: 'response' | 'event';
  /**
   * The exact text of the `response` value as it stood in the payload: for a
   * ciphertext the string literal WITH its quotes; for an unencrypted body the
   * object text as sent. This is what the signature covers.
   */
  readonly signedContent: string;
  /**
   * For a ciphertext whose JSON string literal holds escapes (re-serialised on
   * the way: Gson writes "=" as \u003d, PHP's json_encode writes "/" as \/):
   * `'"' + the decoded string + '"'`, Alipay's documented check, which the
   * signature covers too. Undefined when the literal has no escape (then it
   * equals signedContent) and for an unencrypted body (only its raw text counts).
   */
  readonly decodedSignedContent: string | undefined;
  /** The base64 ciphertext when the response is encrypted. */
  readonly ciphertext: string | undefined;
  /** The business body when the response is NOT encrypted (already an object). */
  readonly plainBody: Record<string, unknown> | undefined;
  readonly encrypted: boolean;
  readonly sign: string | undefined;
  /** The sign_type the payload claims (RSA2 when absent). */
  readonly signType: AlipaySignType;
  readonly signTypeDeclared: boolean;
  readonly encryptType: string | undefined;
  readonly charset: string | undefined;
  /** An appId carried by a wrapper `{"response": "...", "appId": "..."}`, if any. */
  readonly appId: string | undefined;
}

/** The business body Alipay encrypts: `{"code":"10000","msg":"Success","mobile":"..."}` or an error body. */
export interface AlipayBusinessBody {
  readonly code: string;
  readonly msg?: string;
  readonly subCode?: string;
  readonly subMsg?: string;
  readonly mobile?: string;
  readonly [key: string]: unknown;
}
