// @phonekit/core and @phonekit/express as a team outside this repository gets
// them: built, packed with `pnpm pack` (publishConfig applied), installed with
// plain npm into a scratch folder outside the workspace, next to express 5.
// The scratch app then requires them from CommonJS, imports them from ESM,
// type-checks against them, opens an openssl-made payload with core, and
// answers it over HTTP from its own express() with @phonekit/express's router.
// Nothing here is skipped: a missing tool, tarball or registry fails the suite.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

jest.setTimeout(240_000);

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const OPENSSL = '/usr/bin/openssl';
const MOBILE = '13811112222';

/** The environment without what pnpm or npm put in it for this run (npm_config_*, npm_package_*), so npm behaves as for a user. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && !/^pnpm_/i.test(name)) env[name] = value;
  }
  return { ...env, FORCE_COLOR: '0', NO_UPDATE_NOTIFIER: '1' };
}

function run(command: string, args: readonly string[], cwd: string, input?: string): string {
  try {
    return execFileSync(command, [...args], { cwd, env: userEnv(), encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 16 << 20 });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: err });
  }
}

const node = (args: readonly string[], cwd: string): string => run(process.execPath, args, cwd);
const openssl = (args: readonly string[], cwd: string, input?: string): string => run(OPENSSL, args, cwd, input);

interface Packed {
  readonly tarball: string;
  readonly manifest: Record<string, unknown>;
  readonly files: readonly string[];
}

/** `pnpm pack` of one workspace package into `out`: the tarball, its package.json and its file list. */
function pack(packageDir: string, out: string): Packed {
  const before = new Set(readdirSync(out));
  run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', out], packageDir);
  const tarball = readdirSync(out).find((name) => name.endsWith('.tgz') && !before.has(name));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${packageDir}`);
  const path = join(out, tarball);
  const files = run('tar', ['-tzf', path], out).split('\n').filter((line) => line !== '');
  const manifest = JSON.parse(run('tar', ['-xOzf', path, 'package/package.json'], out)) as Record<string, unknown>;
  return { tarball: path, manifest, files };
}

/** An Alipay app's keys and one res.response made by the openssl CLI, as Alipay would send it. */
interface OpensslPayload {
  readonly publicKeyBase64: string;
  readonly aesKeyBase64: string;
  readonly responseText: string;
}

function opensslPayload(dir: string): OpensslPayload {
  const privateKey = join(dir, 'alipay.key.pem');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', privateKey], dir);
  const publicKeyDer = execFileSync(OPENSSL, ['pkey', '-in', privateKey, '-pubout', '-outform', 'DER'], { cwd: dir });
  const aesKeyHex = openssl(['rand', '-hex', '16'], dir).trim();
  const plaintext = JSON.stringify({ code: '10000', msg: 'Success', mobile: MOBILE });
  const ciphertext = openssl(['enc', '-aes-128-cbc', '-K', aesKeyHex, '-iv', '0'.repeat(32), '-base64', '-A'], dir, plaintext).trim();
  // Alipay signs the response value as it appears in the JSON: the quoted ciphertext.
  const signed = join(dir, 'signed-content.txt');
  writeFileSync(signed, `"${ciphertext}"`);
  const sign = execFileSync(OPENSSL, ['dgst', '-sha256', '-sign', privateKey, signed], { cwd: dir }).toString('base64');
  return {
    publicKeyBase64: publicKeyDer.toString('base64'),
    aesKeyBase64: Buffer.from(aesKeyHex, 'hex').toString('base64'),
    responseText: `{"response":"${ciphertext}","sign":"${sign}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`,
  };
}

let work: string;
let scratch: string;
let core: Packed;
let express: Packed;
let payload: OpensslPayload;
let server: ChildProcess | undefined;

beforeAll(() => {
  // The real build (skipped when dist is newer than every input), then the real pack.
  node([join(REPO_ROOT, 'scripts', 'ensure-built.cjs'), '@phonekit/core', '@phonekit/express'], REPO_ROOT);
  work = realpathSync(mkdtempSync(join(tmpdir(), 'phonekit-pack-install-')));
  const tarballs = join(work, 'tarballs');
  scratch = join(work, 'app');
  mkdirSync(tarballs);
  mkdirSync(scratch);
  core = pack(join(REPO_ROOT, 'packages', 'core'), tarballs);
  express = pack(join(REPO_ROOT, 'packages', 'express'), tarballs);

  run('npm', ['init', '-y'], scratch);
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', core.tarball, express.tarball, 'express@5', '@types/express@5', '@types/node@20'],
    scratch,
  );
  payload = opensslPayload(work);
  writeFileSync(join(scratch, 'payload.json'), JSON.stringify(payload));
}, 240_000);

afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((resolveExit) => server?.once('exit', resolveExit));
    server.kill('SIGTERM');
    await exited;
  }
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it('are installed in a folder outside the workspace', () => {
    expect(relative(REPO_ROOT, scratch).startsWith('..')).toBe(true);
    expect(existsSync(join(scratch, 'node_modules', '@phonekit', 'core', 'dist', 'index.cjs'))).toBe(true);
    expect(existsSync(join(scratch, 'node_modules', '@phonekit', 'express', 'dist', 'index.js'))).toBe(true);
  });

  it('hold dist and the README only, and no workspace-only condition or version', () => {
    for (const packed of [core, express]) {
      expect([...packed.files].sort()).toEqual(
        ['package/README.md', 'package/dist/index.cjs', 'package/dist/index.d.cts', 'package/dist/index.d.ts', 'package/dist/index.js', 'package/package.json'],
      );
      const text = JSON.stringify(packed.manifest);
      expect(text).not.toContain('@phonekit/source');
      expect(text).not.toContain('src/index.ts');
      expect(text).not.toContain('workspace:');
    }
    expect(express.manifest['dependencies']).toMatchObject({ '@phonekit/core': core.manifest['version'] });
    expect(express.manifest['peerDependencies']).toMatchObject({ express: expect.stringMatching(/^\^5/) });
  });

  it('install one copy of @phonekit/core, shared by @phonekit/express', () => {
    expect(existsSync(join(scratch, 'node_modules', '@phonekit', 'express', 'node_modules', '@phonekit', 'core'))).toBe(false);
  });
});

