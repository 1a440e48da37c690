/**
 * The baseline: a minimal Express 5 app doing the same crypto as phonekit's
 * phone route and nothing else (no helmet, no request log, no rate limiter,
 * no validation beyond what node:crypto and JSON.parse do).
 * `PORT=3001 ALIPAY_PUBLIC_KEY=... ALIPAY_AES_KEY=... node --import tsx bench/src/baseline/express-app.ts`
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { keysFromEnv, openPhone, serve } from './phone';

const keys = keysFromEnv();

/**
 * BASELINE_APP_PROTOTYPES=1 (a row for information): node creates req and res
 * with the app's prototypes already, so Express's per-request
 * Object.setPrototypeOf changes nothing and V8 keeps one map for every
 * request's objects (what @phonekit/express's server-classes.ts does for the
 * production server).
 */
function bornWithAppPrototypes(app: Express): { IncomingMessage: typeof IncomingMessage; ServerResponse: typeof ServerResponse } {
  class Req extends IncomingMessage {}
  class Res extends ServerResponse {}
  for (const [cls, proto] of [[Req, app.request], [Res, app.response]] as const) {
    Object.setPrototypeOf(cls.prototype, Object.getPrototypeOf(proto) as object);
    Object.defineProperties(cls.prototype, Object.getOwnPropertyDescriptors(proto));
  }
  app.request = Req.prototype as unknown as Express['request'];
  app.response = Res.prototype as unknown as Express['response'];
  return { IncomingMessage: Req, ServerResponse: Res as typeof ServerResponse };
}

serve((port, host) => {
  const app = express();
  app.use(express.text({ type: () => true }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/api/alipay/phone-number', (req, res) => {
    const answer = openPhone(typeof req.body === 'string' ? req.body : '', keys);
    res.status(answer.status).json(answer.body);
  });
  const server =
    process.env['BASELINE_APP_PROTOTYPES'] === '1' ? createServer(bornWithAppPrototypes(app), app).listen(port, host) : app.listen(port, host);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
});
