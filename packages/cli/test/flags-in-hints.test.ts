import { join } from 'node:path';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { makeOpensslAlipayKeys, opensslAlipayResponse, successBody, type OpensslAlipayKeys } from './support/openssl';
import { makeOpensslAppLoginKeys, type OpensslAppLoginKeys } from './support/openssl-login';
import { makeTempDir, runPhonekit, type RunResult } from './support/run';

// Issue 11: hints name the flags the user actually used. A command run with
// options has no environment variable to set and no server to restart.

/** An environment variable's name (ALIPAY_PUBLIC_KEY, WECHAT_APP_ID...), or a restart. */
const SERVER_WORDS = /\b(ALIPAY|WECHAT|PHONEKIT|DATABASE)_[A-Z0-9_]+\b|restart|重启/i;

let temp: ReturnType<typeof makeTempDir>;
let keys: OpensslAlipayKeys;
let app: OpensslAppLoginKeys;
beforeAll(() => {
  temp = makeTempDir('flags');
  keys = makeOpensslAlipayKeys(temp.dir);
  app = makeOpensslAppLoginKeys(join(temp.dir, 'app'));
});
afterAll(() => temp.remove());

const output = (result: RunResult): string => result.stdout + result.stderr;

describe('hints on the command line', () => {
  it.each<[string, () => readonly string[], RegExp]>([
    ['alipay inspect with only --aes-key', () => ['alipay', 'inspect', '--aes-key', keys.aesKeyBase64], /Pass --public-key with the Alipay public key/],
    ['alipay inspect with only --public-key', () => ['alipay', 'inspect', '--public-key', keys.publicKeyBase64], /Pass --aes-key with the AES key/],
    ['doctor with only --aes-key', () => ['doctor', '--aes-key', keys.aesKeyBase64], /Give --public-key the Alipay public key/],
    ['doctor with only --public-key', () => ['doctor', '--public-key', keys.publicKeyBase64], /Give --aes-key the AES key/],
  ])('%s says which flag to add, with no variable and nothing to restart', async (_title, args, flag) => {
    const result = await runPhonekit(args(), { stdin: opensslAlipayResponse(keys, successBody()) });
    expect(output(result)).toMatch(flag);
    expect(output(result)).not.toMatch(SERVER_WORDS);
  });

  it('doctor names --app-id for the login when keys come as options (it was ALIPAY_APP_ID)', async () => {
    const result = await runPhonekit(['doctor', '--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64, '--app-private-key', `@${app.privateKeyPath}`]);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toMatch(/^✘ login \(--app-id\): not set: the login needs the appId \(--app-private-key is set\)/m);
    expect(output(result)).not.toMatch(SERVER_WORDS);
    const given = await runPhonekit(['doctor', '--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64, '--app-private-key', `@${app.privateKeyPath}`, '--app-id', '2021000000000001']);
    expect(given.stdout).toMatch(/^app 2021000000000001 \(options and environment\)$/m);
    expect(given.stdout).not.toMatch(/login \(--app-id\): not set/);
  });

  it('doctor still names ALIPAY_APP_ID when that is how the appId came', async () => {
    const result = await runPhonekit(['doctor', '--app-private-key', `@${app.privateKeyPath}`, '--public-key', keys.publicKeyBase64, '--aes-key', keys.aesKeyBase64], { env: { ALIPAY_APP_ID: 'abc' } });
    expect(result.stdout).toMatch(/^✘ login \(ALIPAY_APP_ID\): is not all digits/m);
  });

  it('doctor --config names the absolute path of a file that is not there, taken from the folder it runs in', async () => {
    const result = await runPhonekit(['doctor', '--config', 'no-such-phonekit.json']);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toMatch(new RegExp(`^✘ config \\(no-such-phonekit\\.json\\): there is no file at ${join(process.cwd(), 'no-such-phonekit.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `, 'm'));
  });

  it('alipay make-payload with a bad --aes-key says what is wrong with it and names the flag', async () => {
    const result = await runPhonekit(['alipay', 'make-payload', '--private-key', `@${keys.privateKeyPath}`, '--aes-key', `"${keys.aesKeyBase64}"`]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit alipay make-payload: --aes-key: The AES key is in quotes/);
    expect(output(result)).not.toMatch(SERVER_WORDS);
    expect(output(result)).not.toContain(keys.aesKeyBase64);
  });
});
