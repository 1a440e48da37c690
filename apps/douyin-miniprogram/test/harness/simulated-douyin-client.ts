// The Douyin client, the edge we do not own: a `tt` with login, checkSession,
// request, storage, getSystemInfoSync and canIUse, in Douyin's callback
// shapes. tt.login asks the phonekit sandbox (which plays Douyin) for a real
// login code; tt.request goes out over real HTTP (node's fetch). Button
// events come from the sandbox too (`phoneEvent`), encrypted with the user's
// current session_key exactly as Douyin would. tt.getSystemInfoSync answers
// the client's language (`zh_CN` unless told otherwise).
//
// Shapes: tt.login success {errMsg: 'login:ok', code, anonymousCode, isLogin}
// (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/api/open-interface/log-in/tt-login);
// tt.checkSession fail {errMsg: 'checkSession:fail session is empty'}
// (…/log-in/tt-check-session); tt.request success {statusCode, header, data}
// for any HTTP answer, fail {errMsg: 'request:fail …'} without one
// (…/api/network/http/tt-request).

interface Callbacks<T> {
  success?: (result: T) => void;
  fail?: (error: { errMsg: string; errNo?: number }) => void;
  complete?: () => void;
}

interface RequestOptions extends Callbacks<{ statusCode: number; data: unknown; header: Record<string, string>; errMsg: string }> {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  dataType?: string;
  timeout?: number;
}

/** The getPhoneNumber button's detail. */
export interface PhoneEventDetail {
  readonly errMsg: string;
  readonly code?: string;
  readonly encryptedData?: string;
  readonly iv?: string;
}

/** One tt.request as it went out, and its HTTP status once answered. */
export interface SentRequest {
  readonly method: string;
  readonly path: string;
  /** The Authorization header the page sent, if any. */
  readonly authorization: string | undefined;
  /** The body as sent (JSON text), if any. */
  readonly body: string | undefined;
  readonly timeout: number | undefined;
  status: number | undefined;
}

export interface SimulatedDouyinClient {
  /** Install as the global `tt` before the page code runs. */
  readonly tt: Record<string, unknown>;
  /** Times tt.login ran. */
  logins(): number;
  /** The `force` option of each tt.login. */
  loginForces(): readonly unknown[];
  /** Every tt.request made: method and path. */
  requests(): readonly string[];
  /** Every tt.request made, with its Authorization header, body and answer status. */
  sent(): readonly SentRequest[];
  /** The requests whose answer has arrived, in order of arrival. */
  answered(): readonly string[];
  /** Calls not finished yet (login, checkSession, request). */
  inFlight(): number;
  /** Makes tt.checkSession fail, as when Douyin dropped the session. */
  expireSession(): void;
  /** What the getPhoneNumber button hands the page when the user allows; `legacy` leaves out `code` (base library < 3.51.0). */
  phoneEvent(mobile: string, options?: { legacy?: boolean }): Promise<PhoneEventDetail>;
}

export interface SimulatedDouyinClientOptions {
  readonly sandboxUrl: string;
  readonly user: string;
  /** What Douyin says its language is (`tt.getSystemInfoSync().language`): default `zh_CN`; `en` for an English Douyin. */
  readonly language?: string;
  /** Features `tt.canIUse` answers false for (an old Douyin: `button.open-type.getPhoneNumber`). */
  readonly cannotUse?: readonly string[];
}

