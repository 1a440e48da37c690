// POST /api/alipay/login over real HTTP, with the server's real fetch
// transport against the sandbox's fake Alipay gateway listening on
// 127.0.0.1 (the edge we do not own), and the accounts on PGlite. Certificate
// mode uses certificates made by the openssl CLI, and the SNs the fake
// expects are computed by openssl (md5 of issuer + serial), not by our core.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCOUNT_TABLES, generateDataKey, openAccounts, requireDataKeyring, type Accounts } from '@phonekit/accounts';
import {
  FakeAlipayGateway,
  buildAlipayPhoneResponse,
  createFakeAlipayListener,
  generateAlipaySandboxAppKeys,
  generateAlipaySandboxKeys,
  type AlipaySandboxAppKeys,
  type AlipaySandboxKeys,
  type FakeAlipayGatewayOptions,
} from '@phonekit/sandbox';
import { ConfigError } from '../src/config';
import { startServer, type RunningServer } from '../src/start-server';
import { call } from './support/account-server';
import { captureLogger, configFromEnv, expectErrorEnvelope, makeScratchDir } from './support/server-fixtures';

jest.setTimeout(60_000);

const APP_ID = '2021000000000077';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let alipayKeys: AlipaySandboxKeys;
let appKeys: AlipaySandboxAppKeys;
let dataDir: string;
let accounts: Accounts;
const dataKey = generateDataKey();

/** A fake gateway on 127.0.0.1; its URL is what ALIPAY_GATEWAY_URL holds. */
interface FakeGatewayServer {
  readonly gateway: FakeAlipayGateway;
  readonly url: string;
  /** Every answer text the fake sent (access and refresh tokens among them). */
  readonly answers: string[];
  close(): Promise<void>;
}

async function startGateway(options: Partial<FakeAlipayGatewayOptions> = {}): Promise<FakeGatewayServer> {
  const gateway = new FakeAlipayGateway({ appId: APP_ID, appPublicKeyPem: appKeys.appPublicKeyPem, alipayPrivateKeyPem: alipayKeys.privateKeyPem, ...options });
  const listener = createFakeAlipayListener(gateway);
  const answers: string[] = [];
  const server: Server = createServer((req, res) => {
    const write = res.end.bind(res);
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) answers.push(chunk.toString());
      return (write as (...args: unknown[]) => typeof res)(chunk, ...rest);
    }) as typeof res.end;
    listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    gateway,
    url: `http://127.0.0.1:${port}/gateway.do`,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface LoginServer {
  readonly running: RunningServer;
  logText(): string;
}

const servers: RunningServer[] = [];
const gateways: FakeGatewayServer[] = [];

function loginEnv(gatewayUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ALIPAY_APP_ID: APP_ID,
    ALIPAY_PUBLIC_KEY: alipayKeys.publicKeyBase64,
    ALIPAY_AES_KEY: alipayKeys.aesKeyBase64,
    ALIPAY_APP_PRIVATE_KEY: appKeys.appPrivateKeyBase64,
    ALIPAY_GATEWAY_URL: gatewayUrl,
    PHONEKIT_DATA_DIR: dataDir,
    PHONEKIT_DATA_KEY: dataKey,
    RATE_LIMIT_PER_MINUTE: '0',
    ...extra,
  };
}

async function startLoginServer(env: Record<string, string>, options: { accounts?: boolean } = {}): Promise<LoginServer> {
  const config = configFromEnv(env);
  const { logger, text } = captureLogger('info');
  const running = await startServer(config, { logger, port: 0, ...(options.accounts === false ? {} : { accounts }) });
  servers.push(running);
  return { running, logText: text };
}

async function gatewayFor(options: Partial<FakeAlipayGatewayOptions> = {}): Promise<FakeGatewayServer> {
  const started = await startGateway(options);
  gateways.push(started);
  return started;
}

