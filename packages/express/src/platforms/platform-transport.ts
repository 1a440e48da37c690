/**
 * How the Douyin, Baidu, QQ and Kuaishou clients reach their platform's
 * server API. In production: HTTPS with fetch to the configured API bases.
 * The development app passes a transport that calls its fake platforms in
 * process instead, so the server never calls itself over HTTP.
 */

export interface PlatformHttpRequest {
  readonly method: 'GET' | 'POST';
  /** Which of the platform's hosts: `login` is Douyin's jscode2session host (developer.toutiao.com); every other call goes to `api`. */
  readonly host: 'api' | 'login';
  /** The path below the API base, e.g. `/sns/jscode2session`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The body text (POST), sent as `contentType`. */
  readonly body?: string;
  readonly contentType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** Extra request headers, lower-case names (Douyin's `access-token`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface PlatformHttpResponse {
  readonly status: number;
  /** The parsed JSON answer; `undefined` when the answer was not JSON. */
  readonly body: unknown;
}

/** Rejects only when the platform could not be reached (network error, timeout). */
export type PlatformTransport = (request: PlatformHttpRequest) => Promise<PlatformHttpResponse>;

/**
 * The real transport: fetch against the platform's bases, with a timeout.
 *
 * @example
 * ```ts
 * const transport = fetchPlatformTransport({ api: 'https://api.q.qq.com', login: 'https://api.q.qq.com' });
 * ```
 */
export function fetchPlatformTransport(bases: { readonly api: string; readonly login: string }, timeoutMs = 5_000): PlatformTransport {
  return async (request) => {
    const query = new URLSearchParams(request.query).toString();
    const base = request.host === 'login' ? bases.login : bases.api;
    const url = `${base}${request.path}${query === '' ? '' : `?${query}`}`;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    const response = await fetch(url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  };
}
