import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

/** Where the baselines' JavaScript goes: inside bench/, so that `require('express')` finds bench/node_modules. */
export const BASELINE_JS_DIR = resolve(__dirname, '../dist/baseline');

/**
 * Compiles bench/src/baseline/*.ts to plain CommonJS (type erasure only, as
 * tsc would), so the baselines run on bare node like the compiled production
 * server: no tsx loader, no esbuild helper process in their memory or start-up.
 */
export function compileBaselines(): void {
  const sourceDir = resolve(__dirname, 'baseline');
  mkdirSync(BASELINE_JS_DIR, { recursive: true });
  for (const file of readdirSync(sourceDir).filter((f) => f.endsWith('.ts'))) {
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(join(sourceDir, file), 'utf8'), {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, verbatimModuleSyntax: false },
    });
    if (diagnostics !== undefined && diagnostics.length > 0) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(diagnostics[0]?.messageText ?? '', '\n')}`);
    writeFileSync(join(BASELINE_JS_DIR, file.replace(/\.ts$/, '.js')), outputText);
  }
}
