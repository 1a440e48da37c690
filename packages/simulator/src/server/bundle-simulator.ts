/**
 * Bundles, for the browser, the simulator's runtime together with the
 * mini-program's REAL code: app.ts (if any), the page's .ts, and the page's
 * .axml / .acss / .json as text (WeChat: .wxml / .wxss, with the `wx`
 * runtime and a `Component()` host instead of `my`; Douyin: .ttml / .ttss
 * with the `tt` runtime). One esbuild run, cached; rebuilt when any
 * input file changes, so editing the page and reloading the tab is enough.
 *
 * The entry is generated: it imports `install-globals` first (so `my`,
 * `App` and `Page` exist when the mini-program's modules run), then app.ts,
 * then the page, then starts the simulator with the template and styles.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { DIALECTS, type DialectName } from '../template/dialect';
import { isRecord } from '../browser/records';

/** The simulator's own sources (this file lives in src/server). */
const SOURCE_DIR = resolve(__dirname, '..');

/** Per platform: the runtime module imported first and the function that starts the simulator. */
const RUNTIMES: Readonly<Record<DialectName, { readonly globals: string; readonly start: string; readonly startFunction: string }>> = {
  alipay: { globals: 'browser/install-globals.ts', start: 'browser/start.ts', startFunction: 'startSimulator' },
  wechat: { globals: 'browser/install-wechat-globals.ts', start: 'browser/start-wechat.ts', startFunction: 'startWechatSimulator' },
  douyin: { globals: 'browser/install-douyin-globals.ts', start: 'browser/start-douyin.ts', startFunction: 'startDouyinSimulator' },
};

export interface SimulatorBundleOptions {
  /** A mini-program's source folder (the one holding app.json). */
  readonly miniprogramDir: string;
  /** The page route to show (default: the first page in app.json). */
  readonly page?: string;
  /** Which platform the mini-program is for (default alipay). */
  readonly dialect?: DialectName;
}

function miniProgramDir(options: SimulatorBundleOptions): string {
  return resolve(options.miniprogramDir);
}

export interface SimulatorBundle {
  /** The browser script. On a build failure, a script that shows the failure on screen. */
  readonly js: string;
  /** Whether `js` is the real bundle. */
  readonly ok: boolean;
  /** Every file the bundle was built from. */
  readonly inputs: readonly string[];
}

export interface SimulatorBundler {
  /** The current bundle, built on first call and whenever an input changed since. */
  get(): Promise<SimulatorBundle>;
}

/** A mini-program problem the developer must fix (shown on screen, not thrown at the server). */
export class MiniProgramLayoutError extends Error {
  override readonly name = 'MiniProgramLayoutError';
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new MiniProgramLayoutError(`${what} (${path}) ${why}`);
  }
}

function firstExisting(paths: readonly string[]): string | undefined {
  return paths.find((path) => existsSync(path));
}

interface MiniProgramFiles {
  readonly dialect: DialectName;
  readonly appJsonPath: string;
  readonly appJson: unknown;
  readonly route: string;
  readonly appScript: string | undefined;
  readonly pageScript: string;
  readonly pageJsonPath: string | undefined;
  readonly templatePath: string;
  readonly stylePaths: readonly string[];
}

/** Finds the files of the page to show, or explains what is missing. */
export function locateMiniProgram(options: SimulatorBundleOptions): MiniProgramFiles {
  const dir = miniProgramDir(options);
  const dialect = DIALECTS[options.dialect ?? 'alipay'];
  const { templateExtension, styleExtension } = dialect;
  const appJsonPath = join(dir, 'app.json');
  if (!existsSync(appJsonPath)) throw new MiniProgramLayoutError(`no app.json in ${dir}: point the simulator at a mini-program's source folder`);
  const appJson = readJson(appJsonPath, 'app.json');
  const pages = isRecord(appJson) && Array.isArray(appJson['pages']) ? appJson['pages'].filter((p): p is string => typeof p === 'string') : [];
  const route = options.page ?? pages[0];
  if (route === undefined) throw new MiniProgramLayoutError('app.json lists no pages');
  const base = join(dir, route);
  const pageScript = firstExisting([`${base}.ts`, `${base}.js`]);
  if (pageScript === undefined) throw new MiniProgramLayoutError(`the page ${route} has no .ts or .js file`);
  const templatePath = `${base}${templateExtension}`;
  if (!existsSync(templatePath)) throw new MiniProgramLayoutError(`the page ${route} has no ${templateExtension} file`);
  const stylePaths: string[] = [];
  for (const styleBase of [join(dir, 'app'), base]) {
    if (existsSync(`${styleBase}${styleExtension}`)) stylePaths.push(`${styleBase}${styleExtension}`);
    else if (existsSync(`${styleBase}.less`)) {
      throw new MiniProgramLayoutError(`${relative(dir, styleBase)}.less: .less is not supported by the simulator; use ${styleExtension}`);
    }
  }
  return {
    dialect: dialect.name,
    appJsonPath,
    appJson,
    route,
    appScript: firstExisting([join(dir, 'app.ts'), join(dir, 'app.js')]),
    pageScript,
    pageJsonPath: firstExisting([`${base}.json`]),
    templatePath,
    stylePaths,
  };
}