describe('the scratch app', () => {
  it('requires both packages from CommonJS and gets their CommonJS builds', () => {
    writeFileSync(
      join(scratch, 'require.cjs'),
      `const core = require('@phonekit/core');
const phonekitExpress = require('@phonekit/express');
console.log(JSON.stringify({
  resolved: [require.resolve('@phonekit/core'), require.resolve('@phonekit/express')],
  core: Object.keys(core).sort(),
  express: Object.keys(phonekitExpress).sort(),
  kinds: [typeof core.openAlipayPhoneResponse, typeof core.loadAlipayPublicKey, typeof phonekitExpress.alipayRouter, typeof phonekitExpress.defineAlipayApps],
}));
`,
    );
    const out = JSON.parse(node(['require.cjs'], scratch)) as { resolved: string[]; core: string[]; express: string[]; kinds: string[] };
    expect(out.resolved.map((path) => relative(scratch, path))).toEqual(['node_modules/@phonekit/core/dist/index.cjs', 'node_modules/@phonekit/express/dist/index.cjs']);
    expect(out.kinds).toEqual(['function', 'function', 'function', 'function']);
    expect(out.core.length).toBeGreaterThan(10);
    expect(out.express.length).toBeGreaterThan(10);
  });

  it('imports both packages from ESM, gets their ESM builds, and sees the same exports as from CommonJS', () => {
    writeFileSync(
      join(scratch, 'import.mjs'),
      `import * as core from '@phonekit/core';
import * as phonekitExpress from '@phonekit/express';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
console.log(JSON.stringify({
  resolved: [import.meta.resolve('@phonekit/core'), import.meta.resolve('@phonekit/express')],
  same: [
    JSON.stringify(Object.keys(core).sort()) === JSON.stringify(Object.keys(require('@phonekit/core')).sort()),
    JSON.stringify(Object.keys(phonekitExpress).sort()) === JSON.stringify(Object.keys(require('@phonekit/express')).sort()),
  ],
  kinds: [typeof core.openAlipayPhoneResponse, typeof phonekitExpress.alipayRouter],
}));
`,
    );
    const out = JSON.parse(node(['import.mjs'], scratch)) as { resolved: string[]; same: boolean[]; kinds: string[] };
    expect(out.resolved.map((url) => relative(scratch, new URL(url).pathname))).toEqual(['node_modules/@phonekit/core/dist/index.js', 'node_modules/@phonekit/express/dist/index.js']);
    expect(out.same).toEqual([true, true]);
    expect(out.kinds).toEqual(['function', 'function']);
  });

  it('type-checks a TypeScript file against them, as CommonJS and as ESM (nodenext)', () => {
    const source = `import { loadAlipayAesKey, loadAlipayPublicKey, openAlipayPhoneResponse, PhonekitError } from '@phonekit/core';
import { alipayRouter, appServerClasses, defineAlipayApps, type ServerClasses } from '@phonekit/express';
import express from 'express';
import { createServer, type Server } from 'node:http';

export function createPhoneApp(publicKey: string, aesKey: string): express.Express {
  const app = express();
  app.use('/api/alipay', alipayRouter({ alipayApps: defineAlipayApps([{ publicKey, aesKey }]) }));
  return app;
}

export function servePhoneApp(app: express.Express): Server {
  const classes: ServerClasses = appServerClasses(app);
  return createServer(classes, app);
}

export function e164Of(responseText: string, publicKey: string, aesKey: string): string {
  const phone = openAlipayPhoneResponse(responseText, { publicKey: loadAlipayPublicKey(publicKey), aesKey: loadAlipayAesKey(aesKey) });
  // @ts-expect-error e164 is a string: the declarations are real types, not any.
  const wrong: number = phone.e164;
  void wrong;
  return phone.e164;
}

export function codeOf(err: unknown): string | undefined {
  return err instanceof PhonekitError ? err.code : undefined;
}

// @ts-expect-error an Alipay app needs its AES key.
defineAlipayApps([{ publicKey: 'MIIBIjANBg' }]);
`;
    writeFileSync(join(scratch, 'consumer.ts'), source);
    writeFileSync(join(scratch, 'consumer.mts'), source);
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // skipLibCheck off: our .d.ts/.d.cts are checked too, not only used. A type error fails the run (tsc exits 2).
    const trace = node([tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', 'false', '--traceResolution', 'consumer.ts', 'consumer.mts'], scratch);
    // The resolution TypeScript took: the CommonJS file reads index.d.cts, the ESM file index.d.ts.
    expect(trace).toMatch(/'@phonekit\/core' was successfully resolved to '[^']*node_modules\/@phonekit\/core\/dist\/index\.d\.cts'/);
    expect(trace).toMatch(/'@phonekit\/core' was successfully resolved to '[^']*node_modules\/@phonekit\/core\/dist\/index\.d\.ts'/);
    expect(trace).toMatch(/'@phonekit\/express' was successfully resolved to '[^']*node_modules\/@phonekit\/express\/dist\/index\.d\.cts'/);
    expect(trace).toMatch(/'@phonekit\/express' was successfully resolved to '[^']*node_modules\/@phonekit\/express\/dist\/index\.d\.ts'/);
  });

  it('verifies and decrypts the openssl-made payload with @phonekit/core', () => {
    writeFileSync(
      join(scratch, 'open.cjs'),
      `const { readFileSync } = require('node:fs');
const { loadAlipayAesKey, loadAlipayPublicKey, openAlipayPhoneResponse, PhonekitError } = require('@phonekit/core');
const { publicKeyBase64, aesKeyBase64, responseText } = JSON.parse(readFileSync('payload.json', 'utf8'));
const app = { publicKey: loadAlipayPublicKey(publicKeyBase64), aesKey: loadAlipayAesKey(aesKeyBase64) };
const phone = openAlipayPhoneResponse(responseText, app);
let tampered;
try {
  openAlipayPhoneResponse(responseText.replace(/"sign":"./, (s) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A')), app);
} catch (err) {
  tampered = err instanceof PhonekitError ? err.code : String(err);
}
console.log(JSON.stringify({ mobile: phone.mobile, e164: phone.e164, valid: phone.valid, tampered }));
`,
    );
    expect(JSON.parse(node(['open.cjs'], scratch))).toEqual({ mobile: MOBILE, e164: `+86${MOBILE}`, valid: true, tampered: 'SIGNATURE_INVALID' });
  });

  describe('with @phonekit/express\'s alipayRouter in its own express() on port 0', () => {
    let url: string;

    beforeAll(async () => {
      writeFileSync(
        join(scratch, 'server.mjs'),
        `import { readFileSync } from 'node:fs';
import express from 'express';
import { createServer } from 'node:http';
import { alipayRouter, appServerClasses, defineAlipayApps } from '@phonekit/express';

const { publicKeyBase64, aesKeyBase64 } = JSON.parse(readFileSync('payload.json', 'utf8'));
const app = express();
// As the package README's "Serving faster": node creates req and res with the app's prototypes.
const classes = appServerClasses(app);
app.use('/api/alipay', alipayRouter({ alipayApps: defineAlipayApps([{ publicKey: publicKeyBase64, aesKey: aesKeyBase64 }]) }));
app.get('/born', (req, res) => res.json({ request: req instanceof classes.IncomingMessage, response: res instanceof classes.ServerResponse, app: req.app === app }));
const server = createServer(classes, app).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close());
`,
      );
      const child = spawn(process.execPath, ['server.mjs'], { cwd: scratch, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      server = child;
      let output = '';
      url = await new Promise<string>((resolveUrl, reject) => {
        const timer = setTimeout(() => reject(new Error(`the scratch server did not start:\n${output}`)), 20_000);
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          const match = /\{"port":(\d+)\}/.exec(output);
          if (match !== null) {
            clearTimeout(timer);
            resolveUrl(`http://127.0.0.1:${match[1] ?? ''}`);
          }
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the scratch server exited with ${code}:\n${output}`));
        });
      });
    }, 30_000);

    it('answers the payload over HTTP with 200 and the phone JSON', async () => {
      const res = await fetch(`${url}/api/alipay/phone-number`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: payload.responseText });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ mobile: MOBILE, countryCode: '86', nationalNumber: MOBILE, e164: `+86${MOBILE}`, valid: true });
    });

    it('serves from the classes appServerClasses gave it: req and res born with the app\'s prototypes', async () => {
      const res = await fetch(`${url}/born`);
      expect(await res.json()).toEqual({ request: true, response: true, app: true });
    });

    it('answers a tampered payload with 422 and the error envelope', async () => {
      const tampered = payload.responseText.replace(/"sign":"./, (s) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A'));
      const res = await fetch(`${url}/api/alipay/phone-number`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: tampered });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID', message: expect.any(String), retryable: false } });
    });
  });
});
