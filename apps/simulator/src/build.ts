/**
 * `pnpm --filter @phonekit/simulator build`: bundles the simulator with the
 * mini-program once and writes it to dist/, failing when the page does not
 * build. The server does not need this (it bundles at run time); it is a
 * check for CI and a way to look at what the browser gets.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSimulatorBundler } from './server/bundle-simulator';
import { SIMULATOR_PUBLIC_DIR } from './server/simulator-router';

async function main(): Promise<void> {
  const out = resolve(__dirname, '../dist');
  mkdirSync(join(out, 'simulator'), { recursive: true });
  const tabs = [
    { dialect: 'alipay', script: 'app.js', html: 'index.html' },
    { dialect: 'wechat', script: 'wechat.js', html: 'wechat.html' },
  ] as const;
  for (const tab of tabs) {
    const bundle = await createSimulatorBundler({ dialect: tab.dialect }).get();
    if (!bundle.ok) {
      process.stderr.write(`simulator: the ${tab.dialect} mini-program does not build; the browser would show:\n`);
      process.stderr.write(`${bundle.js}\n`);
      process.exit(1);
    }
    writeFileSync(join(out, 'simulator', tab.script), bundle.js);
    copyFileSync(join(SIMULATOR_PUBLIC_DIR, tab.html), join(out, tab.html));
    process.stdout.write(`simulator: ${bundle.inputs.length} inputs -> dist/simulator/${tab.script} (${Math.round(bundle.js.length / 1024)} KiB)\n`);
  }
  copyFileSync(join(SIMULATOR_PUBLIC_DIR, 'simulator.css'), join(out, 'simulator/simulator.css'));
}

void main();