beforeAll(async () => {
  alipayKeys = generateAlipaySandboxKeys({ appId: APP_ID });
  appKeys = generateAlipaySandboxAppKeys();
  dataDir = await mkdtemp(path.join(tmpdir(), 'phonekit-alipay-login-'));
  accounts = await openAccounts({ database: { dataDir }, keyring: requireDataKeyring({ dataKey }) });
  await accounts.migrate();
});

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const gateway of gateways) await gateway.close();
  await accounts.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('POST /api/alipay/login', () => {
  let fake: FakeGatewayServer;
  let server: LoginServer;
  const url = (p: string): string => `${server.running.url}${p}`;

  beforeAll(async () => {
    fake = await gatewayFor();
    server = await startLoginServer(loginEnv(fake.url));
  });

  it('exchanges the auth code at the gateway and answers a session for the user (alipay, appId, open_id), without a phone yet', async () => {
    const answer = await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('alice') } });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['expiresIn', 'sessionToken', 'user']);
    expect(answer.body['sessionToken']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.body['expiresIn']).toBe(86_400);
    expect(answer.body['user']).toEqual({ id: expect.stringMatching(UUID), platform: 'alipay', appId: APP_ID, phone: null });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const id = (answer.body['user'] as Record<string, unknown>)['id'];
    const [row] = (await accounts.rawRows('users')).filter((user) => user['id'] === id);
    // A new app gets only open_id, and that is what the user is keyed by.
    expect(row).toEqual(expect.objectContaining({ platform: 'alipay', app_id: APP_ID, platform_user_id: fake.gateway.userOf('alice').openId }));
    expect(fake.gateway.stats().tokensIssued).toBe(1);
  });

  it('answers the same user for every login of the same Alipay user, each with its own token, and another user for another name', async () => {
    const first = await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('alice') } });
    const second = await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('alice') } });
    const bob = await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('bob') } });
    const idOf = (answer: { body: Record<string, unknown> }): unknown => (answer.body['user'] as Record<string, unknown>)['id'];
    expect(idOf(first)).toBe(idOf(second));
    expect(first.body['sessionToken']).not.toBe(second.body['sessionToken']);
    expect(idOf(bob)).not.toBe(idOf(first));
  });

  it('binds the phone with the session token, and GET /api/me shows it', async () => {
    const login = await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('carol') } });
    const token = String(login.body['sessionToken']);
    const bound = await call(url('/api/alipay/phone-number'), {
      token,
      body: buildAlipayPhoneResponse(alipayKeys, 'success', { mobile: '13544440077' }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(bound.status).toBe(200);
    expect((bound.body['user'] as Record<string, unknown>)['phone']).toEqual(expect.objectContaining({ e164: '+8613544440077' }));
    const me = await call(url('/api/me'), { token });
    expect(me.body).toEqual(expect.objectContaining({ platform: 'alipay', appId: APP_ID, phone: expect.objectContaining({ masked: '135****0077' }) }));
    // A new login of the same user sees the phone.
    const again = await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('carol') } });
    expect((again.body['user'] as Record<string, unknown>)['phone']).toEqual(expect.objectContaining({ e164: '+8613544440077' }));
  });

  it('answers 400 ALIPAY_AUTH_CODE_INVALID for a code used once already, with what the gateway said', async () => {
    const code = fake.gateway.mintAuthCode('dave');
    expect((await call(url('/api/alipay/login'), { body: { authCode: code } })).status).toBe(200);
    const again = await call(url('/api/alipay/login'), { body: { authCode: code } });
    expect(again.status).toBe(400);
    const error = expectErrorEnvelope(again.body, 'ALIPAY_AUTH_CODE_INVALID');
    expect(error.upstream).toEqual(expect.objectContaining({ subCode: 'isv.code-invalid' }));
  });

  it('answers 400 ALIPAY_AUTH_CODE_INVALID for an expired code (five minutes)', async () => {
    const code = fake.gateway.mintAuthCode('erin');
    fake.gateway.advanceClock(301);
    const answer = await call(url('/api/alipay/login'), { body: { authCode: code } });
    expect(answer.status).toBe(400);
    expectErrorEnvelope(answer.body, 'ALIPAY_AUTH_CODE_INVALID');
  });

  it.each([
    ['an empty body', ''],
    ['a body that is not JSON', '{authCode'],
    ['no authCode', { code: 'x' }],
    ['an authCode that is not text', { authCode: 42 }],
    ['an authCode with spaces', { authCode: 'a b' }],
  ])('answers 400 for %s, and calls no gateway', async (_what, body) => {
    const before = fake.gateway.stats().calls;
    const answer = await call(url('/api/alipay/login'), { body, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(['PAYLOAD_MALFORMED', 'INVALID_JSON']).toContain((answer.body['error'] as Record<string, unknown>)['code']);
    expect(fake.gateway.stats().calls).toBe(before);
  });

  it('answers 404 APP_NOT_CONFIGURED for a login that names another app', async () => {
    const answer = await call(url('/api/alipay/login'), { body: { authCode: 'abc' }, headers: { 'x-alipay-app-id': '2021999999999999', 'content-type': 'application/json' } });
    expectErrorEnvelope(answer.body, 'APP_NOT_CONFIGURED');
  });

  it.each([
    ['isv.invalid-signature', 502, 'ALIPAY_REQUEST_SIGNATURE_INVALID'],
    ['isv.invalid-app-id', 502, 'ALIPAY_APP_ID_INVALID'],
    ['isp.unknow-error', 503, 'ALIPAY_GATEWAY_BUSY'],
  ] as const)('answers the gateway error %s as %i %s', async (subCode, status, code) => {
    fake.gateway.failNext({ subCode });
    const answer = await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('frank') } });
    expect(answer.status).toBe(status);
    expectErrorEnvelope(answer.body, code);
  });

  it('keeps neither the access token nor the refresh token, in any table or log line', async () => {
    await call(url('/api/alipay/login'), { body: { authCode: fake.gateway.mintAuthCode('grace') } });
    const issued = fake.answers.flatMap((text) => [...text.matchAll(/"(?:access_token|refresh_token)":"([^"]+)"/g)].map((match) => match[1] ?? ''));
    expect(issued.length).toBeGreaterThanOrEqual(2);
    const tables = await Promise.all(ACCOUNT_TABLES.map((table) => accounts.rawRows(table)));
    const stored = JSON.stringify(tables);
    const log = server.logText();
    for (const token of issued) {
      expect(stored).not.toContain(token);
      expect(log).not.toContain(token);
    }
    expect(log).toContain('"flow":"login"');
  });
});

