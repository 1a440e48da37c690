// Compiles the mini-program the way WeChat DevTools' TypeScript plugin does
// (one JS file per page/app, imports bundled) into a scratch directory that
// miniprogram-simulate can load: .js from esbuild, .wxml/.wxss/.json copied.
// esbuild runs in a child node process: under jsdom its Buffer/Uint8Array
// invariant check fails (two realms), so it cannot be loaded in the test itself.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// (the global `require` is typed by miniprogram-api-typings, without resolve)
const localRequire = createRequire(__filename);

const SRC = resolve(__dirname, '..', '..', 'src');

export interface BuiltMiniProgram {
  readonly root: string;
  /** Absolute path of a page without extension, as miniprogram-simulate's load() wants it. */
  page(name: string): string;
  dispose(): void;
}

export function bundleMiniProgram(pages: readonly string[] = ['pages/phone/phone']): BuiltMiniProgram {
  const root = mkdtempSync(join(tmpdir(), 'phonekit-wechat-mp-'));
  for (const entry of ['app', ...pages]) {
    mkdirSync(dirname(join(root, entry)), { recursive: true });
    const options = {
      entryPoints: [join(SRC, `${entry}.ts`)],
      outfile: join(root, `${entry}.js`),
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2018',
      logLevel: 'error',
    };
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(localRequire.resolve('esbuild'))}).buildSync(${JSON.stringify(options)})`], { stdio: ['ignore', 'ignore', 'pipe'] });
    for (const ext of ['wxml', 'wxss', 'json']) {
      try {
        copyFileSync(join(SRC, `${entry}.${ext}`), join(root, `${entry}.${ext}`));
      } catch {
        // app has no .wxml; a page without .wxss is fine
      }
    }
  }
  return {
    root,
    page: (name) => join(root, name),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
