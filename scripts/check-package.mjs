// `pnpm check:package` in packages/core or packages/express: packs the
// package exactly as it would be published (`pnpm pack` applies publishConfig,
// so the workspace-only "@phonekit/source" condition is gone), then lints that
// tarball with publint (--strict: warnings fail too) and
// @arethetypeswrong/cli (every resolution mode: node10, node16 CJS and ESM,
// bundler). Needs a build first (`pnpm build`); exits non-zero on any finding.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = process.cwd();
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);

// Without what the calling pnpm put in the environment (npm_config_*), which npx warns about.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));

function run(command, args) {
  process.stdout.write(`$ ${[command, ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: packageDir, stdio: 'inherit', env });
  if (result.error !== undefined) throw result.error;
  return result.status ?? 1;
}

if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
  process.stderr.write(`check:package: ${join(packageDir, 'dist')} is missing; run \`pnpm build\` first.\n`);
  process.exit(1);
}

const out = mkdtempSync(join(tmpdir(), 'phonekit-check-package-'));
let status = 1;
try {
  status = run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', out]);
  const tarball = readdirSync(out).find((name) => name.endsWith('.tgz'));
  if (status === 0 && tarball === undefined) {
    process.stderr.write('check:package: pnpm pack wrote no tarball.\n');
    status = 1;
  }
  if (status === 0 && tarball !== undefined) {
    const path = join(out, tarball);
    const publint = run(bin('publint'), ['--strict', path]);
    const attw = run(bin('attw'), [path]);
    status = publint === 0 && attw === 0 ? 0 : 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(status);
