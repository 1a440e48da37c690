/**
 * @jest-environment jsdom
 */
// The page's account flow end to end: the phone page under
// miniprogram-simulate, compiled from src/, against the real development app
// (its own process, PGlite in a data dir of this test) over real HTTP. Only
// the WeChat client (`wx`) is simulated; the sandbox plays WeChat.
//
// login when the page loads -> phone (code flow, with the bearer) -> bound
// to the user (GET /api/me shows it) -> a new server process on the same
// data dir -> new page runs of the same WeChat user show the same phone from
// the account -> "Erase my data" (DELETE /api/me) -> every token of the user
// answers 401, and a later page run finds no phone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeJson } from '@phonekit/express';
import { generateSandboxIdentity } from '@phonekit/sandbox';
import simulate, { type SimulatedRootComponent } from 'miniprogram-simulate';
import { bundleMiniProgram, type BuiltMiniProgram } from './harness/bundle-mini-program';
import { httpJson } from './harness/http-json';
import { startPhonekitServer, type PhonekitServerProcess } from './harness/phonekit-server-process';
import { createSimulatedWechatClient, type SentRequest, type SimulatedWechatClient } from './harness/simulated-wechat-client';

// Two starts of the development app (a fresh PGlite, then a reopen) in one test.
jest.setTimeout(90_000);

type Page = SimulatedRootComponent;

const globals = globalThis as unknown as Record<string, unknown>;

let dataDir: string;
/**
 * The WeChat sandbox app (appid, secret) both processes play: without it
 * each process makes up its own appid, and the restarted server would see
 * the same WeChat user as a user of another mini-program.
 */
let serverEnv: Record<string, string>;
let server: PhonekitServerProcess;
let built: BuiltMiniProgram;
let pageId: string;
let appOptions: { globalData: { config?: { serverUrl?: string; debug?: boolean } } } = { globalData: {} };

function documentOfJsdom(): { createElement(tag: string): object } {
  return (globalThis as unknown as { document: { createElement(tag: string): object } }).document;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phonekit-wechat-accounts-'));
  serverEnv = { PHONEKIT_SANDBOX_IDENTITY: JSON.stringify(generateSandboxIdentity()) };
  server = await startPhonekitServer(serverEnv, { dataDir });
  built = bundleMiniProgram();
  globals['App'] = (options: typeof appOptions) => {
    appOptions = options;
  };
  await import(`${built.root}/app.js`);
  // These tests read the developer details (error codes, hints): debug on.
  appOptions.globalData.config = { serverUrl: server.url, debug: true };
  globals['getApp'] = () => appOptions;
  pageId = simulate.load(built.page('pages/phone/phone'), { compiler: 'simulate', rootPath: built.root });
}, 90_000);

afterAll(async () => {
  built?.dispose();
  await server?.stop();
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
});

/** Stops the server and starts a new process on the same data dir, identity and address (the mini-program's serverUrl does not change). */
async function restartServer(): Promise<void> {
  const port = new URL(server.url).port;
  await server.stop();
  server = await startPhonekitServer({ ...serverEnv, PORT: port }, { dataDir });
  expect(server.url).toBe(appOptions.globalData.config?.serverUrl);
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await simulate.sleep(10);
  }
}

function textOf(page: Page, selector: string): string {
  return page.querySelector(selector)?.dom?.textContent?.trim() ?? '';
}

interface PageRun {
  readonly page: Page;
  /** The requests of this run only. */
  readonly sent: readonly SentRequest[];
  detach(): void;
}

/** One page run on `client`'s device: the page loads and signs in; `sent` grows with the run's requests. */
async function openPage(client: SimulatedWechatClient): Promise<PageRun> {
  globals['wx'] = client.wx;
  const from = client.sent().length;
  const page = simulate.render(pageId);
  page.attach(documentOfJsdom().createElement('parent-wrapper'));
  await until('the page signed in', () => page.data['status'] !== 'starting' && page.data['accountStatus'] !== 'signing-in');
  return {
    page,
    get sent() {
      return client.sent().slice(from);
    },
    detach: () => page.detach(),
  };
}

