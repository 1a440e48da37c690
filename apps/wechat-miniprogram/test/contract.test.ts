/**
 * @jest-environment node
 */
// The page shares the server's answer types (@phonekit/express's contract)
// with `import type` only: erased when compiled, so what runs in WeChat holds
// nothing of the server and the bundle stays dependency-free.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundleMiniProgram, type BuiltMiniProgram } from './harness/bundle-mini-program';

const SRC = resolve(__dirname, '..', 'src');

function sources(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each import or re-export of a phonekit package in `text`, and whether it is type-only. */
function phonekitImports(text: string): Array<{ readonly statement: string; readonly typeOnly: boolean }> {
  return [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\bfrom\s+'(@phonekit\/[^']+)'/gm)].map((m) => ({ statement: m[0], typeOnly: m[2] !== undefined }));
}

let built: BuiltMiniProgram;

beforeAll(() => {
  built = bundleMiniProgram();
});

afterAll(() => built.dispose());

describe('the contract with the server', () => {
  it('is imported from @phonekit/express by src/lib/phonekit-api.ts', () => {
    const api = readFileSync(join(SRC, 'lib', 'phonekit-api.ts'), 'utf8');
    expect(phonekitImports(api).map((i) => i.statement.match(/'(@phonekit\/[^']+)'/)?.[1])).toContain('@phonekit/express');
  });

  it.each(sources().map((file) => [relative(SRC, file), file]))('%s imports phonekit packages with import type only', (_name, file) => {
    const imports = phonekitImports(readFileSync(file, 'utf8'));
    expect(imports.filter((i) => !i.typeOnly).map((i) => i.statement)).toEqual([]);
  });

  it.each([['app'], ['pages/phone/phone']])('leaves no trace of the phonekit packages in the %s bundle', (entry) => {
    const bundle = readFileSync(`${built.page(entry)}.js`, 'utf8');
    expect(bundle).not.toMatch(/@phonekit\//);
    expect(bundle).not.toMatch(/\brequire\(/);
    expect(bundle).not.toMatch(/PhonekitError|CORE_ERROR_CATALOGUE|HTTP_STATUS/);
  });
});
