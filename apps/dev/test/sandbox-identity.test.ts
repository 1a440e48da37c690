// The sandbox identity is kept in the data dir (<data dir>/sandbox-identity.json),
// so a restart plays the same WeChat app and Alipay keys: a WeChat user who
// logs in again after a restart is the same user, with the same phone. The
// processes here are `pnpm start` and `pnpm start:cluster` as they run, each
// on a data dir of the test's own; the fake WeChat is the only double.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '@phonekit/express';
import { generateSandboxIdentity, loadOrCreateSandboxIdentity, SANDBOX_IDENTITY_FILE, type SandboxIdentity } from '@phonekit/sandbox';
import { startBanner } from '../src/banner';
import { DEFAULT_DEV_DATA_DIR, loadDevConfig, SANDBOX_IDENTITY_FILE_VARIABLE, SANDBOX_IDENTITY_VARIABLE, sandboxWorkerEnv } from '../src/dev-config';

jest.setTimeout(120_000);

const DEV_DIR = resolve(__dirname, '..');
const scratchDirs: string[] = [];

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-dev-identity-'));
  scratchDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

const sandboxConfig = (env: Record<string, string>): ReturnType<typeof loadDevConfig> => loadDevConfig({ env: { NODE_ENV: 'test', ...env } });

describe('loadDevConfig with no keys', () => {
  it('generates the identity into <PHONEKIT_DATA_DIR>/sandbox-identity.json (0600) and plays the same apps from it on the next load', () => {
    const dataDir = scratchDir();
    const file = join(dataDir, SANDBOX_IDENTITY_FILE);
    const first = sandboxConfig({ PHONEKIT_DATA_DIR: dataDir });
    expect(first.sandboxIdentityFile).toEqual({ file, created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first.sandbox);

    const second = sandboxConfig({ PHONEKIT_DATA_DIR: dataDir });
    expect(second.sandboxIdentityFile).toEqual({ file, created: false });
    expect(second.sandbox).toEqual(first.sandbox);
    expect(second.config.wechat.appId).toBe(first.config.wechat.appId);
    expect(second.config.wechat.appId).toBe(first.sandbox?.wechat.appId);
    expect([...second.config.alipayApps.keys()]).toEqual([first.sandbox?.alipay.appId]);
  });

  it('resolves a relative PHONEKIT_DATA_DIR from baseDir, as the accounts do', () => {
    const base = scratchDir();
    const { config, sandboxIdentityFile } = loadDevConfig({ env: { NODE_ENV: 'test', PHONEKIT_DATA_DIR: 'data' }, baseDir: base });
    expect(config.accounts.database).toEqual({ driver: 'pglite', dataDir: join(base, 'data') });
    expect(sandboxIdentityFile?.file).toBe(join(base, 'data', SANDBOX_IDENTITY_FILE));
  });

  it('keeps it in the default dev data dir with DATABASE_URL, beside the development data key', () => {
    const { sandbox, sandboxIdentityFile } = sandboxConfig({ DATABASE_URL: 'postgres://127.0.0.1/phonekit' });
    expect(sandboxIdentityFile?.file).toBe(join(DEFAULT_DEV_DATA_DIR, SANDBOX_IDENTITY_FILE));
    expect(loadOrCreateSandboxIdentity(DEFAULT_DEV_DATA_DIR).identity).toEqual(sandbox);
  });

  it('refuses to start on a file that is not an identity: a ConfigError naming the file and saying to delete it; the file is left alone', () => {
    const dataDir = scratchDir();
    const file = join(dataDir, SANDBOX_IDENTITY_FILE);
    writeFileSync(file, 'not json', { mode: 0o600 });
    let error: unknown;
    try {
      sandboxConfig({ PHONEKIT_DATA_DIR: dataDir });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^PHONEKIT_DATA_DIR: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a sandbox identity .*Delete it and a new identity is generated at the next start`));
    expect((error as ConfigError).message).not.toContain('\n');
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });

  it('reads and writes nothing with an identity given by the caller', () => {
    const dataDir = scratchDir();
    const identity = generateSandboxIdentity();
    const { sandbox, sandboxIdentityFile } = loadDevConfig({ env: { NODE_ENV: 'test', PHONEKIT_DATA_DIR: join(dataDir, 'never') }, identity });
    expect(sandbox).toBe(identity);
    expect(sandboxIdentityFile).toBeUndefined();
    expect(() => statSync(join(dataDir, 'never'))).toThrow(/ENOENT/);
  });

  it("takes a cluster worker's identity and its file from the primary's variables, not from the data dir", () => {
    const primary = sandboxConfig({ PHONEKIT_DATA_DIR: scratchDir() });
    const handed = sandboxWorkerEnv(primary);
    expect(Object.keys(handed).sort()).toEqual([SANDBOX_IDENTITY_FILE_VARIABLE, SANDBOX_IDENTITY_VARIABLE].sort());
    const elsewhere = scratchDir();
    const worker = sandboxConfig({ PHONEKIT_DATA_DIR: elsewhere, ...handed });
    expect(worker.sandbox).toEqual(primary.sandbox);
    expect(worker.sandboxIdentityFile).toEqual(primary.sandboxIdentityFile);
    expect(() => statSync(join(elsewhere, SANDBOX_IDENTITY_FILE))).toThrow(/ENOENT/);
  });
});

describe('the start banner', () => {
  it('says where the identity is kept and whether this start made it, and prints no key', () => {
    const identity: SandboxIdentity = generateSandboxIdentity();
    const made = startBanner('http://localhost:3000', identity, { file: '/data/sandbox-identity.json', created: true });
    expect(made).toMatch(/identity: +\/data\/sandbox-identity\.json\n +\(generated now; kept across restarts, delete it for new keys and users\)/);
    expect(startBanner('http://localhost:3000', identity, { file: '/data/sandbox-identity.json', created: false })).toContain('(read back; kept across restarts');
    const secrets = [identity.wechat.appSecret, identity.alipay.aesKeyBase64, identity.alipay.appPrivateKeyBase64, identity.alipay.publicKeyBase64];
    for (const secret of secrets) expect(made).not.toContain(secret);
  });
});

interface DevProcess {
  readonly url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Spawns src/<script> on `dataDir` and waits until `listeners` processes log that they listen. */
function startDevProcess(script: 'main.ts' | 'cluster.ts', dataDir: string, listeners = 1): Promise<DevProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', `src/${script}`], {
    cwd: DEV_DIR,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '0',
      WEB_CONCURRENCY: String(listeners),
      PHONEKIT_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise<DevProcess>((resolveStart, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const urls = [...output.matchAll(/"url":"(http:\/\/[^"]+)"[^\n]*"msg":"phonekit listening"/g)].map((found) => found[1] ?? '');
      if (urls.length < listeners) return;
      resolveStart({
        url: (urls[0] ?? '').replace('localhost', '127.0.0.1'),
        output: () => output,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`src/${script} exited with ${code} before listening:\n${output.slice(-3000)}`)));
  });
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One request on a connection of its own, so under the cluster successive requests spread over the workers. */
function send(base: string, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const headers: Record<string, string> = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) };
    const req = httpRequest(new URL(path, base), { method, agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        try {
          resolveAnswer({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch {
          reject(new Error(`expected JSON from ${method} ${path}, got HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** alice logs in through the sandbox's WeChat (wx.login's code, then POST /api/wechat/login); answers her session token and user. */
async function loginAlice(base: string): Promise<{ token: string; user: Record<string, unknown> }> {
  const code = await send(base, 'GET', '/sandbox/wechat/login-code?user=alice');
  expect(code.status).toBe(200);
  const login = await send(base, 'POST', '/api/wechat/login', { code: code.body['code'] });
  expect({ status: login.status, error: login.body['error'] }).toEqual({ status: 200, error: undefined });
  return { token: String(login.body['sessionToken']), user: login.body['user'] as Record<string, unknown> };
}

const wechatAppIdIn = (output: string): string | undefined => /WeChat appid: +(wx[0-9a-f]{16})/.exec(output)?.[1];

describe('pnpm start, stopped and started again on the same data dir', () => {
  it('plays the same WeChat app, so a new login of alice is the same user and sees the phone she bound', async () => {
    const dataDir = scratchDir();
    const file = join(dataDir, SANDBOX_IDENTITY_FILE);

    const first = await startDevProcess('main.ts', dataDir);
    let id: unknown;
    let appId: unknown;
    try {
      expect(first.output()).toContain(`identity:      ${file}`);
      expect(first.output()).toContain('(generated now; kept across restarts');
      const { token, user } = await loginAlice(first.url);
      expect(user['phone']).toBeNull();
      ({ id, appId } = user);
      const event = await send(first.url, 'GET', '/sandbox/wechat/phone-event?user=alice&mobile=13822225555');
      const bound = await send(first.url, 'POST', '/api/wechat/phone-number', { code: event.body['code'] }, token);
      expect({ status: bound.status, e164: bound.body['e164'] }).toEqual({ status: 200, e164: '+8613822225555' });
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as SandboxIdentity;
    expect(appId).toBe(kept.wechat.appId);
    expect(wechatAppIdIn(first.output())).toBe(kept.wechat.appId);

    const second = await startDevProcess('main.ts', dataDir);
    try {
      expect(second.output()).toContain(`identity:      ${file}`);
      expect(second.output()).toContain('(read back; kept across restarts');
      expect(wechatAppIdIn(second.output())).toBe(kept.wechat.appId);
      const { token, user } = await loginAlice(second.url);
      expect(user).toEqual({ id, platform: 'wechat', appId, phone: expect.objectContaining({ masked: '138****5555' }) });
      const me = await send(second.url, 'GET', '/api/me', undefined, token);
      expect(me.status).toBe(200);
      expect(me.body['id']).toBe(id);
      expect(me.body['phone']).toEqual(expect.objectContaining({ e164: '+8613822225555', masked: '138****5555' }));
    } finally {
      expect(await second.stop()).toBe(0);
    }
    for (const run of [first.output(), second.output()]) for (const secret of [kept.wechat.appSecret, kept.alipay.appPrivateKeyBase64, kept.alipay.aesKeyBase64]) expect(run).not.toContain(secret);
  });

  it('exits 1 with one line naming a corrupt identity file and saying to delete it', async () => {
    const dataDir = scratchDir();
    const file = join(dataDir, SANDBOX_IDENTITY_FILE);
    writeFileSync(file, '{"wechat": {}}', { mode: 0o600 });
    const run = startDevProcess('main.ts', dataDir);
    await expect(run).rejects.toThrow(/exited with 1 before listening/);
    const message = await run.then(
      () => '',
      (error: Error) => error.message,
    );
    const line = message.split('\n').find((text) => text.startsWith('phonekit: configuration error:'));
    expect(line).toBe(
      `phonekit: configuration error: PHONEKIT_DATA_DIR: ${file} is not a sandbox identity (not JSON, or a key or appid missing). Delete it and a new identity is generated at the next start (WeChat sandbox users then get new openids, so new accounts; Alipay keys copied from the sandbox must be copied again).`,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"wechat": {}}');
  });
});

describe('pnpm start:cluster on a data dir with an identity', () => {
  it('the primary reads it once and every worker plays it: the banner and the logins through both workers name its WeChat appid', async () => {
    const dataDir = scratchDir();
    const { identity, file } = loadOrCreateSandboxIdentity(dataDir);
    const running = await startDevProcess('cluster.ts', dataDir, 2);
    try {
      expect(running.output()).toContain(`identity:      ${file}`);
      expect(running.output()).toContain('(read back; kept across restarts');
      expect(wechatAppIdIn(running.output())).toBe(identity.wechat.appId);
      const appIds = new Set<unknown>();
      for (let i = 0; i < 6; i++) appIds.add((await loginAlice(running.url)).user['appId']);
      expect(appIds).toEqual(new Set([identity.wechat.appId]));
      const pids = new Set<unknown>();
      for (const line of running.output().split('\n')) if (line.startsWith('{') && line.includes('"msg":"request"')) pids.add((JSON.parse(line) as { pid?: unknown }).pid);
      expect(pids.size).toBe(2);
    } finally {
      expect(await running.stop()).toBe(0);
    }
    expect(loadOrCreateSandboxIdentity(dataDir).identity).toEqual(identity);
  });
});
