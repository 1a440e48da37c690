/**
 * The page's account flow end to end, against the real phonekit development
 * app (its own process, PGlite in a data dir of this test) over real HTTP.
 * The only double is the Alipay client (`my`).
 *
 * login when the page loads -> phone -> bound to the user (GET /api/me shows
 * it) -> the server restarts on the same data dir -> a new page run of the
 * same user shows the same phone -> "Erase my data" (DELETE /api/me) -> the
 * phone is gone and the token is dead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoginJson, MeJson } from '@phonekit/express';
import { LOGIN_PATH, ME_PATH, PHONE_NUMBER_PATH, SANDBOX_AUTH_CODE_PATH } from '../src/lib/contract';
import { PHONE_PAGE_TEXT } from '../src/lib/phone-view';
import { loadPhonePage, type LoadedPhonePage, type RecordedRequest } from './harness';
import type { PhonekitConfig } from '../src/config';
import type { FakeMyOptions } from './harness';
import { startDevServerProcess, type DevServerProcess } from './support/dev-server-process';

// Two starts of the development app (a fresh PGlite, then a reopen) in one test.
jest.setTimeout(90_000);

let dataDir: string;
let server: DevServerProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phonekit-miniprogram-accounts-'));
  server = await startDevServerProcess({}, { dataDir });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function load(config: Partial<PhonekitConfig>, my: FakeMyOptions = {}): Promise<LoadedPhonePage> {
  return loadPhonePage({ config: { serverUrl: server.url, ...config }, my }).then(async (loaded) => {
    await loaded.waitForIdle();
    return loaded;
  });
}

function requestTo(loaded: LoadedPhonePage, method: string, path: string): RecordedRequest[] {
  return loaded.my.requests.filter((request) => request.method === method && new URL(request.url).pathname === path);
}

async function me(token: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${ME_PATH}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

/** The session token the page got, read back off the server's login answer (the page keeps it in memory only). */
async function tokenOf(loaded: LoadedPhonePage): Promise<string> {
  const [post] = requestTo(loaded, 'POST', PHONE_NUMBER_PATH);
  const header = post?.headers['authorization'] ?? '';
  expect(header).toMatch(/^Bearer \S+$/);
  return header.slice('Bearer '.length);
}

/** A fresh sandbox Alipay auth code for `user`, as the Alipay client would hand it to my.getAuthCode's success. */
async function alipayAuthCode(user: string): Promise<string> {
  const response = await fetch(`${server.url}${SANDBOX_AUTH_CODE_PATH}?user=${encodeURIComponent(user)}`);
  const body = (await response.json()) as { authCode?: string };
  if (typeof body.authCode !== 'string') throw new Error('the sandbox gave no auth code');
  return body.authCode;
}