describe('POST /api/alipay/login against a gateway that does not answer as Alipay', () => {
  it('answers 503 ALIPAY_GATEWAY_BUSY with Retry-After when the gateway cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const server = await startLoginServer(loginEnv(`http://127.0.0.1:${port}/gateway.do`));
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: 'abc123' } });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).not.toBeNull();
    expectErrorEnvelope(answer.body, 'ALIPAY_GATEWAY_BUSY');
  });

  it("answers 502 ALIPAY_GATEWAY_SIGNATURE_INVALID when the answer is not signed with this app's Alipay public key", async () => {
    const impostor = generateAlipaySandboxKeys({ appId: APP_ID });
    const fake = await gatewayFor({ alipayPrivateKeyPem: impostor.privateKeyPem });
    const server = await startLoginServer(loginEnv(fake.url));
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: fake.gateway.mintAuthCode('alice') } });
    expect(answer.status).toBe(502);
    expectErrorEnvelope(answer.body, 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
  });

  it('answers 502 ALIPAY_REQUEST_SIGNATURE_INVALID when the configured private key is not the uploaded one', async () => {
    const fake = await gatewayFor();
    const other = generateAlipaySandboxAppKeys();
    const server = await startLoginServer(loginEnv(fake.url, { ALIPAY_APP_PRIVATE_KEY: other.appPrivateKeyBase64 }));
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: fake.gateway.mintAuthCode('alice') } });
    expect(answer.status).toBe(502);
    const error = expectErrorEnvelope(answer.body, 'ALIPAY_REQUEST_SIGNATURE_INVALID');
    expect(error.hint).toContain('ALIPAY_APP_PRIVATE_KEY');
  });
});

describe('an older app that gets user_id', () => {
  it('keys the user by user_id', async () => {
    const fake = await gatewayFor({ userIdentity: 'both' });
    const server = await startLoginServer(loginEnv(fake.url));
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: fake.gateway.mintAuthCode('heidi') } });
    expect(answer.status).toBe(200);
    const id = (answer.body['user'] as Record<string, unknown>)['id'];
    const [row] = (await accounts.rawRows('users')).filter((user) => user['id'] === id);
    expect(row?.['platform_user_id']).toBe(fake.gateway.userOf('heidi').userId);
  });
});

