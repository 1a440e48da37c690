/**
 * The same baseline on Fastify 5, for information: what the framework alone
 * costs (Fastify's own router, body reading and reply path).
 */
import Fastify from 'fastify';
import { keysFromEnv, openPhone, serve } from './phone';

const keys = keysFromEnv();

serve((port, host) => {
  const app = Fastify({ logger: false });
  // The body as text under any content type, as the Express baseline reads it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    done(null, body);
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.post('/api/alipay/phone-number', async (req, reply) => {
    const answer = openPhone(typeof req.body === 'string' ? req.body : '', keys);
    return reply.code(answer.status).send(answer.body);
  });
  void app.listen({ port, host });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
});
