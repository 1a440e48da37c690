// The page shares the server's answer types (@phonekit/express's contract)
// with `import type` only: erased when compiled, so what runs in Alipay holds
// nothing of the server and the bundle stays dependency-free.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleMiniProgramScript, MINIPROGRAM_ROOT } from './harness/bundle';

function sources(dir: string = MINIPROGRAM_ROOT): string[] {
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

describe('the contract with the server', () => {
  it('is imported from @phonekit/express by src/lib/contract.ts', () => {
    const contract = readFileSync(join(MINIPROGRAM_ROOT, 'lib', 'contract.ts'), 'utf8');
    expect(phonekitImports(contract).map((i) => i.statement.match(/'(@phonekit\/[^']+)'/)?.[1])).toContain('@phonekit/express');
  });

  it.each(sources().map((file) => [relative(MINIPROGRAM_ROOT, file), file]))('%s imports phonekit packages with import type only', (_name, file) => {
    const imports = phonekitImports(readFileSync(file, 'utf8'));
    expect(imports.filter((i) => !i.typeOnly).map((i) => i.statement)).toEqual([]);
  });

  it.each([['app.ts'], ['pages/phone/phone.ts']])('leaves no trace of the phonekit packages in the %s bundle', async (entry) => {
    const bundle = await bundleMiniProgramScript(entry);
    expect(bundle).not.toMatch(/@phonekit\//);
    expect(bundle).not.toMatch(/\brequire\(/);
    expect(bundle).not.toMatch(/PhonekitError|CORE_ERROR_CATALOGUE|HTTP_STATUS/);
  });
});
