// Fixtures for the WeChat suites: the development app on a real port (sandbox
// unless the env says otherwise), JSON over real HTTP, and the sandbox's
// controls (the fake WeChat API and WeChat client are the only doubles).
import { createLogger, type ApiErrorCode, type ServerConfig, type WechatStore } from '@phonekit/express';
import { generateSandboxIdentity, type SandboxIdentity } from '@phonekit/sandbox';
import { loadDevConfig, startDevServer } from '../../src/index';

export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface WechatTestServer {
  readonly url: string;
  readonly config: ServerConfig;
  close(): Promise<void>;
}

// The sandbox's Alipay keys (RSA-2048) are made once per suite: these servers are
// about WeChat. Each server gets a fresh WeChat identity, so a fresh fake WeChat.
let alipaySandbox: SandboxIdentity['alipay'] | undefined;
const identity = (): SandboxIdentity => {
  const fresh = generateSandboxIdentity();
  alipaySandbox ??= fresh.alipay;
  return { ...fresh, alipay: alipaySandbox };
};

/** The development app's configuration from an env record, as main.ts reads it from process.env. */
export function wechatTestConfig(env: Record<string, string | undefined> = {}): ServerConfig {
  return loadDevConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', ...env }, identity: identity() }).config;
}

/** The development app on port 0 with the given env (the sandbox plays WeChat unless keys are set). */
export async function startWechatTestServer(env: Record<string, string | undefined> = {}, options: { wechatStore?: WechatStore } = {}): Promise<WechatTestServer> {
  const { config, sandbox } = loadDevConfig({ env: { NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', ...env }, identity: identity() });
  const running = await startDevServer(config, sandbox, { logger: createLogger('silent'), port: 0, simulator: false, ...options });
  return { url: running.url, config, close: () => running.close() };
}

async function answerOf(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`expected JSON, got HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (typeof body !== 'object' || body === null) throw new Error(`expected a JSON object, got ${text.slice(0, 200)}`);
  return { status: response.status, body: body as Record<string, unknown> };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return answerOf(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text }));
}

export async function getJson(url: string): Promise<HttpAnswer> {
  return answerOf(await fetch(url));
}

function stringField(answer: HttpAnswer, field: string): string {
  const value = answer.body[field];
  if (typeof value !== 'string') throw new Error(`expected "${field}" in ${JSON.stringify(answer.body).slice(0, 300)}`);
  return value;
}

/** What wx.login gives `user`'s mini-program: minted by the sandbox (it plays the WeChat client). */
export async function sandboxLoginCode(base: string, user: string): Promise<string> {
  return stringField(await getJson(`${base}/sandbox/wechat/login-code?user=${encodeURIComponent(user)}`), 'code');
}

export async function sandboxPhoneCode(base: string, mobile: string, options: { countryCodeAsNumber?: boolean } = {}): Promise<string> {
  const extra = options.countryCodeAsNumber === true ? '&countryCodeAsNumber=1' : '';
  return stringField(await getJson(`${base}/sandbox/wechat/phone-code?mobile=${encodeURIComponent(mobile)}${extra}`), 'code');
}

/** The legacy half of a getPhoneNumber event for `user`: encrypted with their current session_key. */
export async function sandboxLegacyEvent(base: string, user: string, mobile: string, options: { appId?: string } = {}): Promise<{ encryptedData: string; iv: string }> {
  const extra = options.appId === undefined ? '' : `&appId=${encodeURIComponent(options.appId)}`;
  const answer = await getJson(`${base}/sandbox/wechat/phone-event?legacy=1&user=${encodeURIComponent(user)}&mobile=${encodeURIComponent(mobile)}${extra}`);
  return { encryptedData: stringField(answer, 'encryptedData'), iv: stringField(answer, 'iv') };
}

export async function sandboxTokenFetches(base: string): Promise<number> {
  const value = (await getJson(`${base}/sandbox/wechat/stats`)).body['tokenFetches'];
  if (typeof value !== 'number') throw new Error('stats without tokenFetches');
  return value;
}

export async function sandboxControl(base: string, body: Record<string, unknown>): Promise<void> {
  const answer = await postJson(`${base}/sandbox/wechat/control`, body);
  if (answer.status !== 200) throw new Error(`control refused: ${JSON.stringify(answer.body)}`);
}

/** Logs `user` in through our API and answers the session token. */
export async function loginAs(base: string, user: string): Promise<string> {
  const answer = await postJson(`${base}/api/wechat/login`, { code: await sandboxLoginCode(base, user) });
  if (answer.status !== 200) throw new Error(`login failed: ${JSON.stringify(answer.body)}`);
  return stringField(answer, 'sessionToken');
}

/** Checks the error envelope and answers its `error` object. */
export function expectWechatError(answer: HttpAnswer, code: ApiErrorCode, status: number): Record<string, unknown> {
  expect(answer.status).toBe(status);
  const error = answer.body['error'];
  expect(error).toEqual(expect.objectContaining({ code, message: expect.any(String), hint: expect.any(String), hintZh: expect.any(String), retryable: expect.any(Boolean) }));
  return error as Record<string, unknown>;
}
