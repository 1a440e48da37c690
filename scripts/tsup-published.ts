import { defineConfig, type Options } from 'tsup';

// Why tsup (not tshy, not tsc twice): it bundles each format from the one
// entry, so src/lib and every other internal module stay private (only what
// src/index.ts exports exists in dist); our extensionless relative imports
// (moduleResolution bundler) work as they are, with no rewriting to '.js';
// and it rolls the declarations up into one file per format, index.d.ts for
// `import` and index.d.cts for `require`, which is what publint and attw check.
// Dependencies and peerDependencies stay imports: they are never bundled.
/** The build of every published package: the same for @phonekit/core and @phonekit/express. */
export function publishedPackageConfig(): Options | Options[] | ((overrides: Options) => Options | Options[]) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    tsconfig: 'tsconfig.build.json',
    target: 'node20',
    platform: 'node',
    clean: true,
    // Node 20 has every 'node:' builtin: keep the prefix as written.
    removeNodeProtocol: false,
  });
}
