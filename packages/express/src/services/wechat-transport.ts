import { fetchPlatformTransport } from '../platforms/platform-transport';

/**
 * How the WeChat client reaches WeChat's server API. In production: HTTPS to
 * api.weixin.qq.com (or WECHAT_API_BASE) with fetch. The development app
 * passes a transport that calls its fake WeChat in process instead, so the
 * server never calls itself over HTTP.
 */

export interface WechatHttpRequest {
  readonly method: 'GET' | 'POST';
  /** The path below the API base, e.g. `/sns/jscode2session`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** A JSON body (POST). */
  readonly body?: string;
}

export interface WechatHttpResponse {
  readonly status: number;
  /** The parsed JSON answer; `undefined` when the answer was not JSON. */
  readonly body: unknown;
}

/** Rejects only when WeChat could not be reached (network error, timeout). */
export type WechatTransport = (request: WechatHttpRequest) => Promise<WechatHttpResponse>;

/**
 * The real transport: fetch against `apiBase`, with a timeout.
 *
 * @example
 * ```ts
 * const transport = fetchWechatTransport('https://api.weixin.qq.com');
 * ```
 */
export function fetchWechatTransport(apiBase: string, timeoutMs = 5_000): WechatTransport {
  const transport = fetchPlatformTransport({ api: apiBase, login: apiBase }, timeoutMs);
  return (request) =>
    transport({
      method: request.method,
      host: 'api',
      path: request.path,
      query: request.query,
      ...(request.body === undefined ? {} : { body: request.body, contentType: 'application/json' as const }),
    });
}
