import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { InspectJson } from '../src/commands/alipay-inspect';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { makeOpensslAlipayKeys, opensslAlipayResponse, opensslEncrypt, opensslVerify, successBody, tamperSign, type OpensslAlipayKeys } from './support/openssl';
import { BIN, cleanEnv, makeTempDir, parseOneJson, REPO_ROOT, spawnPhonekit } from './support/run';

// These run the real executable, as a user would: `node bin/phonekit.cjs` and
// the repository's `pnpm --silent phonekit` script.

let temp: ReturnType<typeof makeTempDir>;
let keys: OpensslAlipayKeys;
let payload: string;

beforeAll(() => {
  temp = makeTempDir('binary');
  keys = makeOpensslAlipayKeys(temp.dir);
  payload = opensslAlipayResponse(keys, successBody('13811112222'));
});
afterAll(() => temp.remove());

const inspectArgs = (): string[] => ['alipay', 'inspect', '--aes-key', `@${keys.aesKeyPath}`, '--public-key', keys.publicKeyBase64];

describe('bin/phonekit.cjs', () => {
  it('prints exactly one JSON object with a valid signature and the phone, exit 0', () => {
    const result = spawnPhonekit(inspectArgs(), { input: payload });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    const out = parseOneJson<InspectJson>(result.stdout);
    expect(out.signature).toBe('valid');
    expect(out.phone).toMatchObject({ mobile: '13811112222', e164: '+8613811112222', masked: '138****2222' });
  });

  it('reports a tampered sign as invalid with exit 1', () => {
    const result = spawnPhonekit(inspectArgs(), { input: tamperSign(payload) });
    expect(result.code).toBe(EXIT_CODES.rejected);
    const out = parseOneJson<InspectJson>(result.stdout);
    expect(out.signature).toBe('invalid');
    expect(out.phone).toBeUndefined();
  });

  it('works from another directory, with relative key paths resolved there', () => {
    const result = spawnPhonekit(['alipay', 'inspect', '--aes-key', '@alipay-aes.key', '--public-key', 'alipay-public.pem'], { input: payload, cwd: temp.dir });
    expect(result.code).toBe(EXIT_CODES.ok);
  });

  it('reads ALIPAY_* from the environment in doctor', () => {
    const result = spawnPhonekit(['doctor'], { env: { ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 } });
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/^✔ AES key \(ALIPAY_AES_KEY\): AES-128/m);
    expect(result.stdout).not.toContain(keys.aesKeyBase64);
  });

  it('prints one error line on stderr when wechat decrypt fails', () => {
    const sessionKey = Buffer.alloc(16, 1).toString('base64');
    const iv = Buffer.alloc(16, 2).toString('base64');
    const encryptedData = opensslEncrypt('{"purePhoneNumber":"13811112222"}', Buffer.alloc(16, 3).toString('hex'), Buffer.alloc(16, 2).toString('hex'));
    const result = spawnPhonekit(['wechat', 'decrypt', '--app-id', 'wx0123456789abcdef', '--session-key', sessionKey, '--iv', iv], { input: encryptedData });
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: WECHAT_DECRYPTION_FAILED: .+ Hint: .+\n$/);
  });

  it('exits 0 for --help and 2 with usage on stderr for an unknown command', () => {
    const help = spawnPhonekit(['--help']);
    expect(help.code).toBe(EXIT_CODES.ok);
    expect(help.stdout).toMatch(/^Exit codes:/m);
    const unknown = spawnPhonekit(['inspect']);
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown command 'inspect'/);
  });

  it('exits without waiting for stdin when the command does not read it', async () => {
    // stdin stays open, as a terminal would: only a command that reads it may wait.
    const child = spawn(process.execPath, [BIN, 'keys', 'generate', '--out', join(temp.dir, 'keys'), '--env', join(temp.dir, 'keys', '.env')], { env: cleanEnv(), stdio: ['pipe', 'ignore', 'ignore'] });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.destroy();
    expect(code).toBe(EXIT_CODES.ok);
    // A process start, tsx and a 2048-bit key pair: more than jest's 5 s on a loaded 2-core machine.
  }, 30_000);

  it('exits with its own code and no EPIPE stack when the reader goes away (phonekit doctor | head -1)', async () => {
    const child = spawn(process.execPath, [BIN, 'doctor', '--aes-key', 'hello'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    // The reading end closes before the command has written anything: every write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(EXIT_CODES.rejected);
  }, 30_000);

  it('pipes make-payload into inspect, and openssl verifies what it made', () => {
    const made = spawnPhonekit(['alipay', 'make-payload', '--private-key', `@${keys.privateKeyPath}`, '--aes-key', `@${keys.aesKeyPath}`, '--mobile', '13900001111']);
    expect(made.code).toBe(EXIT_CODES.ok);
    const { response, sign } = parseOneJson<{ response: string; sign: string }>(made.stdout);
    expect(opensslVerify(`"${response}"`, sign, keys.publicKeyPath)).toBe(true);
    const inspected = spawnPhonekit(inspectArgs(), { input: made.stdout });
    expect(inspected.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson<InspectJson>(inspected.stdout).phone?.e164).toBe('+8613900001111');
  });
});

