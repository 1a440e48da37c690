import { MINIPROGRAM_DIRS } from './support/miniprogram-dirs';
import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatorBundler, locateMiniProgram } from '../src/server/bundle-simulator';

const FIXTURE = join(__dirname, 'fixtures/unsupported');

let workDir: string;
beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'phonekit-simulator-'));
});
afterEach(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** A copy of the fixture mini-program that a test may edit. */
function copyFixture(): string {
  const dir = join(workDir, 'miniprogram');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Rewrites a file and moves its mtime forward, as an editor saving it would. */
function edit(path: string, text: string): void {
  writeFileSync(path, text);
  const later = new Date(Date.now() + 5_000);
  utimesSync(path, later, later);
}

describe('locateMiniProgram', () => {
  test("finds the real mini-program's first page and its files", () => {
    const files = locateMiniProgram({ miniprogramDir: MINIPROGRAM_DIRS.alipay });
    expect(files.route).toBe('pages/phone/phone');
    expect(files.pageScript).toMatch(/pages\/phone\/phone\.ts$/);
    expect(files.templatePath).toMatch(/pages\/phone\/phone\.axml$/);
    expect(files.appScript).toMatch(/app\.ts$/);
    expect(files.stylePaths.map((p) => p.split('/').pop())).toEqual(['app.acss', 'phone.acss']);
  });

  test('picks the page it is told to show', () => {
    expect(locateMiniProgram({ miniprogramDir: FIXTURE, page: 'pages/call/call' }).pageScript).toMatch(/call\.js$/);
  });
});

describe('createSimulatorBundler', () => {
  test('bundles the runtime and the real page, installing the globals before the page runs', async () => {
    const bundle = await createSimulatorBundler({ miniprogramDir: MINIPROGRAM_DIRS.alipay }).get();
    expect(bundle.ok).toBe(true);
    const globalsAt = bundle.js.indexOf('browser/install-globals.ts');
    const pageAt = bundle.js.indexOf('pages/phone/phone.ts');
    expect(globalsAt).toBeGreaterThan(-1);
    expect(pageAt).toBeGreaterThan(globalsAt);
    // Checked as booleans: a failing toContain would print the whole bundle.
    expect(bundle.js.includes('onGetAuthorize')).toBe(true);
    expect(/open-type=\\?"getAuthorize\\?"/.test(bundle.js)).toBe(true);
    expect(bundle.inputs.some((input) => input.endsWith('pages/phone/phone.axml'))).toBe(true);
  });

  test('serves the cached bundle until an input changes, then rebuilds', async () => {
    const dir = copyFixture();
    const bundler = createSimulatorBundler({ miniprogramDir: dir });
    const first = await bundler.get();
    expect((await bundler.get()) === first).toBe(true);
    edit(join(dir, 'pages/video/video.axml'), '<view>edited template</view>\n');
    const second = await bundler.get();
    expect(second === first).toBe(false);
    expect(second.js.includes('edited template')).toBe(true);
  });

  test('shares one build between concurrent first requests', async () => {
    const bundler = createSimulatorBundler({ miniprogramDir: FIXTURE });
    const [a, b] = await Promise.all([bundler.get(), bundler.get()]);
    expect(a === b).toBe(true);
  });

  test('turns a page script that does not compile into a script that shows the error on screen', async () => {
    const dir = copyFixture();
    edit(join(dir, 'pages/video/video.js'), 'Page({ data: { unclosed: [1, 2 } });\n');
    const bundler = createSimulatorBundler({ miniprogramDir: dir });
    const broken = await bundler.get();
    expect(broken.ok).toBe(false);
    expect(broken.js).toContain("getElementById('sim-error')");
    expect(broken.js).toMatch(/"pages\/video\/video\.js:1: Expected/);
    edit(join(dir, 'pages/video/video.js'), 'Page({ data: {} });\n');
    expect((await bundler.get()).ok).toBe(true);
  });

  test('explains a folder that is not a mini-program', async () => {
    const bundle = await createSimulatorBundler({ miniprogramDir: workDir }).get();
    expect(bundle.ok).toBe(false);
    expect(bundle.js).toContain('no app.json in');
  });

  test('refuses .less styles by name instead of dropping them', async () => {
    const dir = copyFixture();
    rmSync(join(dir, 'pages/video/video.acss'));
    writeFileSync(join(dir, 'pages/video/video.less'), '.player { height: 10px; }');
    const bundle = await createSimulatorBundler({ miniprogramDir: dir }).get();
    expect(bundle.ok).toBe(false);
    expect(bundle.js).toContain('pages/video/video.less: .less is not supported by the simulator');
  });
});
