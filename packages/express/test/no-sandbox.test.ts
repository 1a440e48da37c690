// @phonekit/express (and so the production server) holds no sandbox: no
// sandbox route exists whatever is configured, in any NODE_ENV, and its
// sources import nothing of the sandbox, the simulator or their bundler.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { configFromEnv, envForKeys, expectErrorEnvelope, silentLogger } from './support/server-fixtures';

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourcesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the express package', () => {
  it('imports nothing of @phonekit/sandbox, @phonekit/simulator, esbuild or tsx', () => {
    for (const file of sourcesUnder(resolve(__dirname, '../src'))) {
      const text = readFileSync(file, 'utf8');
      expect({ file, imports: text.match(/from '(@phonekit\/(sandbox|simulator)|esbuild|tsx)[^']*'/g) }).toEqual({ file, imports: null });
    }
  });

  for (const NODE_ENV of ['development', 'test', 'production']) {
    describe(`with real Alipay keys and NODE_ENV=${NODE_ENV}`, () => {
      it.each(['/sandbox/wechat/phone-code?mobile=13900000000', '/sandbox/alipay/config', '/', '/simulator/app.js'])('answers 404 for GET %s', async (path) => {
        const app = createApp(configFromEnv({ ...envForKeys(generateAlipaySandboxKeys()), NODE_ENV }), { logger: silentLogger() });
        const res = await request(app).get(path);
        expect(res.status).toBe(404);
        expectErrorEnvelope(res.body, 'NOT_FOUND');
      });
    });
  }
});