function requestsOf(run: PageRun): string[] {
  return run.sent.map((r) => `${r.method} ${r.path}`);
}

async function tapPhoneButton(run: PageRun, detail: object): Promise<void> {
  run.page.querySelector('#phone-button')?.dispatchEvent('getphonenumber', { detail });
  await Promise.resolve();
  await Promise.resolve();
  await until('the phone answer arrived', () => run.page.data['status'] !== 'asking');
}

async function tapErase(run: PageRun): Promise<void> {
  const button = run.page.querySelector('#erase-button');
  if (button === undefined) throw new Error('no #erase-button on the page');
  button.dispatchEvent('tap');
  await until('the erasure answered', () => run.sent.some((r) => r.method === 'DELETE' && r.status !== undefined) && run.page.data['accountStatus'] !== 'erasing');
}

/** The token in `Authorization: Bearer <token>` of the run's request to `path`. */
function bearerOf(run: PageRun, method: string, path: string): string {
  const request = run.sent.find((r) => r.method === method && r.path === path);
  expect(request?.authorization).toMatch(/^Bearer \S+$/);
  return (request?.authorization ?? '').slice('Bearer '.length);
}

function me(token: string): Promise<{ statusCode: number; data: unknown }> {
  return httpJson(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
}

describe('the phone page with accounts (real server, PGlite)', () => {
  const user = `wechat-accounts-${process.pid}`;
  const mobile = '13900004321';
  const masked = '139****4321';

  it('binds the phone to the user, shows it from the account after a server restart, and Erase my data erases it and kills every token', async () => {
    // 1. First page run: signed in with wx.login, nothing on the account yet.
    // An English WeChat: the texts below are the English table's.
    const phoneA = createSimulatedWechatClient({ sandboxUrl: server.url, user, language: 'en' });
    const first = await openPage(phoneA);
    expect(requestsOf(first)).toEqual(['POST /api/wechat/login']);
    expect(first.page.data).toMatchObject({ status: 'ready', accountStatus: 'signed-in', fromAccount: false });
    const userId = String(first.page.data['userId']);
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(textOf(first.page, '#account .account-text')).toBe(`Signed in · user ${userId.slice(0, 8)}`);
    expect(first.page.querySelector('#result')).toBeUndefined();

    // 2. The phone (current flow), sent with the session token: verified and bound.
    await tapPhoneButton(first, await phoneA.phoneEvent(mobile));
    expect(first.page.data).toMatchObject({ status: 'done', masked, fromAccount: false, userId });
    expect(textOf(first.page, '#result .saved')).toBe('Saved to your account (encrypted).');
    const tokenA = bearerOf(first, 'POST', '/api/wechat/phone-number');
    const bound = await me(tokenA);
    expect(bound.statusCode).toBe(200);
    expect(bound.data).toMatchObject({ id: userId, platform: 'wechat', phone: { masked, e164: `+86${mobile}`, countryCode: '86', nationalNumber: mobile } } satisfies Partial<MeJson>);
    first.detach();

    // 3. A new server process on the same data dir.
    await restartServer();

    // 4a. The same device (token stored, wx.checkSession passes): no login, GET /api/me gives the user and the phone, no tap.
    const second = await openPage(phoneA);
    expect(requestsOf(second)).toEqual(['GET /api/me']);
    expect(bearerOf(second, 'GET', '/api/me')).toBe(tokenA);
    expect(second.page.data).toMatchObject({ status: 'done', accountStatus: 'signed-in', userId, masked, fromAccount: true });
    expect(textOf(second.page, '#result .label')).toBe('The phone number on your account');
    expect(textOf(second.page, '#result .masked')).toBe(masked);
    second.detach();

    // 4b. Another device of the same WeChat user (nothing stored): wx.login, and the login answer carries the phone.
    const phoneB = createSimulatedWechatClient({ sandboxUrl: server.url, user, language: 'en' });
    const third = await openPage(phoneB);
    expect(requestsOf(third)).toEqual(['POST /api/wechat/login']);
    expect(third.page.data).toMatchObject({ status: 'done', accountStatus: 'signed-in', userId, masked, fromAccount: true });
    expect(textOf(third.page, '#result .label')).toBe('The phone number on your account');

    // 5. Erase my data: DELETE /api/me with this device's token -> 204, the erased state.
    await tapErase(third);
    const [erase] = third.sent.filter((r) => r.method === 'DELETE');
    expect(erase).toMatchObject({ path: '/api/me', status: 204 });
    const tokenB = bearerOf(third, 'DELETE', '/api/me');
    expect(tokenB).not.toBe(tokenA);
    expect(third.page.data).toMatchObject({ status: 'ready', accountStatus: 'erased', masked: '', fromAccount: false });
    expect(textOf(third.page, '#account .account-text')).toBe('Your data was erased: phone number, consents and sessions.');
    expect(third.page.querySelector('#result')).toBeUndefined();
    expect(third.page.querySelector('#erase-button')).toBeUndefined();
    third.detach();

    // Every session of the user died with it, the other device's too.
    for (const dead of [tokenA, tokenB]) {
      const answer = await me(dead);
      expect(answer.statusCode).toBe(401);
      expect(answer.data).toMatchObject({ error: { code: 'SESSION_INVALID' } });
    }

    // 6. Later page runs find no phone. The erasing device forgot its session: it logs in afresh.
    const fourth = await openPage(phoneB);
    expect(requestsOf(fourth)).toEqual(['POST /api/wechat/login']);
    expect(fourth.page.data).toMatchObject({ status: 'ready', accountStatus: 'signed-in', fromAccount: false, masked: '' });
    const newUserId = String(fourth.page.data['userId']);
    expect(newUserId).not.toBe(userId);
    fourth.detach();

    // The other device still holds the dead token: the server's 401 makes the page forget it and log in again.
    const fifth = await openPage(phoneA);
    expect(requestsOf(fifth)).toEqual(['GET /api/me', 'POST /api/wechat/login']);
    expect(fifth.sent[0]).toMatchObject({ authorization: `Bearer ${tokenA}`, status: 401 });
    expect(fifth.page.data).toMatchObject({ status: 'ready', accountStatus: 'signed-in', userId: newUserId, fromAccount: false, masked: '' });
    expect(fifth.page.querySelector('#result')).toBeUndefined();
    fifth.detach();
  });

  it('shows the server error when the erasure is refused (the session ended elsewhere), then signs in again', async () => {
    const device = createSimulatedWechatClient({ sandboxUrl: server.url, user: `wechat-erase-refused-${process.pid}`, language: 'en' });
    const run = await openPage(device);
    expect(run.page.data).toMatchObject({ status: 'ready', accountStatus: 'signed-in' });
    const firstUserId = String(run.page.data['userId']);
    // Bind a number so the erasure has something to erase, and learn the token the page holds.
    await tapPhoneButton(run, await device.phoneEvent('13900008765'));
    expect(run.page.data).toMatchObject({ status: 'done', savedText: 'Saved to your account (encrypted).' });
    const token = bearerOf(run, 'POST', '/api/wechat/phone-number');
    // The user erases their data from elsewhere: the page's token is dead now.
    expect((await httpJson(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(204);

    await tapErase(run);
    expect(run.sent.filter((r) => r.method === 'DELETE')).toEqual([expect.objectContaining({ path: '/api/me', status: 401 })]);
    expect(run.page.data['status']).toBe('failed');
    expect(textOf(run.page, '#error .code')).toBe('SESSION_INVALID');
    // In English the developer hint is the server's hint; the user reads the kind sentence.
    expect(textOf(run.page, '#error .hint')).toMatch(/Log in again/);
    expect(textOf(run.page, '#error .user-text')).toBe('Your data could not be erased. Please try again later.');
    // The page forgot the dead token and logged in again: a new user, nothing on it.
    await until('the page signed in again', () => run.page.data['accountStatus'] === 'signed-in');
    expect(requestsOf(run).slice(-1)).toEqual(['POST /api/wechat/login']);
    expect(run.page.data['userId']).not.toBe(firstUserId);
    run.detach();
  });
});
