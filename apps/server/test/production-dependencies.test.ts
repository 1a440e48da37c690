// The production server's dependency closure, as pnpm resolves it: nothing of
// the TypeScript runner, the bundler, the sandbox or the simulator.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const FORBIDDEN = ['tsx', 'esbuild', '@phonekit/sandbox', '@phonekit/simulator', '@phonekit/dev', 'typescript', 'playwright-core'];

/** Package names in `pnpm list` tree output: `├─┬ @phonekit/express@link:...`, `│ └── ms@2.1.3`. */
function packageNames(tree: string): Set<string> {
  const names = new Set<string>();
  for (const match of tree.matchAll(/(?:──|─┬) (@?[^@\s]+)@\S+/g)) {
    const name = match[1];
    if (name !== undefined) names.add(name);
  }
  return names;
}

describe('npx -y pnpm@10 --filter @phonekit/server list --prod --depth Infinity', () => {
  let names: Set<string>;

  beforeAll(() => {
    const tree = execFileSync('npx', ['-y', 'pnpm@10', '--filter', '@phonekit/server', 'list', '--prod', '--depth', 'Infinity'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
      timeout: 60_000,
    });
    names = packageNames(tree);
  }, 90_000);

  it('lists the production closure: @phonekit/express, @phonekit/core, express and their dependencies', () => {
    for (const name of ['@phonekit/express', '@phonekit/core', 'express', 'pino', 'zod', 'libphonenumber-js']) expect(names).toContain(name);
  });

  it('holds no tsx, esbuild, sandbox, simulator or other development-only package', () => {
    const found = [...names].filter((name) => FORBIDDEN.includes(name) || name.startsWith('@esbuild/'));
    expect(found).toEqual([]);
  });
});
