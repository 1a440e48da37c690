// The sandbox identity kept in the data dir: made once (0600), read back on
// every later load, one identity when processes race, and a clear error (no
// silent replacement) for a file that is not one.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSandboxIdentity, loadOrCreateSandboxIdentity, SandboxIdentityFileError, SANDBOX_IDENTITY_FILE, type SandboxIdentity } from '../src/index';

jest.setTimeout(60_000);

const PACKAGE_DIR = resolve(__dirname, '..');
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'phonekit-sandbox-identity-'));
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The error loadOrCreateSandboxIdentity throws for `dataDir`. */
function errorOf(dataDir: string): SandboxIdentityFileError {
  try {
    loadOrCreateSandboxIdentity(dataDir);
  } catch (error) {
    if (error instanceof SandboxIdentityFileError) return error;
    throw error;
  }
  throw new Error('expected a SandboxIdentityFileError');
}

describe('loadOrCreateSandboxIdentity', () => {
  it('generates the identity into <dataDir>/sandbox-identity.json (mode 0600, the folder made 0700) and reads the same one back', () => {
    const dataDir = join(scratch, 'data');
    const first = loadOrCreateSandboxIdentity(dataDir);
    const file = join(dataDir, SANDBOX_IDENTITY_FILE);
    expect(first).toEqual({ identity: expect.any(Object), file, created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first.identity);
    expect(first.identity.wechat.appId).toMatch(/^wx[0-9a-f]{16}$/);

    const second = loadOrCreateSandboxIdentity(dataDir);
    expect(second.created).toBe(false);
    expect(second.file).toBe(file);
    expect(second.identity).toEqual(first.identity);
    expect(second.identity.wechat).toEqual(first.identity.wechat);
    expect(second.identity.alipay.appPrivateKeyBase64).toBe(first.identity.alipay.appPrivateKeyBase64);
    expect(second.identity.alipay.privateKeyPem).toBe(first.identity.alipay.privateKeyPem);
    expect(readdirSync(dataDir)).toEqual([SANDBOX_IDENTITY_FILE]);
  });

  it('tightens a file loosened to 0644 back to 0600 (it holds private keys) and keeps its identity', () => {
    const { identity, file } = loadOrCreateSandboxIdentity(scratch);
    chmodSync(file, 0o644);
    expect(loadOrCreateSandboxIdentity(scratch).identity).toEqual(identity);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('answers the identity already in place when another loader links its file first (the race, step by step)', () => {
    let winner: SandboxIdentity | undefined;
    const loser = loadOrCreateSandboxIdentity(scratch, {
      // While this loader is between "no file yet" and linking its own, another one finishes.
      generate: () => {
        winner = loadOrCreateSandboxIdentity(scratch).identity;
        return generateSandboxIdentity();
      },
    });
    expect(winner).toBeDefined();
    expect(loser).toEqual({ identity: winner, file: join(scratch, SANDBOX_IDENTITY_FILE), created: false });
    expect(loadOrCreateSandboxIdentity(scratch).identity).toEqual(winner);
    expect(readdirSync(scratch)).toEqual([SANDBOX_IDENTITY_FILE]);
  });

  it('gives four processes started at once on a fresh data dir one identity, made by exactly one of them', async () => {
    const dataDir = join(scratch, 'raced');
    const runs = await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          new Promise<{ created: boolean; digest: string }>((resolveRun, reject) => {
            execFile(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'test/support/load-identity.ts', dataDir], { cwd: PACKAGE_DIR }, (error, stdout, stderr) => {
              if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
              else resolveRun(JSON.parse(stdout) as { created: boolean; digest: string });
            });
          }),
      ),
    );
    const onDisk = createHash('sha256').update(JSON.stringify(loadOrCreateSandboxIdentity(dataDir).identity)).digest('hex');
    expect(new Set(runs.map((run) => run.digest))).toEqual(new Set([onDisk]));
    expect(runs.filter((run) => run.created)).toHaveLength(1);
    expect(readdirSync(dataDir)).toEqual([SANDBOX_IDENTITY_FILE]);
  });

  describe('with a file that is not an identity', () => {
    const expectDeleteItError = (error: SandboxIdentityFileError, file: string, why: string): void => {
      expect(error.file).toBe(file);
      expect(error.message).toContain(file);
      expect(error.message).toContain(why);
      expect(error.message).toContain('Delete it and a new identity is generated at the next start');
      expect(error.message).not.toContain('\n');
    };

    it('refuses a file that is not JSON, naming it and saying to delete it, and leaves it as it was', () => {
      const file = join(scratch, SANDBOX_IDENTITY_FILE);
      writeFileSync(file, '{"alipay": {"appId": "2021', { mode: 0o600 });
      expectDeleteItError(errorOf(scratch), file, 'is not a sandbox identity (not JSON, or a key or appid missing)');
      expect(readFileSync(file, 'utf8')).toBe('{"alipay": {"appId": "2021');
    });

    it('refuses an empty file and one without the WeChat AppSecret', () => {
      const file = join(scratch, SANDBOX_IDENTITY_FILE);
      writeFileSync(file, '');
      expectDeleteItError(errorOf(scratch), file, 'not JSON, or a key or appid missing');
      const identity = generateSandboxIdentity();
      writeFileSync(file, JSON.stringify({ ...identity, wechat: { appId: identity.wechat.appId } }));
      expectDeleteItError(errorOf(scratch), file, 'not JSON, or a key or appid missing');
    });

    it("refuses keys edited out of pair: the app's public key replaced by Alipay's", () => {
      const identity = generateSandboxIdentity();
      const file = join(scratch, SANDBOX_IDENTITY_FILE);
      writeFileSync(file, JSON.stringify({ ...identity, alipay: { ...identity.alipay, appPublicKeyPem: identity.alipay.publicKeyPem } }));
      expectDeleteItError(errorOf(scratch), file, "the app's private and public keys are not one pair");
    });

    it('refuses a path it cannot read as a file, naming the system error', () => {
      const file = join(scratch, SANDBOX_IDENTITY_FILE);
      mkdirSync(file);
      const error = errorOf(scratch);
      expect(error.message).toBe(
        `cannot read the sandbox identity ${file} (EISDIR). Fix its permissions, or delete it and a new identity is generated at the next start (WeChat sandbox users then get new openids, so new accounts; Alipay keys copied from the sandbox must be copied again).`,
      );
    });

    it('never puts a key in its message', () => {
      const identity = generateSandboxIdentity();
      writeFileSync(join(scratch, SANDBOX_IDENTITY_FILE), JSON.stringify({ ...identity, alipay: { ...identity.alipay, aesKeyBase64: 'AAAA' } }));
      const { message } = errorOf(scratch);
      expect(message).toContain('the Alipay AES key is not 16, 24 or 32 bytes');
      for (const secret of [identity.wechat.appSecret, identity.alipay.appPrivateKeyBase64, identity.alipay.aesKeyBase64]) expect(message).not.toContain(secret);
    });
  });
});