describe('what the login needs', () => {
  it('answers 503 ALIPAY_LOGIN_NOT_CONFIGURED without an application private key', async () => {
    const { ALIPAY_APP_PRIVATE_KEY: _gone, ...env } = loginEnv('http://127.0.0.1:9/gateway.do');
    const server = await startLoginServer(env);
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: 'abc123' } });
    expect(answer.status).toBe(503);
    expect(expectErrorEnvelope(answer.body, 'ALIPAY_LOGIN_NOT_CONFIGURED').hint).toContain('ALIPAY_APP_PRIVATE_KEY');
  });

  it('answers 503 ACCOUNTS_NOT_CONFIGURED without accounts, before any code is spent', async () => {
    const fake = await gatewayFor();
    const { PHONEKIT_DATA_DIR: _dir, PHONEKIT_DATA_KEY: _key, ...env } = loginEnv(fake.url);
    const server = await startLoginServer(env, { accounts: false });
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: fake.gateway.mintAuthCode('ivan') } });
    expect(answer.status).toBe(503);
    expectErrorEnvelope(answer.body, 'ACCOUNTS_NOT_CONFIGURED');
    expect(fake.gateway.stats().calls).toBe(0);
  });

  it.each([
    ['no ALIPAY_APP_ID', { ALIPAY_APP_ID: '' }, 'ALIPAY_APP_ID', /is required for the login/],
    ['an appId that is not digits', { ALIPAY_APP_ID: 'my-app' }, 'ALIPAY_APP_ID', /digits/],
    ['an application private key that is not one', { ALIPAY_APP_PRIVATE_KEY: 'bm90IGEga2V5' }, 'ALIPAY_APP_PRIVATE_KEY', /./],
    ['the application public key as the Alipay public key', { ALIPAY_PUBLIC_KEY: 'APP_PUBLIC' }, 'ALIPAY_PUBLIC_KEY', /application public key \(应用公钥\)/],
    ['only the app certificate', { ALIPAY_APP_CERT_PATH: 'app.crt' }, 'ALIPAY_ROOT_CERT_PATH', /certificate mode/],
    ['a gateway URL that is not one', { ALIPAY_GATEWAY_URL: 'gateway' }, 'ALIPAY_GATEWAY_URL', /not a URL/],
  ])('refuses to start with %s, naming the variable', (_what, change, variable, message) => {
    const env: Record<string, string> = { ...loginEnv('http://127.0.0.1:9/gateway.do'), ...change };
    if (env['ALIPAY_PUBLIC_KEY'] === 'APP_PUBLIC') env['ALIPAY_PUBLIC_KEY'] = appKeys.appPublicKeyBase64;
    let thrown: unknown;
    try {
      configFromEnv(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
    expect((thrown as ConfigError).message).toMatch(message);
    expect((thrown as ConfigError).message).not.toContain(appKeys.appPrivateKeyBase64.slice(0, 40));
  });

  it("refuses a login without ALIPAY_PUBLIC_KEY even with ALIPAY_ALLOW_UNSIGNED: the gateway's answers are always verified", () => {
    const env = { ...loginEnv('http://127.0.0.1:9/gateway.do'), ALIPAY_PUBLIC_KEY: '', ALIPAY_ALLOW_UNSIGNED: 'true' };
    expect(() => configFromEnv(env)).toThrow(/ALIPAY_PUBLIC_KEY: is required for the login/);
  });
});

