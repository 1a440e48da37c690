/**
 * `pnpm --filter @phonekit/dev build`: bundles the simulator with each
 * mini-program once and writes it to dist/simulator, failing when a page does
 * not build. The development app does not need this (it bundles at run
 * time); it is a check for CI and a way to look at what the browser gets.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSimulatorBundler, SIMULATOR_PUBLIC_DIR } from '@phonekit/simulator';
import { ALIPAY_MINIPROGRAM_DIR, WECHAT_MINIPROGRAM_DIR, DOUYIN_MINIPROGRAM_DIR } from './dev-app';

async function main(): Promise<void> {
  const out = resolve(__dirname, '../dist');
  mkdirSync(join(out, 'simulator'), { recursive: true });
  const tabs = [
    { dialect: 'alipay', dir: ALIPAY_MINIPROGRAM_DIR, script: 'app.js', html: 'index.html' },
    { dialect: 'wechat', dir: WECHAT_MINIPROGRAM_DIR, script: 'wechat.js', html: 'wechat.html' },
    { dialect: 'douyin', dir: DOUYIN_MINIPROGRAM_DIR, script: 'douyin.js', html: 'douyin.html' },
  ] as const;
  for (const tab of tabs) {
    const bundle = await createSimulatorBundler({ miniprogramDir: tab.dir, dialect: tab.dialect }).get();
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