describe('npx -y pnpm@10 --silent phonekit (the root script)', () => {
  const pnpmPhonekit = (args: readonly string[], cwd: string): ReturnType<typeof spawnPhonekit> =>
    spawnPhonekit(['-y', 'pnpm@10', '--silent', 'phonekit', ...args], { command: 'npx', cwd, input: payload, timeoutMs: 60_000 });

  /** A folder inside the repository that is no package (the root .gitignore covers /tmp/), holding copies of the keys. */
  let inRepo: string;
  beforeAll(() => {
    mkdirSync(join(REPO_ROOT, 'tmp'), { recursive: true });
    inRepo = mkdtempSync(join(REPO_ROOT, 'tmp', 'phonekit-cli-binary-'));
    copyFileSync(keys.aesKeyPath, join(inRepo, 'alipay-aes.key'));
    copyFileSync(keys.publicKeyPath, join(inRepo, 'alipay-public.pem'));
  });
  afterAll(() => rmSync(inRepo, { recursive: true, force: true }));

  it('prints only the command\'s own JSON', () => {
    const result = pnpmPhonekit(inspectArgs(), REPO_ROOT);
    expect(result.code).toBe(EXIT_CODES.ok);
    const out = parseOneJson<InspectJson>(result.stdout);
    expect(out.signature).toBe('valid');
    expect(out.phone?.e164).toBe('+8613811112222');
  }, 60_000);

  it('works from a package folder that has no phonekit script (apps/dev), relative key paths taken from there', () => {
    const rel = relative(join(REPO_ROOT, 'apps', 'dev'), inRepo);
    const result = pnpmPhonekit(['alipay', 'inspect', '--aes-key', `@${join(rel, 'alipay-aes.key')}`, '--public-key', join(rel, 'alipay-public.pem')], join(REPO_ROOT, 'apps', 'dev'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson<InspectJson>(result.stdout).signature).toBe('valid');
  }, 60_000);

  it('works from a subfolder of a package (apps/dev/src), and a missing relative file is named by the absolute path it tried there', () => {
    const cwd = join(REPO_ROOT, 'apps', 'dev', 'src');
    const result = pnpmPhonekit(['doctor', '--aes-key', '@no-such-aes.key', '--public-key', join(relative(cwd, inRepo), 'alipay-public.pem')], cwd);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toMatch(/^✔ public key \(--public-key\): SPKI PEM/m);
    expect(result.stdout).toContain(`✘ AES key (--aes-key): Cannot read the key: there is no file at "no-such-aes.key" (looked for ${join(cwd, 'no-such-aes.key')}).`);
  }, 60_000);

  it('works from a folder that is no package, relative key paths taken from that folder (not the root)', () => {
    const result = pnpmPhonekit(['alipay', 'inspect', '--aes-key', '@alipay-aes.key', '--public-key', 'alipay-public.pem'], inRepo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson<InspectJson>(result.stdout).signature).toBe('valid');
  }, 60_000);
});