function entrySource(files: MiniProgramFiles, dir: string): string {
  const text = (path: string): { file: string; source: string } => ({ file: relative(dir, path), source: readFileSync(path, 'utf8') });
  const input = {
    appJson: files.appJson,
    pageJson: files.pageJsonPath === undefined ? {} : readJson(files.pageJsonPath, `${files.route}.json`),
    route: files.route,
    template: text(files.templatePath),
    styles: files.stylePaths.map(text),
  };
  const runtime = RUNTIMES[files.dialect];
  const imports = [
    join(SOURCE_DIR, runtime.globals),
    ...(files.appScript === undefined ? [] : [files.appScript]),
    files.pageScript,
  ];
  return [
    ...imports.map((path) => `import ${JSON.stringify(path)};`),
    `import { ${runtime.startFunction} } from ${JSON.stringify(join(SOURCE_DIR, runtime.start))};`,
    `${runtime.startFunction}(${JSON.stringify(input)});`,
    '',
  ].join('\n');
}

/** A script that puts `message` in the error panel: what the browser gets when the bundle cannot be built. */
export function failureScript(message: string): string {
  return `(function () {
  var panel = document.getElementById('sim-error');
  if (!panel) { panel = document.createElement('div'); panel.id = 'sim-error'; panel.className = 'sim-error'; panel.setAttribute('role', 'alert'); document.body.prepend(panel); }
  panel.hidden = false;
  var title = document.createElement('strong'); title.className = 'sim-error-title'; title.textContent = 'The simulator could not build the mini-program';
  var pre = document.createElement('pre'); pre.className = 'sim-error-message'; pre.textContent = ${JSON.stringify(message)};
  var entry = document.createElement('div'); entry.className = 'sim-error-entry'; entry.append(title, pre); panel.append(entry);
})();
`;
}

async function buildBundle(options: SimulatorBundleOptions): Promise<SimulatorBundle> {
  const dir = miniProgramDir(options);
  let files: MiniProgramFiles;
  try {
    files = locateMiniProgram(options);
  } catch (err) {
    if (err instanceof MiniProgramLayoutError) return { js: failureScript(err.message), ok: false, inputs: [join(dir, 'app.json')] };
    throw err;
  }
  const textInputs = [files.appJsonPath, files.templatePath, ...files.stylePaths, ...(files.pageJsonPath === undefined ? [] : [files.pageJsonPath])];
  try {
    const result = await build({
      stdin: { contents: entrySource(files, dir), resolveDir: SOURCE_DIR, sourcefile: 'simulator-entry.ts', loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      target: 'es2020',
      charset: 'utf8',
      sourcemap: 'inline',
      metafile: true,
      logLevel: 'silent',
    });
    const js = result.outputFiles[0]?.text ?? '';
    const scripts = Object.keys(result.metafile.inputs)
      .map((input) => resolve(input))
      // The generated entry is listed too, under a name that is not a file.
      .filter((input) => existsSync(input));
    return { js, ok: true, inputs: [...textInputs, ...scripts] };
  } catch (err) {
    const errors = isRecord(err) && Array.isArray(err['errors']) ? err['errors'] : [];
    const lines = errors.map((e: unknown) => {
      if (!isRecord(e)) return String(e);
      const location = isRecord(e['location']) ? e['location'] : undefined;
      const file = location === undefined ? '' : relative(dir, resolve(String(location['file'])));
      const where = location === undefined ? '' : `${file}:${String(location['line'])}: `;
      return `${where}${String(e['text'])}`;
    });
    const message = lines.length > 0 ? lines.join('\n') : err instanceof Error ? err.message : String(err);
    // Watch the page's files, so fixing the error and reloading is enough.
    return { js: failureScript(message), ok: false, inputs: [...textInputs, files.pageScript, ...(files.appScript === undefined ? [] : [files.appScript])] };
  }
}

function newestChange(paths: readonly string[]): number {
  let newest = 0;
  for (const path of paths) {
    try {
      newest = Math.max(newest, statSync(path).mtimeMs);
    } catch {
      // A deleted input counts as a change.
      return Number.POSITIVE_INFINITY;
    }
  }
  return newest;
}

/**
 * A cached bundler. Concurrent first requests share one build.
 *
 * @example
 * ```ts
 * const bundler = createSimulatorBundler({ miniprogramDir: 'apps/alipay-miniprogram/src' });
 * const { js } = await bundler.get(); // serve as /simulator/app.js
 * ```
 */
export function createSimulatorBundler(options: SimulatorBundleOptions): SimulatorBundler {
  let cached: { bundle: SimulatorBundle; stamp: number } | undefined;
  let building: Promise<SimulatorBundle> | undefined;
  return {
    get(): Promise<SimulatorBundle> {
      if (cached !== undefined && newestChange(cached.bundle.inputs) <= cached.stamp) return Promise.resolve(cached.bundle);
      if (building !== undefined) return building;
      building = (async () => {
        try {
          const bundle = await buildBundle(options);
          cached = { bundle, stamp: newestChange(bundle.inputs) };
          return bundle;
        } finally {
          building = undefined;
        }
      })();
      return building;
    },
  };
}
