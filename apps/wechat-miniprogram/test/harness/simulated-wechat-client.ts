// The WeChat client, the edge we do not own: a `wx` with login, checkSession,
// request and storage. wx.login asks the phonekit sandbox (which plays WeChat)
// for a real login code; wx.request goes out over real HTTP. Button events
// come from the sandbox too (`phoneEvent`), encrypted with the user's current
// session_key exactly as WeChat would. wx.getAppBaseInfo / getSystemInfoSync
// answer the client's language (`zh_CN` unless told otherwise, as on a
// Chinese user's phone).
import { getStringField, httpJson } from './http-json';

interface Callbacks<T> {
  success?: (result: T) => void;
  fail?: (error: { errMsg: string }) => void;
  complete?: () => void;
}

interface RequestOptions extends Callbacks<{ statusCode: number; data: unknown; header: Record<string, string>; errMsg: string }> {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  dataType?: string;
}

export interface PhoneEventDetail {
  readonly errMsg: string;
  readonly code?: string;
  readonly encryptedData?: string;
  readonly iv?: string;
}

/** One wx.request as it went out, and its HTTP status once answered. */
export interface SentRequest {
  readonly method: string;
  readonly path: string;
  /** The Authorization header the page sent, if any. */
  readonly authorization: string | undefined;
  status: number | undefined;
}

export interface SimulatedWechatClient {
  /** Install as the global `wx` before the page code runs. */
  readonly wx: Record<string, unknown>;
  /** Times wx.login ran. */
  logins(): number;
  /** Every wx.request made: method and path. */
  requests(): readonly string[];
  /** Every wx.request made, with its Authorization header and answer status. */
  sent(): readonly SentRequest[];
  /** The requests whose answer has arrived, in order of arrival. */
  answered(): readonly string[];
  /** Makes wx.checkSession fail, as when WeChat dropped the session_key. */
  expireSession(): void;
  /** What the getPhoneNumber button hands the page when the user allows; `legacy` leaves out `code` (base library < 2.21.2). */
  phoneEvent(mobile: string, options?: { legacy?: boolean }): Promise<PhoneEventDetail>;
}

export interface SimulatedWechatClientOptions {
  readonly sandboxUrl: string;
  readonly user: string;
  /** What WeChat says its language is (`wx.getAppBaseInfo().language`): default `zh_CN`; `en` for an English WeChat. */
  readonly language?: string;
  /** Features `wx.canIUse` answers false for (an old WeChat: `button.open-type.getPhoneNumber`). */
  readonly cannotUse?: readonly string[];
}

export function createSimulatedWechatClient(options: SimulatedWechatClientOptions): SimulatedWechatClient {
  const storage = new Map<string, unknown>();
  const requests: string[] = [];
  const answered: string[] = [];
  const sent: SentRequest[] = [];
  let logins = 0;
  let sessionValid = false;

  const finish = <T>(callbacks: Callbacks<T>, run: () => Promise<T>): void => {
    run().then(
      (result) => {
        callbacks.success?.(result);
        callbacks.complete?.();
      },
      (err: unknown) => {
        callbacks.fail?.({ errMsg: `fail ${err instanceof Error ? err.message : String(err)}` });
        callbacks.complete?.();
      },
    );
  };

  const wx: Record<string, unknown> = {
    getAppBaseInfo(): Record<string, unknown> {
      return { language: options.language ?? 'zh_CN', SDKVersion: '3.0.0', version: '8.0.50' };
    },
    getSystemInfoSync(): Record<string, unknown> {
      return { language: options.language ?? 'zh_CN', SDKVersion: '3.0.0', version: '8.0.50', platform: 'devtools' };
    },
    canIUse(feature: string): boolean {
      return !(options.cannotUse ?? []).includes(feature);
    },
    login(callbacks: Callbacks<{ code: string; errMsg: string }>) {
      finish(callbacks, async () => {
        logins += 1;
        const code = await getStringField(`${options.sandboxUrl}/sandbox/wechat/login-code?user=${encodeURIComponent(options.user)}`, 'code');
        sessionValid = true;
        return { code, errMsg: 'login:ok' };
      });
    },
    checkSession(callbacks: Callbacks<{ errMsg: string }>) {
      finish(callbacks, async () => {
        if (!sessionValid) throw new Error('session expired');
        return { errMsg: 'checkSession:ok' };
      });
    },
    request(request: RequestOptions) {
      finish(request, async () => {
        const method = request.method ?? 'GET';
        requests.push(`${method} ${new URL(request.url).pathname}`);
        const header = request.header ?? {};
        const authorization = Object.entries(header).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
        const record: SentRequest = { method, path: new URL(request.url).pathname, authorization, status: undefined };
        sent.push(record);
        const body = request.data === undefined ? undefined : typeof request.data === 'string' ? request.data : JSON.stringify(request.data);
        const answer = await httpJson(request.url, { method, headers: request.header ?? {}, ...(body === undefined ? {} : { body }) });
        record.status = answer.statusCode;
        answered.push(`${method} ${new URL(request.url).pathname}`);
        return { statusCode: answer.statusCode, data: answer.data, header: answer.headers, errMsg: 'request:ok' };
      });
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
    wx,
    logins: () => logins,
    requests: () => requests,
    sent: () => sent,
    answered: () => answered,
    expireSession: () => {
      sessionValid = false;
    },
    async phoneEvent(mobile, eventOptions = {}) {
      const legacy = eventOptions.legacy === true ? '&legacy=1' : '';
      const { statusCode, data } = await httpJson(
        `${options.sandboxUrl}/sandbox/wechat/phone-event?user=${encodeURIComponent(options.user)}&mobile=${encodeURIComponent(mobile)}${legacy}`,
      );
      if (statusCode !== 200 || typeof data !== 'object' || data === null) throw new Error(`phone-event: ${JSON.stringify(data)}`);
      return data as PhoneEventDetail;
    },
  };
}
