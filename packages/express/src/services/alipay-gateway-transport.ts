/**
 * How the login reaches Alipay's OpenAPI gateway (gateway.do). In
 * production: an HTTPS POST with fetch. The development app passes a
 * transport that calls its fake gateway in process instead.
 */

export interface AlipayGatewayRequest {
  /** The gateway.do URL, e.g. https://openapi.alipay.com/gateway.do. */
  readonly url: string;
  /** The protocol parameters (app_id, method, charset, sign_type, timestamp, version, sign, cert SNs): sent in the query string. */
  readonly query: Readonly<Record<string, string>>;
  /** The method's own parameters (grant_type, code): sent as an application/x-www-form-urlencoded body. */
  readonly form: Readonly<Record<string, string>>;
}

export interface AlipayGatewayResponse {
  readonly status: number;
  /**
   * The answer's text exactly as it arrived (UTF-8): its sign covers the raw
   * text of the response member, so it is never parsed and re-serialised
   * before it is verified.
   */
  readonly text: string;
}

/** Rejects only when the gateway could not be reached (network error, timeout). */
export type AlipayGatewayTransport = (request: AlipayGatewayRequest) => Promise<AlipayGatewayResponse>;

/**
 * The real transport: POST with fetch, with a timeout. Protocol parameters go
 * in the query string and the method's parameters in the form body, as the
 * official Java SDK sends them (alipay-sdk-java AbstractAlipayClient:
 * protocalMustParams and protocalOptParams in the URL, applicationParams in
 * the body); the gateway reads either place.
 *
 * @example
 * ```ts
 * const transport = fetchAlipayGatewayTransport();
 * const { text } = await transport({ url: 'https://openapi.alipay.com/gateway.do', query, form });
 * ```
 */
export function fetchAlipayGatewayTransport(timeoutMs = 5_000): AlipayGatewayTransport {
  return async ({ url, query, form }) => {
    const search = new URLSearchParams(query).toString();
    const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}${search}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, text: Buffer.from(await response.arrayBuffer()).toString('utf8') };
  };
}
