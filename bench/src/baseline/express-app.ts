/**
 * The baseline: a minimal Express 5 app doing the same crypto as phonekit's
 * phone route and nothing else (no helmet, no request log, no rate limiter,
 * no validation beyond what node:crypto and JSON.parse do).
 * `PORT=3001 ALIPAY_PUBLIC_KEY=... ALIPAY_AES_KEY=... node --import tsx bench/src/baseline/express-app.ts`
 */
import express from 'express';
import { keysFromEnv, openPhone, serve } from './phone';

const keys = keysFromEnv();

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
  const server = app.listen(port, host);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
});