export function createSimulatedDouyinClient(options: SimulatedDouyinClientOptions): SimulatedDouyinClient {
  const storage = new Map<string, unknown>();
  const requests: string[] = [];
  const answered: string[] = [];
  const sent: SentRequest[] = [];
  const forces: unknown[] = [];
  let logins = 0;
  let sessionValid = false;
  let inFlight = 0;

  // Callbacks run on a later turn, as the client calls them.
  const finish = <T>(callbacks: Callbacks<T>, run: () => Promise<T>, failure: (err: unknown) => { errMsg: string; errNo?: number }): void => {
    inFlight += 1;
    run().then(
      (result) => {
        inFlight -= 1;
        callbacks.success?.(result);
        callbacks.complete?.();
      },
      (err: unknown) => {
        inFlight -= 1;
        callbacks.fail?.(failure(err));
        callbacks.complete?.();
      },
    );
  };
  const why = (err: unknown): string => (err instanceof Error ? err.message : String(err));

  const tt: Record<string, unknown> = {
    getSystemInfoSync(): Record<string, unknown> {
      return { appName: 'Douyin', language: options.language ?? 'zh_CN', SDKVersion: '3.51.0', version: '30.0.0', platform: 'devtools' };
    },
    canIUse(feature: string): boolean {
      return !(options.cannotUse ?? []).includes(feature);
    },
    login(callbacks: Callbacks<{ code: string; anonymousCode: string; isLogin: boolean; errMsg: string }> & { force?: boolean }) {
      forces.push(callbacks.force);
      finish(
        callbacks,
        async () => {
          logins += 1;
          const response = await fetch(`${options.sandboxUrl}/sandbox/douyin/login-code?user=${encodeURIComponent(options.user)}&anonymous=1`);
          const body = (await response.json()) as { code?: unknown; anonymousCode?: unknown };
          if (typeof body.code !== 'string') throw new Error(`login-code answered ${JSON.stringify(body)}`);
          sessionValid = true;
          return { code: body.code, anonymousCode: typeof body.anonymousCode === 'string' ? body.anonymousCode : '', isLogin: true, errMsg: 'login:ok' };
        },
        (err) => ({ errMsg: `login:fail ${why(err)}` }),
      );
    },
    checkSession(callbacks: Callbacks<{ errMsg: string }>) {
      finish(
        callbacks,
        async () => {
          if (!sessionValid) throw new Error('session is empty');
          return { errMsg: 'checkSession:ok' };
        },
        () => ({ errMsg: 'checkSession:fail session is empty', errNo: 113101 }),
      );
    },
    request(request: RequestOptions) {
      finish(
        request,
        async () => {
          const method = request.method ?? 'GET';
          const url = new URL(request.url);
          requests.push(`${method} ${url.pathname}`);
          const header = request.header ?? {};
          const authorization = Object.entries(header).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
          const body = request.data === undefined ? undefined : typeof request.data === 'string' ? request.data : JSON.stringify(request.data);
          const record: SentRequest = { method, path: url.pathname, authorization, body, timeout: request.timeout, status: undefined };
          sent.push(record);
          const response = await fetch(request.url, { method, headers: header, ...(body === undefined ? {} : { body }) });
          const text = await response.text();
          record.status = response.status;
          answered.push(`${method} ${url.pathname}`);
          let data: unknown = text;
          if ((request.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(text);
            } catch {
              // not JSON: the text, as tt.request hands it over
            }
          }
          const headers: Record<string, string> = {};
          response.headers.forEach((value, name) => {
            headers[name] = value;
          });
          return { statusCode: response.status, data, header: headers, errMsg: 'request:ok' };
        },
        (err) => ({ errMsg: `request:fail ${why(err)}` }),
      );
      return { abort: () => undefined };
    },
    getStorageSync(key: string): unknown {
      return storage.get(key) ?? '';
    },
    setStorageSync(key: string, value: unknown): void {
      storage.set(key, JSON.parse(JSON.stringify(value)) as unknown);
    },
    removeStorageSync(key: string): void {
      storage.delete(key);
    },
  };

  return {
    tt,
    logins: () => logins,
    loginForces: () => forces,
    requests: () => requests,
    sent: () => sent,
    answered: () => answered,
    inFlight: () => inFlight,
    expireSession: () => {
      sessionValid = false;
    },
    async phoneEvent(mobile, eventOptions = {}) {
      const response = await fetch(`${options.sandboxUrl}/sandbox/douyin/phone-event?user=${encodeURIComponent(options.user)}&mobile=${encodeURIComponent(mobile)}`);
      const data = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200) throw new Error(`phone-event: ${JSON.stringify(data)}`);
      const { code, ...legacy } = data;
      return (eventOptions.legacy === true ? legacy : { ...legacy, code }) as unknown as PhoneEventDetail;
    },
  };
}
