/**
 * Bundles a mini-program script (app.ts or a page's .ts, with everything it
 * imports) into one self-contained script, the way the Alipay compiler would
 * hand it to the JS engine: no module system, `my` / `Page` / `App` /
 * `getApp` left as free globals.
 */
import { build } from 'esbuild';
import path from 'node:path';

/** The mini-program source folder (`miniprogramRoot` in mini.project.json). */
export const MINIPROGRAM_ROOT = path.resolve(__dirname, '..', '..', 'src');

const cache = new Map<string, Promise<string>>();

/**
 * Bundles `entry` (a path relative to {@link MINIPROGRAM_ROOT} such as
 * `pages/phone/phone.ts`, or an absolute path) as an IIFE for ES2018 on a
 * neutral platform. Results are cached per process.
 *
 * @example
 * ```ts
 * const code = await bundleMiniProgramScript('pages/phone/phone.ts');
 * vm.runInContext(code, context);
 * ```
 */
export function bundleMiniProgramScript(entry: string, root: string = MINIPROGRAM_ROOT): Promise<string> {
  const file = path.isAbsolute(entry) ? entry : path.join(root, entry);
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const result = build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2018',
    charset: 'utf8',
    logLevel: 'silent',
  }).then((output) => {
    const script = output.outputFiles[0];
    if (script === undefined) throw new Error(`esbuild produced no output for ${file}`);
    return script.text;
  });
  cache.set(file, result);
  // A failed build is not worth keeping: the next call tries again.
  result.catch(() => cache.delete(file));
  return result;
}
