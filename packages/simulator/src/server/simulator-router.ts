/**
 * Serves the simulator: `/` is the Alipay tab, `/wechat` the WeChat tab,
 * `/douyin` the Douyin tab, `/simulator/*` their stylesheet and scripts
 * (`app.js`, `wechat.js`, `douyin.js`). Everything is a file, no inline script, so the server's default
 * CSP (script-src 'self') holds. The server mounts this in sandbox mode only.
 */
import { resolve } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { createSimulatorBundler, type SimulatorBundleOptions } from './bundle-simulator';

/** The simulator's static files (index.html, simulator.css). */
export const SIMULATOR_PUBLIC_DIR = resolve(__dirname, '../../public');

export interface SimulatorRouterOptions extends Omit<SimulatorBundleOptions, 'dialect'> {
  /** The WeChat tab's mini-program; without it the WeChat tab is not served. */
  readonly wechat?: Omit<SimulatorBundleOptions, 'dialect'>;
  /** The Douyin tab's mini-program; without it the Douyin tab is not served. */
  readonly douyin?: Omit<SimulatorBundleOptions, 'dialect'>;
}

/**
 * The simulator as an Express router, to mount at `/`.
 *
 * @example
 * ```ts
 * app.use(simulatorRouter({
 *   miniprogramDir: 'apps/alipay-miniprogram/src',
 *   wechat: { miniprogramDir: 'apps/wechat-miniprogram/src' },
 *   douyin: { miniprogramDir: 'apps/douyin-miniprogram/src' },
 * }));
 * ```
 */
export function simulatorRouter(options: SimulatorRouterOptions): Router {
  const router = Router();
  const { wechat, douyin, ...alipay } = options;
  const tabs = [
    { path: '/', html: 'index.html', script: 'app.js', bundler: createSimulatorBundler(alipay) },
    ...(wechat === undefined ? [] : [{ path: '/wechat', html: 'wechat.html', script: 'wechat.js', bundler: createSimulatorBundler({ ...wechat, dialect: 'wechat' }) }]),
    ...(douyin === undefined ? [] : [{ path: '/douyin', html: 'douyin.html', script: 'douyin.js', bundler: createSimulatorBundler({ ...douyin, dialect: 'douyin' }) }]),
  ];
  const sendPublic = (file: string) => (_req: Request, res: Response): void => {
    res.set('cache-control', 'no-cache');
    res.sendFile(resolve(SIMULATOR_PUBLIC_DIR, file));
  };

  for (const tab of tabs) router.get(tab.path, sendPublic(tab.html));
  router.get('/simulator/simulator.css', sendPublic('simulator.css'));
  for (const tab of tabs) {
    router.get(`/simulator/${tab.script}`, async (_req, res) => {
      const bundle = await tab.bundler.get();
      res.set('cache-control', 'no-cache');
      res.type('text/javascript').send(bundle.js);
    });
  }
  return router;
}
