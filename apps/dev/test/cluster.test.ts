// `pnpm start:cluster` with 2 workers: every Alipay, WeChat, Douyin, Baidu, QQ and Kuaishou sandbox flow
// passes whichever worker a request lands on. Every request here opens its
// own connection, so node:cluster's round robin spreads them over both
// workers, and the request log's pid proves both answered. The primary
// holds the one sandbox identity, the fake WeChat and the WeChat sessions.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ALIPAY_SCENARIOS } from '@phonekit/sandbox';
import { SCENARIO_OUTCOMES } from './support/server-fixtures';

jest.setTimeout(90_000);

const DEV_DIR = resolve(__dirname, '..');

interface Answer {
  readonly status: number;
  readonly text: string;
  json(): Record<string, unknown>;
}

/** One request on a connection of its own (agent: false), so successive requests reach different workers. */
function send(base: string, method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const url = new URL(path, base);
    const req = httpRequest(url, { method, agent: false, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolveAnswer({
          status: res.statusCode ?? 0,
          text,
          json: () => JSON.parse(text) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let child: ChildProcess;
let base: string;
let output = '';
// The accounts' PGlite data dir, held by the primary for both workers.
const dataDir = mkdtempSync(join(tmpdir(), 'phonekit-dev-cluster-'));

beforeAll(async () => {
  child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/cluster.ts'], {
    cwd: DEV_DIR,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '0', WEB_CONCURRENCY: '2', PHONEKIT_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  base = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start within 60 s:\n${output.slice(-3000)}`)), 60_000);
    let listening = 0;
    let url = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      listening = 0;
      for (const line of output.split('\n')) {
        const found = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"phonekit listening"/.exec(line);
        if (found?.[1] !== undefined) {
          listening++;
          url = found[1].replace('localhost', '127.0.0.1');
        }
      }
      if (listening >= 2) {
        clearTimeout(timer);
        resolveUrl(url);
      }
    });
    child.once('exit', (code) => reject(new Error(`the cluster exited with ${code}:\n${output.slice(-3000)}`)));
  });
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** The pids that logged answering a request so far. */
function answeringPids(): Set<number> {
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"msg":"request"')) continue;
    const entry = JSON.parse(line) as { pid?: unknown };
    if (typeof entry.pid === 'number') pids.add(entry.pid);
  }
  return pids;
}

describe('the development app under start:cluster with 2 workers', () => {
  it('prints the sandbox banner with the simulator URL once', () => {
    expect(output.match(/phonekit SANDBOX/g)).toHaveLength(1);
    expect(output).toContain(`simulator:     ${base.replace('127.0.0.1', 'localhost')}/`);
  });

  it('answers every Alipay sandbox scenario as a single process does, three times each', async () => {
    for (let round = 0; round < 3; round++) {
      for (const scenario of ALIPAY_SCENARIOS) {
        const made = await send(base, 'GET', `/sandbox/alipay/phone-response?scenario=${scenario}`);
        expect(made.status).toBe(200);
        const answer = await send(base, 'POST', '/api/alipay/phone-number', made.text, { 'content-type': 'text/plain' });
        const outcome = SCENARIO_OUTCOMES[scenario];
        expect({ scenario, status: answer.status }).toEqual({ scenario, status: outcome.status });
        if ('code' in outcome) expect(answer.json()['error']).toEqual(expect.objectContaining({ code: outcome.code }));
        else expect(answer.json()).toEqual(expect.objectContaining(outcome.phone));
      }
    }
  });

  it('logs in on one worker and opens legacy data on the other, binding each number to its user in the accounts the primary holds: six users of six', async () => {
    for (const [n, user] of ['ann', 'bob', 'cai', 'dan', 'eve', 'fay'].entries()) {
      const mobile = `1381111222${n}`;
      const code = (await send(base, 'GET', `/sandbox/wechat/login-code?user=${user}`)).json()['code'];
      const login = await send(base, 'POST', '/api/wechat/login', JSON.stringify({ code }));
      expect({ user, status: login.status, body: login.status === 200 ? 'token' : login.text }).toEqual({ user, status: 200, body: 'token' });
      const token = String(login.json()['sessionToken']);
      const event = (await send(base, 'GET', `/sandbox/wechat/phone-event?legacy=1&user=${user}&mobile=${mobile}`)).json();
      const phone = await send(base, 'POST', '/api/wechat/phone-number', JSON.stringify({ encryptedData: event['encryptedData'], iv: event['iv'] }), { authorization: `Bearer ${token}` });
      expect({ user, status: phone.status, e164: phone.json()['e164'] }).toEqual({ user, status: 200, e164: `+86${mobile}` });
      const me = await send(base, 'GET', '/api/me', undefined, { authorization: `Bearer ${token}` });
      expect({ user, status: me.status, phone: me.json()['phone'] }).toEqual({ user, status: 200, phone: expect.objectContaining({ e164: `+86${mobile}` }) });
    }
  });

  it('answers an accounts failure in the primary with its code on either worker: a number bound to another user is 409 PHONE_ALREADY_BOUND', async () => {
    const code = (await send(base, 'GET', '/sandbox/wechat/login-code?user=gus')).json()['code'];
    const token = String((await send(base, 'POST', '/api/wechat/login', JSON.stringify({ code }))).json()['sessionToken']);
    const taken = (await send(base, 'GET', '/sandbox/wechat/phone-code?mobile=13811112220')).json()['code'];
    const answer = await send(base, 'POST', '/api/wechat/phone-number', JSON.stringify({ code: taken }), { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(409);
    expect(answer.json()['error']).toEqual(expect.objectContaining({ code: 'PHONE_ALREADY_BOUND' }));
  });

  it('redeems phone codes minted through either worker, and refuses a code used twice with WECHAT_CODE_USED', async () => {
    for (let i = 0; i < 4; i++) {
      const code = (await send(base, 'GET', '/sandbox/wechat/phone-code?mobile=13900000000')).json()['code'];
      const first = await send(base, 'POST', '/api/wechat/phone-number', JSON.stringify({ code }));
      expect(first.status).toBe(200);
      expect(first.json()['e164']).toBe('+8613900000000');
      const again = await send(base, 'POST', '/api/wechat/phone-number', JSON.stringify({ code }));
      expect(again.status).toBe(400);
      expect(again.json()['error']).toEqual(expect.objectContaining({ code: 'WECHAT_CODE_USED' }));
    }
  });

  it('logs Alipay users in with auth codes minted through either worker, one user per name', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const { authCode } = (await send(base, 'GET', '/sandbox/alipay/auth-code?user=alipay-kim')).json();
      const login = await send(base, 'POST', '/api/alipay/login', JSON.stringify({ authCode }));
      expect({ round: i, status: login.status }).toEqual({ round: i, status: 200 });
      ids.add(String((login.json()['user'] as Record<string, unknown>)['id']));
    }
    expect(ids.size).toBe(1);
  });

  it.each(['douyin', 'baidu', 'qq', 'kuaishou'])('%s: logs in on one worker and opens legacy data on the other, bound to the user, three users of three', async (platform) => {
    for (const [n, user] of ['hal', 'ivy', 'jon'].entries()) {
      const mobile = `1371111333${n}`;
      const code = (await send(base, 'GET', `/sandbox/${platform}/login-code?user=${user}`)).json()['code'];
      const login = await send(base, 'POST', `/api/${platform}/login`, JSON.stringify({ code }));
      expect({ user, status: login.status }).toEqual({ user, status: 200 });
      const token = String(login.json()['sessionToken']);
      const event = (await send(base, 'GET', `/sandbox/${platform}/phone-event?user=${user}&mobile=${mobile}`)).json();
      const phone = await send(base, 'POST', `/api/${platform}/phone-number`, JSON.stringify({ encryptedData: event['encryptedData'], iv: event['iv'] }), { authorization: `Bearer ${token}` });
      expect({ user, status: phone.status, e164: phone.json()['e164'], platform: (phone.json()['user'] as Record<string, unknown> | undefined)?.['platform'] }).toEqual({
        user,
        status: 200,
        e164: `+86${mobile}`,
        platform,
      });
    }
  });

  it('redeems Douyin phone codes minted through either worker with one client_token, and refuses a code used twice', async () => {
    for (let i = 0; i < 4; i++) {
      const code = (await send(base, 'GET', '/sandbox/douyin/phone-code?mobile=13900000001')).json()['code'];
      const first = await send(base, 'POST', '/api/douyin/phone-number', JSON.stringify({ code }));
      expect({ round: i, status: first.status, e164: first.json()['e164'] }).toEqual({ round: i, status: 200, e164: '+8613900000001' });
      const again = await send(base, 'POST', '/api/douyin/phone-number', JSON.stringify({ code }));
      expect(again.json()['error']).toEqual(expect.objectContaining({ code: 'DOUYIN_CODE_INVALID' }));
    }
    expect((await send(base, 'GET', '/sandbox/douyin/stats')).json()['tokenFetches']).toBe(1);
  });

  it('fetched one WeChat access token for both workers', async () => {
    expect((await send(base, 'GET', '/sandbox/wechat/stats')).json()['tokenFetches']).toBe(1);
  });

  it('spread those requests over both workers', () => {
    expect(answeringPids().size).toBe(2);
  });

  it('drains and exits 0 on SIGTERM to the primary', async () => {
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
