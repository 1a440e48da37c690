// The sandbox identity's Douyin, Baidu, QQ and Kuaishou apps: generated with
// the rest, and added to an older identity file (Alipay and WeChat only) in
// place, keeping its Alipay and WeChat values, once even when processes race.
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSandboxIdentity, loadOrCreateSandboxIdentity, parseSandboxIdentity, SANDBOX_IDENTITY_FILE, SandboxIdentityFileError, type SandboxIdentity } from '../src/index';

jest.setTimeout(60_000);

const PACKAGE_DIR = resolve(__dirname, '..');
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'phonekit-sandbox-upgrade-'));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** An identity as the sandbox wrote it before it played the four mini-program platforms. */
function oldIdentity(): Pick<SandboxIdentity, 'alipay' | 'wechat'> {
  const { alipay, wechat } = generateSandboxIdentity();
  return { alipay, wechat };
}

function writeOldFile(dir: string, identity = oldIdentity()): { file: string; identity: Pick<SandboxIdentity, 'alipay' | 'wechat'> } {
  const file = join(dir, SANDBOX_IDENTITY_FILE);
  writeFileSync(file, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  return { file, identity };
}

describe('generateSandboxIdentity', () => {
  it('makes the four mini-program apps, shaped like the real ones, with a matching Douyin key pair', () => {
    const { douyin, baidu, qq, kuaishou } = generateSandboxIdentity();
    expect(douyin.appId).toMatch(/^tt[0-9a-f]{16}$/);
    expect(douyin.appSecret).toMatch(/^[0-9a-f]{32}$/);
    const derived = createPublicKey(createPrivateKey(douyin.appPrivateKeyPem)).export({ type: 'spki', format: 'der' });
    expect(derived.equals(createPublicKey(douyin.appPublicKeyPem).export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(createPublicKey(douyin.appPublicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(baidu.appKey).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(baidu.appSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(qq.appId).toMatch(/^[1-9]\d{9}$/);
    expect(qq.appSecret).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(kuaishou.appId).toMatch(/^ks[1-9]\d{17}$/);
    expect(kuaishou.appSecret).toMatch(/^[\w-]{22}$/);
  });
});

describe('parseSandboxIdentity', () => {
  it('reads back a whole identity unchanged', () => {
    const identity = generateSandboxIdentity();
    expect(parseSandboxIdentity(JSON.stringify(identity))).toEqual(identity);
  });

  it('accepts an older identity with only Alipay and WeChat, keeping them and filling in the rest', () => {
    const old = oldIdentity();
    const parsed = parseSandboxIdentity(JSON.stringify(old));
    expect(parsed?.alipay).toEqual(old.alipay);
    expect(parsed?.wechat).toEqual(old.wechat);
    expect(parsed?.douyin.appId).toMatch(/^tt/);
    expect(parsed?.kuaishou.appId).toMatch(/^ks/);
  });

  it('refuses a platform that is there but not whole', () => {
    const identity = generateSandboxIdentity();
    expect(parseSandboxIdentity(JSON.stringify({ ...identity, baidu: { appKey: identity.baidu.appKey } }))).toBeUndefined();
    expect(parseSandboxIdentity(JSON.stringify({ ...identity, douyin: 'tt0123456789abcdef' }))).toBeUndefined();
  });
});

describe('loadOrCreateSandboxIdentity with an older identity file', () => {
  it('adds the four platforms to the file, 0600 and whole, keeping its Alipay and WeChat values', () => {
    const { file, identity: old } = writeOldFile(scratch);
    const loaded = loadOrCreateSandboxIdentity(scratch);
    expect(loaded).toEqual({ identity: expect.any(Object), file, created: false, upgraded: ['douyin', 'baidu', 'qq', 'kuaishou'] });
    expect(loaded.identity.alipay).toEqual(old.alipay);
    expect(loaded.identity.wechat).toEqual(old.wechat);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(loaded.identity);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(scratch)).toEqual([SANDBOX_IDENTITY_FILE]);

    // A restart reads the upgraded file back: nothing more to add, the same users on every platform.
    const again = loadOrCreateSandboxIdentity(scratch);
    expect(again).toEqual({ identity: loaded.identity, file, created: false });
  });

  it('takes only the missing platforms from the generator it is given', () => {
    const donor = generateSandboxIdentity();
    const other = generateSandboxIdentity();
    writeFileSync(join(scratch, SANDBOX_IDENTITY_FILE), JSON.stringify({ alipay: donor.alipay, wechat: donor.wechat, qq: donor.qq }), { mode: 0o600 });
    const loaded = loadOrCreateSandboxIdentity(scratch, { generate: () => other });
    expect(loaded.upgraded).toEqual(['douyin', 'baidu', 'kuaishou']);
    expect(loaded.identity).toEqual({ alipay: donor.alipay, wechat: donor.wechat, qq: donor.qq, douyin: other.douyin, baidu: other.baidu, kuaishou: other.kuaishou });
  });

  it('removes an upgrade lock left by a process that died (older than 10 s) and upgrades', () => {
    const { file } = writeOldFile(scratch);
    const lock = `${file}.upgrade-lock`;
    writeFileSync(lock, '12345\n');
    const past = new Date(Date.now() - 60_000);
    utimesSync(lock, past, past);
    expect(loadOrCreateSandboxIdentity(scratch).upgraded).toHaveLength(4);
    expect(readdirSync(scratch)).toEqual([SANDBOX_IDENTITY_FILE]);
  });

  it('refuses a Douyin key pair edited out of pair, naming the file', () => {
    const identity = generateSandboxIdentity();
    const file = join(scratch, SANDBOX_IDENTITY_FILE);
    writeFileSync(file, JSON.stringify({ ...identity, douyin: { ...identity.douyin, appPublicKeyPem: identity.alipay.appPublicKeyPem } }));
    expect(() => loadOrCreateSandboxIdentity(scratch)).toThrow(SandboxIdentityFileError);
    expect(() => loadOrCreateSandboxIdentity(scratch)).toThrow("the Douyin app's private and public keys are not one pair");
  });

  it('gives four processes started at once on an older file one upgraded identity, written by exactly one of them', async () => {
    const { identity: old } = writeOldFile(scratch);
    const runs = await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          new Promise<{ created: boolean; digest: string; upgraded?: string[] }>((resolveRun, reject) => {
            execFile(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'test/support/load-identity.ts', scratch], { cwd: PACKAGE_DIR }, (error, stdout, stderr) => {
              if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
              else resolveRun(JSON.parse(stdout) as { created: boolean; digest: string; upgraded?: string[] });
            });
          }),
      ),
    );
    const onDisk = loadOrCreateSandboxIdentity(scratch).identity;
    const digest = createHash('sha256').update(JSON.stringify(onDisk)).digest('hex');
    expect(new Set(runs.map((run) => run.digest))).toEqual(new Set([digest]));
    expect(runs.filter((run) => run.upgraded !== undefined)).toHaveLength(1);
    expect(runs.filter((run) => run.created)).toHaveLength(0);
    expect(onDisk.alipay).toEqual(old.alipay);
    expect(onDisk.wechat).toEqual(old.wechat);
    expect(readdirSync(scratch)).toEqual([SANDBOX_IDENTITY_FILE]);
  });
});
