import express, { type Express } from 'express';
import request from 'supertest';
import { ApiError } from '../src/errors/api-error';
import { answerOptions } from '../src/middleware/api-headers';
import { errorHandler, notFound } from '../src/middleware/errors';
import { mountTable, tableRouter, type RouteTable } from '../src/routes/route-table';
import { silentLogger } from './support/server-fixtures';

// createApp mounts phonekit's routes on the app itself (mountTable); teams
// mount the same tables as routers (tableRouter). Both must answer alike.

const table: RouteTable = {
  routes: [
    { method: 'post', path: '/phone-number', handler: (req, res) => void res.json({ got: req.body }) },
    { method: 'post', path: '/login', handler: () => Promise.reject(new ApiError('PAYLOAD_MALFORMED', { message: 'Send {}.' })) },
    { method: 'get', path: '/', handler: (_req, res) => void res.json({ me: true }) },
    { method: 'delete', path: '/', handler: (_req, res) => void res.status(204).end() },
  ],
};

/** An app as createApp builds one: OPTIONS answered 204, the body read in front, the 404 and error handlers last. */
function appWith(mount: (app: Express) => void): Express {
  const app = express();
  app.use((req, res, next) => {
    if (req.method === 'OPTIONS') answerOptions(res);
    next();
  });
  app.use(express.text({ type: () => true }));
  mount(app);
  app.use(notFound);
  app.use(errorHandler(silentLogger()));
  return app;
}

const mounted = appWith((app) => mountTable(app, '/api/x', table));
const routed = appWith((app) => app.use('/api/x', tableRouter(table, { logger: silentLogger() })));

type Call = readonly [method: 'get' | 'post' | 'delete' | 'options' | 'put', path: string];

describe('a route table mounted on the app answers as the same table mounted as a router', () => {
  it.each<Call>([
    ['post', '/api/x/phone-number'],
    ['post', '/API/X/Phone-Number'],
    ['post', '/api/x/phone-number/'],
    ['post', '/api/x/login'],
    ['get', '/api/x'],
    ['get', '/api/x/'],
    ['delete', '/api/x'],
    ['get', '/api/x/phone-number'],
    ['put', '/api/x'],
    ['post', '/api/x/nowhere'],
    ['options', '/api/x/phone-number'],
    ['options', '/api/x/login'],
    ['options', '/api/x'],
    ['options', '/api/x/nowhere'],
  ])('%s %s', async (method, path) => {
    const [ours, theirs] = await Promise.all([request(mounted)[method](path).set('content-type', 'text/plain').send('hello'), request(routed)[method](path).set('content-type', 'text/plain').send('hello')]);
    expect(ours.status).toBe(theirs.status);
    expect(ours.headers['allow']).toBe(theirs.headers['allow']);
    expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
    expect(ours.text).toBe(theirs.text);
  });

  it('answers OPTIONS 204 with the Allow list of each path, HEAD beside GET', async () => {
    expect((await request(mounted).options('/api/x')).headers['allow']).toBe('DELETE, GET, HEAD');
    const phone = await request(mounted).options('/api/x/phone-number');
    expect(phone.status).toBe(204);
    expect(phone.headers['allow']).toBe('POST');
  });

  it('answers every request with one handler for a platform that is not configured', async () => {
    const off: RouteTable = {
      everyRequest: () => {
        throw new ApiError('ACCOUNTS_NOT_CONFIGURED');
      },
    };
    const a = appWith((app) => mountTable(app, '/api/off', off));
    const b = appWith((app) => app.use('/api/off', tableRouter(off, { logger: silentLogger() })));
    for (const path of ['/api/off', '/api/off/anything']) {
      const [ours, theirs] = await Promise.all([request(a).post(path), request(b).post(path)]);
      expect(ours.status).toBe(503);
      expect(ours.body).toEqual(theirs.body);
    }
  });
});
