import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAlipayAesKey, loadAlipayPublicKey } from '@phonekit/core';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { opensslEncrypt, opensslSign, successBody } from './support/openssl';
import { cleanEnv, makeTempDir, parseOneJson, REPO_ROOT, runPhonekit, spawnPhonekit } from './support/run';

function envValue(text: string, name: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`${name}=`));
  if (line === undefined) throw new Error(`${name} not printed`);
  return line.slice(name.length + 1);
}

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir('keys');
});
afterAll(() => temp.remove());

describe('phonekit keys generate', () => {
  it('prints env lines for .env and the private key labelled sandbox only', async () => {
    const result = await runPhonekit(['keys', 'generate', '--app-id', '2021000000000042']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(envValue(result.stdout, 'ALIPAY_APP_ID')).toBe('2021000000000042');
    const publicKey = loadAlipayPublicKey(envValue(result.stdout, 'ALIPAY_PUBLIC_KEY'));
    expect(publicKey).toMatchObject({ format: 'spki-base64', modulusBits: 2048 });
    expect(loadAlipayAesKey(envValue(result.stdout, 'ALIPAY_AES_KEY')).bits).toBe(128);
    expect(envValue(result.stdout, 'ALIPAY_SIGN_TYPE')).toBe('RSA2');
    expect(result.stdout).toMatch(/SANDBOX ONLY/);
    expect(result.stdout).toMatch(/# Private key \(sandbox only\): not saved anywhere, printed below/);
    expect(result.stdout).toMatch(/-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
  });

  it('honours --bits and --aes-bytes', async () => {
    const result = await runPhonekit(['keys', 'generate', '--bits', '3072', '--aes-bytes', '32']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(loadAlipayPublicKey(envValue(result.stdout, 'ALIPAY_PUBLIC_KEY')).modulusBits).toBe(3072);
    expect(loadAlipayAesKey(envValue(result.stdout, 'ALIPAY_AES_KEY')).bits).toBe(256);
  });

  it('writes the three key files with --out and the env lines to --env, secrets mode 0600, and prints where the private key went', async () => {
    const dir = join(temp.dir, 'out');
    const result = await runPhonekit(['keys', 'generate', '--out', dir, '--env', join(dir, '.env')]);
    expect(result.code).toBe(EXIT_CODES.ok);
    const mode = (name: string): number => statSync(join(dir, name)).mode & 0o777;
    expect(mode('alipay-private.pem')).toBe(0o600);
    expect(mode('aes.key')).toBe(0o600);
    expect(mode('.env')).toBe(0o600);
    expect(existsSync(join(dir, 'alipay-public.pem'))).toBe(true);
    expect(result.stdout).toContain(`# Private key (sandbox only): ${join(dir, 'alipay-private.pem')}`);
    expect(result.stdout).not.toContain('BEGIN PRIVATE KEY');
    const env = readFileSync(join(dir, '.env'), 'utf8');
    expect(envValue(env, 'ALIPAY_AES_KEY')).toBe(readFileSync(join(dir, 'aes.key'), 'utf8').trim());
    expect(envValue(env, 'ALIPAY_PUBLIC_KEY')).toBe(envValue(result.stdout, 'ALIPAY_PUBLIC_KEY'));
  });

  it('makes keys that openssl can sign with and inspect can verify', async () => {
    const dir = join(temp.dir, 'roundtrip');
    await runPhonekit(['keys', 'generate', '--out', dir, '--env', join(dir, '.env')]);
    const aesKeyHex = Buffer.from(readFileSync(join(dir, 'aes.key'), 'utf8').trim(), 'base64').toString('hex');
    const ciphertext = opensslEncrypt(successBody('13900001111'), aesKeyHex);
    const sign = opensslSign(`"${ciphertext}"`, join(dir, 'alipay-private.pem'));
    const payload = JSON.stringify({ response: ciphertext, sign, sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' });
    const result = await runPhonekit(['alipay', 'inspect', '--aes-key', `@${join(dir, 'aes.key')}`, '--public-key', `@${join(dir, 'alipay-public.pem')}`], { stdin: payload });
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)['signature']).toBe('valid');
  });

  it('refuses to overwrite existing files without --force, and overwrites with it', async () => {
    const dir = join(temp.dir, 'twice');
    await runPhonekit(['keys', 'generate', '--out', dir, '--env', join(dir, '.env')]);
    const before = readFileSync(join(dir, 'aes.key'), 'utf8');
    const refused = await runPhonekit(['keys', 'generate', '--out', dir, '--env', join(dir, 'other.env')]);
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/already exist.*--force/);
    expect(readFileSync(join(dir, 'aes.key'), 'utf8')).toBe(before);
    const forced = await runPhonekit(['keys', 'generate', '--out', dir, '--env', join(dir, '.env'), '--force']);
    expect(forced.code).toBe(EXIT_CODES.ok);
    expect(readFileSync(join(dir, 'aes.key'), 'utf8')).not.toBe(before);
  });

  describe('the .env it writes', () => {
    it('goes to .env in the folder the command was run from, which keeps its other lines', () => {
      const dir = join(temp.dir, 'project');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://localhost/phonekit\n# a comment\nPORT=3000');
      const result = spawnPhonekit(['keys', 'generate', '--out', 'keys'], { cwd: dir });
      expect(result.code).toBe(EXIT_CODES.ok);
      const env = readFileSync(join(dir, '.env'), 'utf8');
      expect(env.startsWith('DATABASE_URL=postgres://localhost/phonekit\n# a comment\nPORT=3000\n')).toBe(true);
      expect(envValue(env, 'ALIPAY_PUBLIC_KEY')).toBe(envValue(result.stdout, 'ALIPAY_PUBLIC_KEY'));
      expect(envValue(env, 'ALIPAY_AES_KEY')).toBe(readFileSync(join(dir, 'keys', 'aes.key'), 'utf8').trim());
      expect(result.stdout).toContain(`# The lines above are in ${join(dir, '.env')}`);
    });

    it('is read back by node\'s process.loadEnvFile, as the server reads it', () => {
      const dir = join(temp.dir, 'loadable');
      mkdirSync(dir, { recursive: true });
      expect(spawnPhonekit(['keys', 'generate', '--out', 'keys'], { cwd: dir }).code).toBe(EXIT_CODES.ok);
      const script = "process.loadEnvFile('.env'); process.stdout.write(JSON.stringify([process.env.ALIPAY_APP_ID, process.env.ALIPAY_AES_KEY, process.env.ALIPAY_SIGN_TYPE]))";
      const read = spawnSync(process.execPath, ['-e', script], {
        cwd: dir,
        encoding: 'utf8',
        env: cleanEnv(),
      });
      expect(JSON.parse(read.stdout)).toEqual(['2021009999000001', readFileSync(join(dir, 'keys', 'aes.key'), 'utf8').trim(), 'RSA2']);
    });

    it('refuses to replace ALIPAY_* lines already set without --force, and replaces only them with it', async () => {
      const dir = join(temp.dir, 'existing');
      const envFile = join(dir, 'app.env');
      mkdirSync(dir, { recursive: true });
      writeFileSync(envFile, 'ALIPAY_AES_KEY=old\nKEEP=me\n');
      const refused = await runPhonekit(['keys', 'generate', '--out', join(dir, 'keys'), '--env', envFile]);
      expect(refused.code).toBe(EXIT_CODES.usage);
      expect(refused.stderr).toMatch(/app\.env already sets ALIPAY_AES_KEY: pass --force to replace that line \(the rest of the file is kept\)\./);
      expect(readFileSync(envFile, 'utf8')).toBe('ALIPAY_AES_KEY=old\nKEEP=me\n');
      const forced = await runPhonekit(['keys', 'generate', '--out', join(dir, 'keys'), '--env', envFile, '--force']);
      expect(forced.code).toBe(EXIT_CODES.ok);
      const env = readFileSync(envFile, 'utf8');
      expect(env.split('\n').filter((line) => line.startsWith('ALIPAY_AES_KEY='))).toHaveLength(1);
      expect(envValue(env, 'ALIPAY_AES_KEY')).not.toBe('old');
      expect(envValue(env, 'KEEP')).toBe('me');
      expect(envValue(env, 'ALIPAY_PUBLIC_KEY')).toBe(envValue(forced.stdout, 'ALIPAY_PUBLIC_KEY'));
    });
  });

  it("writes its secret files under names the repository's .gitignore covers, wherever they go in it", async () => {
    const dir = join(temp.dir, 'ignored');
    const result = await runPhonekit(['keys', 'generate', '--out', dir, '--env', join(dir, '.env')]);
    expect(result.code).toBe(EXIT_CODES.ok);
    const secrets = readdirSync(dir).filter((name) => (statSync(join(dir, name)).mode & 0o077) === 0);
    expect(secrets.sort()).toEqual(['.env', 'aes.key', 'alipay-private.pem']);
    for (const name of secrets) {
      for (const inRepo of [name, `keys/${name}`, `apps/dev/${name}`]) {
        const check = spawnSync('git', ['check-ignore', '--no-index', '-q', inRepo], { cwd: REPO_ROOT });
        expect({ path: inRepo, ignored: check.status === 0 }).toEqual({ path: inRepo, ignored: true });
      }
    }
  });

  it.each([
    ['--bits 1024', ['--bits', '1024'], /--bits must be 2048, 3072 or 4096/],
    ['--aes-bytes 20', ['--aes-bytes', '20'], /--aes-bytes must be 16, 24 or 32/],
    ['an --app-id with a space', ['--app-id', 'a b'], /--app-id must be/],
    ['--force without --out', ['--force'], /--force only applies with --out/],
    ['--env without --out', ['--env', 'x.env'], /--env only applies with --out/],
  ])('exits 2 for %s', async (_title, args, message) => {
    const result = await runPhonekit(['keys', 'generate', ...args]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