describe('certificate mode (公钥证书), with certificates the openssl CLI made', () => {
  const scratch = makeScratchDir('phonekit-alipay-certs-');
  const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: scratch.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  /** SN as Alipay computes it, by openssl: md5 of the issuer (RFC 2253) followed by the serial in decimal. */
  const snOf = (file: string): string => {
    const issuer = openssl('x509', '-in', file, '-noout', '-issuer', '-nameopt', 'RFC2253').trim().replace(/^issuer=\s*/, '');
    const serialHex = openssl('x509', '-in', file, '-noout', '-serial').trim().replace(/^serial=/, '');
    return createHash('md5').update(issuer + BigInt(`0x${serialHex}`).toString(10), 'utf8').digest('hex');
  };
  let files: { appCert: string; rootCert: string; alipayCert: string };
  let sns: { appCertSn: string; alipayRootCertSn: string; alipayCertSn: string };

  beforeAll(() => {
    const appKey = scratch.write('app-private.pem', appKeys.appPrivateKeyPem);
    const alipayKey = scratch.write('alipay-private.pem', alipayKeys.privateKeyPem);
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'alipayRootCert.crt', '-days', '30', '-subj', '/C=CN/O=Ant Financial/OU=Certification Authority/CN=Ant Financial Certification Authority R1', '-set_serial', '0x7e5c1a');
    const leaf = (key: string, out: string, subject: string, serial: string): string => {
      openssl('req', '-new', '-key', key, '-out', `${out}.csr`, '-subj', subject);
      openssl('x509', '-req', '-in', `${out}.csr`, '-CA', 'alipayRootCert.crt', '-CAkey', 'root.key', '-out', out, '-days', '30', '-set_serial', serial, '-sha256');
      return path.join(scratch.dir, out);
    };
    files = {
      rootCert: path.join(scratch.dir, 'alipayRootCert.crt'),
      appCert: leaf(appKey, `appCertPublicKey_${APP_ID}.crt`, `/C=CN/O=phonekit test/OU=Alipay/CN=${APP_ID}`, '202612020001'),
      alipayCert: leaf(alipayKey, 'alipayCertPublicKey_RSA2.crt', '/C=CN/O=Ant Financial/OU=Alipay/CN=Alipay RSA2', '202612020002'),
    };
    sns = { appCertSn: snOf(files.appCert), alipayRootCertSn: snOf(files.rootCert), alipayCertSn: snOf(files.alipayCert) };
  });

  afterAll(() => scratch.dispose());

  const certEnv = (url: string, extra: Record<string, string> = {}): Record<string, string> =>
    loginEnv(url, { ALIPAY_PUBLIC_KEY: `@${files.alipayCert}`, ALIPAY_APP_CERT_PATH: files.appCert, ALIPAY_ROOT_CERT_PATH: files.rootCert, ...extra });

  it('sends app_cert_sn and alipay_root_cert_sn as Alipay computes them, and logs the user in', async () => {
    const fake = await gatewayFor({ certificate: sns });
    const server = await startLoginServer(certEnv(fake.url));
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: fake.gateway.mintAuthCode('judy') } });
    expect(answer.status).toBe(200);
    expect((answer.body['user'] as Record<string, unknown>)['platform']).toBe('alipay');
  });

  it('is refused by the gateway when the SNs are not the ones it expects', async () => {
    const fake = await gatewayFor({ certificate: { ...sns, appCertSn: '0'.repeat(32) } });
    const server = await startLoginServer(certEnv(fake.url));
    const answer = await call(`${server.running.url}/api/alipay/login`, { body: { authCode: fake.gateway.mintAuthCode('judy') } });
    expect(answer.status).toBe(502);
    expectErrorEnvelope(answer.body, 'ALIPAY_REQUEST_SIGNATURE_INVALID');
  });

  it("refuses to start with an app certificate that is not the private key's", () => {
    const other = generateAlipaySandboxAppKeys();
    expect(() => configFromEnv(certEnv('http://127.0.0.1:9/gateway.do', { ALIPAY_APP_PRIVATE_KEY: other.appPrivateKeyBase64 }))).toThrow(/ALIPAY_APP_CERT_PATH: is not the certificate of ALIPAY_APP_PRIVATE_KEY/);
  });

  it('refuses to start with a bare Alipay public key in certificate mode', () => {
    expect(() => configFromEnv(certEnv('http://127.0.0.1:9/gateway.do', { ALIPAY_PUBLIC_KEY: alipayKeys.publicKeyBase64 }))).toThrow(/ALIPAY_PUBLIC_KEY: must be the Alipay public key certificate/);
  });

  it('shows the absolute path it looked for when a certificate file is missing', () => {
    expect(() => configFromEnv(certEnv('http://127.0.0.1:9/gateway.do', { ALIPAY_ROOT_CERT_PATH: 'nowhere/alipayRootCert.crt' }), scratch.dir)).toThrow(
      new RegExp(`ALIPAY_ROOT_CERT_PATH: there is no file at "nowhere/alipayRootCert.crt" \\(looked for ${scratch.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/nowhere/alipayRootCert.crt\\)`),
    );
  });
});
