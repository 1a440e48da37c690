import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadAlipayAesKey, loadAlipayPublicKey } from '@phonekit/core';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { opensslEncrypt, opensslSign, successBody } from './support/openssl';
import { BIN, cleanEnv, makeTempDir, PACKAGE_DIR, parseOneJson, REPO_ROOT, runPhonekit, spawnPhonekit } from './support/run';

function envValue(text: string, name: string): string {
  const line = text.split('\n').find((l) => l.startsWith(`${name}=`));
  if (line === undefined) throw new Error(`${name} not printed`);
  return line.slice(name.length + 1);
}

/** The commands printed on lines that start (after "#   ") with `start`. */
function printedAll(stdout: string, start: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith(`#   ${start}`))
    .map((l) => l.slice('#   '.length));
}

/** The first command printed on a line that starts with `start`. */
function printed(stdout: string, start: string): string {
  const [line] = printedAll(stdout, start);
  if (line === undefined) throw new Error(`no printed line starts with ${start}`);
  return line;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls GET /healthz until the server answers (the start takes pnpm, tsx and PGlite). */
async function waitForHealth(port: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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
    expect(result.stdout).toContain(`# Written: ${join(dir, 'alipay-private.pem')} and ${join(dir, 'aes.key')} (secret, mode 0600), ${join(dir, 'alipay-public.pem')}, and the lines above in ${join(dir, '.env')} (mode 0600).`);
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
    it('goes to DIR/.env by default, beside the keys, not into the folder the command was run from', () => {
      const dir = join(temp.dir, 'project');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '.env'), 'PORT=3000\n');
      const result = spawnPhonekit(['keys', 'generate', '--out', 'keys'], { cwd: dir });
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('PORT=3000\n');
      const env = readFileSync(join(dir, 'keys', '.env'), 'utf8');
      expect(envValue(env, 'ALIPAY_PUBLIC_KEY')).toBe(envValue(result.stdout, 'ALIPAY_PUBLIC_KEY'));
      expect(envValue(env, 'ALIPAY_AES_KEY')).toBe(readFileSync(join(dir, 'keys', 'aes.key'), 'utf8').trim());
      expect(result.stdout).toContain(`the lines above in ${join(dir, 'keys', '.env')} (mode 0600)`);
      expect(result.stdout).not.toMatch(/the server reads/);
    });

    it('is read as printed: by the shell (set -a; . FILE) and by node --env-file=FILE', () => {
      const dir = join(temp.dir, 'loadable');
      const result = spawnPhonekit(['keys', 'generate', '--out', dir]);
      expect(result.code).toBe(EXIT_CODES.ok);
      const envFile = join(dir, '.env');
      expect(printed(result.stdout, 'PHONEKIT_ENV_FILE=')).toBe(`PHONEKIT_ENV_FILE=${envFile} npx -y pnpm@10 start`);
      expect(printed(result.stdout, '(set -a && . ')).toBe(`(set -a && . ${envFile} && npx -y pnpm@10 start)`);
      expect(printed(result.stdout, 'node --env-file=')).toBe(`node --env-file=${envFile} apps/server/dist/main.js`);
      const script = 'process.stdout.write(JSON.stringify([process.env.ALIPAY_APP_ID, process.env.ALIPAY_AES_KEY, process.env.ALIPAY_SIGN_TYPE]))';
      const expected = ['2021009999000001', readFileSync(join(dir, 'aes.key'), 'utf8').trim(), 'RSA2'];
      const bySh = spawnSync('sh', ['-c', `set -a && . ${envFile} && "${process.execPath}" -e '${script}'`], { encoding: 'utf8', env: cleanEnv() });
      expect(JSON.parse(bySh.stdout)).toEqual(expected);
      const byNode = spawnSync(process.execPath, [`--env-file=${envFile}`, '-e', script], { encoding: 'utf8', env: cleanEnv() });
      expect(JSON.parse(byNode.stdout)).toEqual(expected);
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

  describe('in the repository', () => {
    /** A folder of the repository that no .gitignore pattern covers by itself (not /tmp/, not .phonekit/). */
    let inRepo: string;
    beforeAll(() => {
      inRepo = mkdtempSync(join(PACKAGE_DIR, 'keys-generate-test-'));
    });
    afterAll(() => rmSync(inRepo, { recursive: true, force: true }));

    const ignoredBy = (path: string): string | undefined => {
      const check = spawnSync('git', ['check-ignore', '-v', '--', path], { cwd: REPO_ROOT, encoding: 'utf8' });
      return check.status === 0 ? check.stdout.trim().split('\t')[0] : undefined;
    };

    it('writes only files the repository\'s .gitignore covers, says which it wrote, and warns of none', () => {
      const dir = join(inRepo, 'keys');
      const result = spawnPhonekit(['keys', 'generate', '--out', dir]);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(result.stderr).toBe('');
      const written = readdirSync(dir).sort();
      expect(written).toEqual(['.env', 'aes.key', 'alipay-private.pem', 'alipay-public.pem']);
      for (const name of written) {
        expect(result.stdout).toContain(join(dir, name));
        expect({ name, ignoredBy: ignoredBy(join(dir, name)) }).toEqual({ name, ignoredBy: expect.stringMatching(/^\.gitignore:\d+:/) as unknown });
      }
    });

    it('names on stderr an --env file that the .gitignore does not cover', () => {
      const dir = join(inRepo, 'named');
      const envFile = join(inRepo, 'sandbox-keys.txt');
      const result = spawnPhonekit(['keys', 'generate', '--out', dir, '--env', envFile]);
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(ignoredBy(envFile)).toBeUndefined();
      expect(result.stderr).toBe(`phonekit keys generate: ${envFile} is in the git work tree ${REPO_ROOT} but its .gitignore does not cover it: add it to .gitignore before you commit anything.\n`);
    });
  });

  describe('what it prints, run as printed', () => {
    let dir: string;
    let stdout: string;
    beforeAll(() => {
      dir = join(temp.dir, 'as printed');
      const result = spawnPhonekit(['keys', 'generate', '--out', dir]);
      expect(result.code).toBe(EXIT_CODES.ok);
      stdout = result.stdout;
    });
    /** A printed command, with `npx -y pnpm@10 --silent phonekit` run as `node bin/phonekit.cjs` (binary.test.ts runs the pnpm form). */
    const asBin = (line: string): string => line.split('npx -y pnpm@10 --silent phonekit').join(`"${process.execPath}" "${BIN}"`);

    it('makes a payload with make-payload that inspect verifies and decrypts with the same keys', () => {
      const work = join(temp.dir, 'work');
      mkdirSync(work, { recursive: true });
      const make = printed(stdout, 'npx -y pnpm@10 --silent phonekit alipay make-payload');
      const inspect = printed(stdout, 'npx -y pnpm@10 --silent phonekit alipay inspect');
      expect(make).toMatch(/> response\.json$/);
      expect(inspect).toMatch(/< response\.json$/);
      const made = spawnSync('sh', ['-c', asBin(make)], { cwd: work, encoding: 'utf8', env: cleanEnv() });
      expect(made.status).toBe(EXIT_CODES.ok);
      const inspected = spawnSync('sh', ['-c', asBin(inspect)], { cwd: work, encoding: 'utf8', env: cleanEnv() });
      expect(inspected.status).toBe(EXIT_CODES.ok);
      expect(parseOneJson(inspected.stdout)).toMatchObject({ signature: 'valid', encrypted: true, phone: { e164: '+8613811112222' } });
    });

    it.each([
      ['PHONEKIT_ENV_FILE=FILE', 'PHONEKIT_ENV_FILE='],
      ['(set -a && . FILE)', '(set -a && . '],
    ])('starts the development app with the keys (%s), which answers the phone of a payload posted as printed', async (_title, prefix) => {
      const port = await freePort();
      const start = printed(stdout, prefix);
      const server = spawn('sh', ['-c', start], { cwd: REPO_ROOT, env: cleanEnv({ PORT: String(port), PHONEKIT_DATA_DIR: join(temp.dir, 'dev-data') }), detached: true, stdio: 'ignore' });
      try {
        await waitForHealth(port);
        const curl = printedAll(stdout, 'npx -y pnpm@10 --silent phonekit alipay make-payload').find((line) => line.includes('| curl')) ?? '';
        expect(curl).toMatch(/ --aes-key @'[^']+' \| curl -sS -H 'content-type: application\/json' --data-binary @- http:\/\/127\.0\.0\.1:3000\/api\/alipay\/phone-number$/);
        const post = asBin(curl).replace('http://127.0.0.1:3000/', `http://127.0.0.1:${port}/`);
        const answer = spawnSync('sh', ['-c', post], { encoding: 'utf8', env: cleanEnv() });
        expect(JSON.parse(answer.stdout)).toMatchObject({ e164: '+8613811112222', masked: '138****2222' });
        const sandbox = await fetch(`http://127.0.0.1:${port}/sandbox/alipay/phone-response`);
        expect(sandbox.status).toBe(404);
      } finally {
        if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM');
      }
    }, 90_000);
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
