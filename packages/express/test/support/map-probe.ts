// Run by server-classes.test.ts with `node --allow-natives-syntax
// --conditions=@phonekit/source --import tsx`: starts the server as
// startServer does (real keys from the sandbox, real HTTP), answers phone
// requests, and prints, for each request after the first, whether its req and
// res ended on the same V8 maps as the previous request's (%HaveSameMap).
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/start-server';

// V8's natives syntax cannot be parsed by TypeScript: compiled at run time.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

async function main(): Promise<void> {
  const keys = generateAlipaySandboxKeys({ modulusLength: 2048 });
  const config = loadConfig({ env: { NODE_ENV: 'production', ALIPAY_APP_ID: keys.appId, ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 } });
  const running = await startServer(config, { port: 0, logger: createLogger('silent') });
  const same: Array<{ req: boolean; res: boolean; status: number }> = [];
  let previous: [object, object] | undefined;
  running.server.prependListener('request', (req, res) => {
    res.once('finish', () => {
      if (previous !== undefined) same.push({ req: haveSameMap(req, previous[0]), res: haveSameMap(res, previous[1]), status: res.statusCode });
      previous = [req, res];
    });
  });
  const mobiles = ['13800138000', '13900139000', '15000150000', '18600186000', '17700177000'];
  for (const mobile of mobiles) {
    const answer = await fetch(`${running.url}/api/alipay/phone-number`, { method: 'POST', body: buildAlipayPhoneResponse(keys, 'success', { mobile, signType: 'RSA2' }) });
    await answer.text();
  }
  await running.close();
  process.stdout.write(`${JSON.stringify(same)}\n`);
}

void main();
