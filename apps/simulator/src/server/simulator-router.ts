/**
 * Serves the simulator: `/` is the page, `/simulator/*` its stylesheet and
 * script. Everything is a file, no inline script, so the server's default
 * CSP (script-src 'self') holds. The server mounts this in sandbox mode only.
 */
import { resolve } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { createSimulatorBundler, type SimulatorBundleOptions } from './bundle-simulator';

/** The simulator's static files (index.html, simulator.css). */
export const SIMULATOR_PUBLIC_DIR = resolve(__dirname, '../../public');

export type SimulatorRouterOptions = SimulatorBundleOptions;

/**
 * The simulator as an Express router, to mount at `/`.
 *
 * @example
 * ```ts
 * if (config.sandbox !== undefined) app.use(simulatorRouter());
 * ```
 */
export function simulatorRouter(options: SimulatorRouterOptions = {}): Router {
  const router = Router();
  const bundler = createSimulatorBundler(options);
  const sendPublic = (file: string) => (_req: Request, res: Response): void => {
    res.set('cache-control', 'no-cache');
    res.sendFile(resolve(SIMULATOR_PUBLIC_DIR, file));
  };

  router.get('/', sendPublic('index.html'));
  router.get('/simulator/simulator.css', sendPublic('simulator.css'));
  router.get('/simulator/app.js', async (_req, res) => {
    const bundle = await bundler.get();
    res.set('cache-control', 'no-cache');
    res.type('text/javascript').send(bundle.js);
  });
  return router;
}
