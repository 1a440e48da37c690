import { spawnSync } from 'node:child_process';
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { appServerClasses, serverClassesOf } from '../src/server-classes';

// startServer has node create req and res with the app's prototypes, so that
// Express's per-request Object.setPrototypeOf changes nothing (see
// src/server-classes.ts). Express must not notice: the same req and res
// methods, req.app, sub-apps, app.response extensions, and app.listen
// without the classes.

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function probeApp(): express.Express {
  const app = express();
  app.use(express.text({ type: () => true }));
  const sub = express();
  sub.get('/hello', (req, res) => {
    res.json({ subApp: req.app === sub, parentApp: (req.app as unknown as { parent?: unknown }).parent === app, path: req.path, baseUrl: req.baseUrl });
  });
  app.use('/sub', sub);
  app.post('/echo', (req, res) => {
    res.status(201).set('x-seen', req.get('x-probe') ?? 'none').json({
      body: req.body as unknown,
      query: req.query,
      isIncomingMessage: req instanceof IncomingMessage,
      isServerResponse: res instanceof ServerResponse,
      requestPrototypeIsApps: Object.getPrototypeOf(req) === app.request,
      responsePrototypeIsApps: Object.getPrototypeOf(res) === app.response,
      reqApp: req.app === app,
      resApp: res.app === app,
      shout: (res as unknown as { shout(): string }).shout(),
      ip: req.ip,
      protocol: req.protocol,
    });
  });
  return app;
}

describe('appServerClasses', () => {
  it('answers the same classes on every call and remembers them for the app', () => {
    const app = express();
    expect(serverClassesOf(app)).toBeUndefined();
    const classes = appServerClasses(app);
    expect(appServerClasses(app)).toBe(classes);
    expect(serverClassesOf(app)).toBe(classes);
    expect(classes.IncomingMessage.prototype).toBe(app.request);
    expect(classes.ServerResponse.prototype).toBe(app.response);
    expect(new classes.IncomingMessage(null as never)).toBeInstanceOf(IncomingMessage);
  });

  it.each([
    ['a server created with the classes', true],
    ['app.listen, without them', false],
  ] as const)('Express behaves the same through %s', async (_name, withClasses) => {
    const app = probeApp();
    const classes = appServerClasses(app);
    // An app.response extension made after the swap, as deferHeaders makes one.
    Object.defineProperty(app.response, 'shout', { value: () => 'hi', configurable: true, writable: true });
    const server = withClasses ? createServer(classes, app) : createServer(app);
    const url = await listen(server);
    try {
      const answer = await fetch(`${url}/echo?a=1`, { method: 'POST', body: 'plain text', headers: { 'x-probe': 'yes' } });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('x-seen')).toBe('yes');
      expect(await answer.json()).toEqual({
        body: 'plain text',
        query: { a: '1' },
        isIncomingMessage: true,
        isServerResponse: true,
        requestPrototypeIsApps: true,
        responsePrototypeIsApps: true,
        reqApp: true,
        resApp: true,
        shout: 'hi',
        ip: '127.0.0.1',
        protocol: 'http',
      });
      const sub = await fetch(`${url}/sub/hello`);
      expect(await sub.json()).toEqual({ subApp: true, parentApp: true, path: '/hello', baseUrl: '/sub' });
      const missing = await fetch(`${url}/nothing`);
      expect(missing.status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('startServer', () => {
  it("gives every phone request's req and res the same V8 maps (node --allow-natives-syntax, real HTTP)", () => {
    const probe = spawnSync(process.execPath, ['--allow-natives-syntax', '--conditions=@phonekit/source', '--import', 'tsx', 'test/support/map-probe.ts'], {
      cwd: `${__dirname}/..`,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(probe.stderr).toBe('');
    expect(probe.status).toBe(0);
    const same = JSON.parse(probe.stdout.trim().split('\n').pop() ?? '[]') as Array<{ req: boolean; res: boolean; status: number }>;
    expect(same).toHaveLength(4);
    for (const request of same) expect(request).toEqual({ req: true, res: true, status: 200 });
  });
});