describe('the phone page with accounts (real server, PGlite)', () => {
  const user = `alice-${process.pid}`;
  const mobile = '13700001234';
  const config: Partial<PhonekitConfig> = { sandbox: true, sandboxScenario: 'success', sandboxMobile: mobile, sandboxUser: user };

  it('logs in when it loads, binds the verified phone, and shows it again after the server restarts; Erase my data erases it and kills the token', async () => {
    // 1. First page run: signed in, nothing on the account yet.
    const first = await load(config);
    expect(requestTo(first, 'GET', SANDBOX_AUTH_CODE_PATH)[0]?.url).toBe(`${server.url}${SANDBOX_AUTH_CODE_PATH}?user=${user}`);
    const [login] = requestTo(first, 'POST', LOGIN_PATH);
    expect(JSON.parse(login?.body ?? '{}')).toEqual({ authCode: expect.stringMatching(/\S/) });
    expect(first.page.data.account).toMatchObject({ status: 'signed-in', boundMasked: '' });
    const userId = first.page.data.account.userId;
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.page.data.status).toBe('idle');

    // 2. The phone: verified and bound to the user.
    await first.trigger('onGetAuthorize');
    expect(first.page.data).toMatchObject({ status: 'success', savedToAccount: true, phoneFromAccount: false });
    expect(first.page.data.phone.shown).toBe('137****1234');
    const token = await tokenOf(first);
    const bound = await me(token);
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ id: userId, platform: 'alipay', phone: { masked: '137****1234', e164: `+86${mobile}`, countryCode: '86', nationalNumber: mobile } } satisfies Partial<MeJson>);

    // 3. The server restarts on the same data dir.
    await server.stop();
    server = await startDevServerProcess({}, { dataDir });

    // 4. A new page run of the same user: same user, the phone shown from the account without a tap.
    const second = await load(config);
    expect(second.page.data.account).toMatchObject({ status: 'signed-in', userId, boundMasked: '137****1234' });
    expect(second.page.data).toMatchObject({ status: 'success', phoneFromAccount: true, savedToAccount: true });
    expect(second.page.data.phone.shown).toBe('137****1234');
    expect(requestTo(second, 'POST', PHONE_NUMBER_PATH)).toHaveLength(0);
    // The first run's token was kept by the server across the restart.
    expect((await me(token)).status).toBe(200);

    // 5. Erase my data: DELETE /api/me with the second run's token.
    await second.trigger('onEraseAccount');
    const [erase] = requestTo(second, 'DELETE', ME_PATH);
    expect(erase?.outcome).toMatchObject({ callback: 'success', status: 204 });
    const secondToken = (erase?.headers['authorization'] ?? '').slice('Bearer '.length);
    expect(second.page.data.account).toMatchObject({ status: 'erased', text: PHONE_PAGE_TEXT.zh.erased });
    expect(second.page.data).toMatchObject({ status: 'idle', phoneFromAccount: false, savedToAccount: false });
    expect(second.page.data.phone.shown).toBe('');
    // Every session of the user died with it, the first run's too.
    for (const dead of [secondToken, token]) {
      const answer = await me(dead);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: { code: expect.stringMatching(/SESSION/) } });
    }

    // 6. A later page run of the same user finds no phone on the account.
    const third = await load(config);
    expect(third.page.data.account).toMatchObject({ status: 'signed-in', boundMasked: '' });
    expect(third.page.data.status).toBe('idle');
  });

  it('on a device, logs in with my.getAuthCode({scopes: "auth_base"}) and sends the token with the phone', async () => {
    const deviceUser = `bob-${process.pid}`;
    const loaded = await load({ sandbox: false }, { authCode: () => alipayAuthCode(deviceUser), phoneNumberResponse: await sandboxResponse('13700005678') });
    expect(loaded.my.authCodeCalls).toEqual([{ scopes: 'auth_base', authCode: expect.stringMatching(/\S/) }]);
    expect(requestTo(loaded, 'GET', SANDBOX_AUTH_CODE_PATH)).toHaveLength(0);
    expect(loaded.page.data.account.status).toBe('signed-in');

    await loaded.trigger('onGetAuthorize');
    expect(loaded.page.data).toMatchObject({ status: 'success', savedToAccount: true });
    const answer = await me(await tokenOf(loaded));
    expect(answer.body).toMatchObject({ id: loaded.page.data.account.userId, phone: { masked: '137****5678' } });
  });

  it('when my.getAuthCode fails, says it is not signed in and still verifies the number, without saving it', async () => {
    // debug: the account strip then says why (the code and Alipay's message).
    const loaded = await load({ sandbox: false, debug: true }, { getAuthCodeError: { error: 12, errorMessage: 'network error' }, phoneNumberResponse: await sandboxResponse('13700009999') });
    expect(loaded.page.data.account).toMatchObject({ status: 'signed-out', reasonCode: 'GET_AUTH_CODE_FAILED' });
    expect(loaded.page.data.account.text).toContain('network error (error 12)');
    expect(requestTo(loaded, 'POST', LOGIN_PATH)).toHaveLength(0);

    await loaded.trigger('onGetAuthorize');
    expect(loaded.page.data).toMatchObject({ status: 'success', savedToAccount: false });
    const [post] = requestTo(loaded, 'POST', PHONE_NUMBER_PATH);
    expect(post?.headers['authorization']).toBeUndefined();
  });

  it('when the server refuses the login code, names the server error and goes on without an account', async () => {
    const loaded = await load({ sandbox: false }, { authCode: 'not-a-code-the-gateway-issued' });
    const [login] = requestTo(loaded, 'POST', LOGIN_PATH);
    expect(login?.outcome?.callback).toBe('fail');
    const answer = JSON.parse((await fetch(`${server.url}${LOGIN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authCode: 'not-a-code-the-gateway-issued' }) }).then((r) => r.text())) || '{}') as { error?: { code?: string } };
    expect(loaded.page.data.account).toMatchObject({ status: 'signed-out', reasonCode: answer.error?.code });
    expect(loaded.page.data.account.reasonCode).not.toBe('');
  });

  it('answers the login with a session and the user, as LoginJson', async () => {
    const response = await fetch(`${server.url}${LOGIN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ authCode: await alipayAuthCode(`carol-${process.pid}`) }) });
    const body = (await response.json()) as LoginJson;
    expect(body).toMatchObject({ sessionToken: expect.any(String), expiresIn: expect.any(Number), user: { platform: 'alipay', phone: null } });
  });
});

/** The res.response my.getPhoneNumber would hand the page for `mobile`, from the sandbox. */
async function sandboxResponse(mobile: string): Promise<string> {
  const response = await fetch(`${server.url}/sandbox/alipay/phone-response?scenario=success&mobile=${mobile}`);
  return response.text();
}
