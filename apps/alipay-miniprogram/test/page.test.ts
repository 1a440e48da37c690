/**
 * The phone page against a local stand-in server speaking the phonekit
 * contract, over real HTTP: what the page shows, and exactly what it sent.
 */
import { PHONE_PAGE_TEXT } from '../src/lib/phone-view';
import { loadPhonePage } from './harness';
import type { LoadPhonePageOptions } from './harness';
import {
  CONTRACT_ALIPAY_BUSY,
  CONTRACT_INTERNAL,
  CONTRACT_PHONE,
  CONTRACT_SIGNATURE_INVALID,
  CONTRACT_SUCCESS,
  startFakePhonekitServer,
  unusedLocalUrl,
} from './support/fake-phonekit-server';
import type { FakePhonekitServer, ReceivedRequest } from './support/fake-phonekit-server';

/** An Alipay-shaped res.response; note the '+' and '/' that any url-decoding would damage. */
const RES_RESPONSE =
  '{"response":"k7Bd+Qx/2Zl0cW9yZA==","sign":"MEUCIQ+abc/def==","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}';
const APP_ID = '2021004100000000';

let server: FakePhonekitServer;

beforeEach(async () => {
  server = await startFakePhonekitServer();
});

afterEach(async () => {
  await server.close();
});

function load(options: LoadPhonePageOptions = {}) {
  return loadPhonePage({
    ...options,
    // These tests read the developer details and the English texts: debug on, an English client.
    config: { serverUrl: server.url, appId: APP_ID, debug: true, ...options.config },
    my: { phoneNumberResponse: RES_RESPONSE, language: 'en', ...options.my },
  });
}

function posts(): ReceivedRequest[] {
  return server.received.filter((request) => request.method === 'POST');
}

function onlyPost(): ReceivedRequest {
  const all = posts();
  expect(all).toHaveLength(1);
  const [post] = all;
  if (post === undefined) throw new Error('no POST received');
  return post;
}

describe('the phone page', () => {
  describe('on load', () => {
    it('shows the authorise button when the client supports it', async () => {
      const { page, my } = await load();
      expect(page.data.canIUseAuthButton).toBe(true);
      expect(page.data.status).toBe('idle');
      expect(my.canIUseQueries).toContain('button.open-type.getAuthorize');
    });

    it('renders the fallback on an old client that cannot use the button', async () => {
      const { page } = await load({ my: { canIUse: { 'button.open-type.getAuthorize': false } } });
      expect(page.data.canIUseAuthButton).toBe(false);
      expect(server.received).toHaveLength(0);
    });

    it('reads its server URL from getApp().globalData.config', async () => {
      const { page, app } = await load();
      expect(page.data.serverUrl).toBe(server.url);
      expect(app['globalData']).toMatchObject({ config: { serverUrl: server.url, appId: APP_ID } });
    });
  });

  describe('when the user authorises and the server verifies the number', () => {
    it('posts res.response unchanged as text/plain with the app id header', async () => {
      const loaded = await load();
      await loaded.trigger('onGetAuthorize');

      const post = onlyPost();
      expect(post.url).toBe('/api/alipay/phone-number');
      expect(post.body.equals(Buffer.from(RES_RESPONSE, 'utf8'))).toBe(true);
      expect(post.headers['content-type']).toBe('text/plain');
      expect(post.headers['x-alipay-app-id']).toBe(APP_ID);
      expect(loaded.my.phoneNumberCalls).toHaveLength(1);
    });

    it('shows "Verifying with the server…" while waiting', async () => {
      const loaded = await load();
      await loaded.trigger('onGetAuthorize');
      expect(loaded.dataHistory.some((data) => data['status'] === 'loading')).toBe(true);
      expect(loaded.dataHistory.find((data) => data['status'] === 'loading')?.['loadingText']).toBe(
        'Verifying with the server…',
      );
    });

    it('shows the number masked, then in full on tap, then masked again', async () => {
      const loaded = await load();
      await loaded.trigger('onGetAuthorize');
      expect(loaded.page.data.status).toBe('success');
      expect(loaded.page.data.phone.shown).toBe('138****2222');
      expect(loaded.page.data.phone.revealLabel).toBe('tap to reveal');

      await loaded.trigger('onToggleReveal');
      expect(loaded.page.data.phone.shown).toBe('+8613811112222');
      expect(loaded.page.data.phone.revealed).toBe(true);

      await loaded.trigger('onToggleReveal');
      expect(loaded.page.data.phone.shown).toBe('138****2222');
    });

    it('masks the number itself when the server sends no masked field', async () => {
      server.respondWith(() => ({ status: 200, json: { ...CONTRACT_PHONE, masked: undefined, e164: undefined } }));
      const loaded = await load();
      await loaded.trigger('onGetAuthorize');
      expect(loaded.page.data.phone.shown).toBe('138****2222');
      await loaded.trigger('onToggleReveal');
      expect(loaded.page.data.phone.shown).toBe('13811112222');
    });

    it('sends no app id header when none is configured', async () => {
      const loaded = await load({ config: { appId: '' } });
      await loaded.trigger('onGetAuthorize');
      expect(onlyPost().headers['x-alipay-app-id']).toBeUndefined();
    });

    it('sends one request when the button fires twice while loading', async () => {
      const loaded = await load();
      loaded.page.onGetAuthorize();
      loaded.page.onGetPhoneNumber({ detail: { encryptedData: 'abc', sign: 'def' } });
      await loaded.waitForIdle();
      expect(posts()).toHaveLength(1);
      expect(loaded.page.data.status).toBe('success');
    });
  });

  describe.each([
    ['fail', 'older clients: fail({error: 19, status, data})'],
    ['success', 'newer clients: success({status: 4xx})'],
  ] as const)('when the server refuses the payload (HTTP errors reach %s, as on %s)', (httpErrors, _clients) => {
    it('shows the error message, hint and code, and no retry', async () => {
      server.respondWith(() => CONTRACT_SIGNATURE_INVALID);
      const loaded = await load({ my: { httpErrors } });
      await loaded.trigger('onGetAuthorize');

      const { status, error } = loaded.page.data;
      expect(status).toBe('error');
      expect(error.code).toBe('SIGNATURE_INVALID');
      expect(error.message).toBe('The signature does not match the payload.');
      expect(error.hint).toContain('ALIPAY_PUBLIC_KEY');
      expect(error.hintZh).toContain('支付宝公钥');
      expect(error.retryable).toBe(false);
      expect(error.details).toContainEqual({ label: 'HTTP status', value: '422' });
      expect(loaded.my.requests[0]?.outcome?.callback).toBe(httpErrors);
    });
  });

  describe('when the error is retryable', () => {
    it('shows retry, and retry re-sends the same body byte for byte', async () => {
      server.respondInTurn(CONTRACT_INTERNAL, CONTRACT_SUCCESS);
      const loaded = await load();
      await loaded.trigger('onGetAuthorize');
      expect(loaded.page.data.status).toBe('error');
      expect(loaded.page.data.error).toMatchObject({ code: 'INTERNAL', retryable: true });

      await loaded.trigger('onRetry');
      const [first, second] = posts();
      expect(posts()).toHaveLength(2);
      expect(first?.body.equals(Buffer.from(RES_RESPONSE, 'utf8'))).toBe(true);
      expect(second?.body.equals(first?.body ?? Buffer.alloc(0))).toBe(true);
      expect(second?.headers['content-type']).toBe(first?.headers['content-type']);
      expect(loaded.my.phoneNumberCalls).toHaveLength(1);
      expect(loaded.page.data.status).toBe('success');
    });

    it('re-sends the same JSON body when the payload came from onGetPhoneNumber', async () => {
      server.respondInTurn(CONTRACT_INTERNAL, CONTRACT_SUCCESS);
      const loaded = await load();
      await loaded.trigger('onGetPhoneNumber', { encryptedData: 'ZW5j+/==', sign: 'c2ln+/==' });
      await loaded.trigger('onRetry');
      const [first, second] = posts();
      expect(second?.body.toString('utf8')).toBe('{"encryptedData":"ZW5j+/==","sign":"c2ln+/=="}');
      expect(second?.body.equals(first?.body ?? Buffer.alloc(0))).toBe(true);
      expect(second?.headers['content-type']).toBe('application/json');
    });

    it('shows Alipay busy (20000) with its upstream code, and retry asks Alipay for a fresh payload', async () => {
      server.respondInTurn(CONTRACT_ALIPAY_BUSY, CONTRACT_SUCCESS);
      const fresh = ['{"response":"first"}', '{"response":"second"}'];
      let call = 0;
      const loaded = await load({ my: { phoneNumberResponse: () => fresh[call++] ?? '' } });
      await loaded.trigger('onGetAuthorize');

      const { error } = loaded.page.data;
      expect(error.code).toBe('ALIPAY_BUSY');
      expect(error.retryable).toBe(true);
      expect(error.details).toContainEqual({ label: 'Alipay code', value: '20000 Service Currently Unavailable' });
      expect(error.details).toContainEqual({ label: 'Alipay sub-code', value: 'aop.unknow-error 系统繁忙' });

      // The 20000 is inside the payload: the same bytes could only get the same answer.
      await loaded.trigger('onRetry');
      expect(loaded.my.phoneNumberCalls).toHaveLength(2);
      expect(posts().map((post) => post.body.toString('utf8'))).toEqual(fresh);
      expect(loaded.page.data.status).toBe('success');
    });
  });

  describe('when the user refuses consent', () => {
    it('says so kindly and sends nothing', async () => {
      const loaded = await load();
      await loaded.trigger('onAuthError', { error: 11, errorMessage: 'user cancelled' });
      expect(loaded.page.data.status).toBe('declined');
      expect(loaded.page.data.declinedText).toBe('No problem: you can type your number below instead.');
      expect(loaded.page.data.declinedText).toBe(PHONE_PAGE_TEXT.en.declined);
      expect(loaded.my.requests).toHaveLength(0);
      expect(loaded.my.phoneNumberCalls).toHaveLength(0);
      expect(server.received).toHaveLength(0);
    });

    it('treats an onGetPhoneNumber event without encryptedData as a refusal', async () => {
      const loaded = await load();
      await loaded.trigger('onGetPhoneNumber', { errorMessage: 'user denied' });
      expect(loaded.page.data.status).toBe('declined');
      expect(server.received).toHaveLength(0);
    });
  });

  describe('when my.getPhoneNumber fails', () => {
    it('shows the client error and posts nothing', async () => {
      const loaded = await load({ my: { getPhoneNumberError: { error: 3, errorMessage: 'unknown error' } } });
      await loaded.trigger('onGetAuthorize');
      expect(loaded.page.data.error.code).toBe('GET_PHONE_NUMBER_FAILED');
      expect(loaded.page.data.error.message).toContain('unknown error (error 3)');
      expect(server.received).toHaveLength(0);
    });
  });

  describe('in sandbox mode', () => {
    it('fetches its payload from /sandbox/alipay/phone-response and posts that exact string', async () => {
      const sandboxPayload = '{"response":"c2FuZGJveA+/==","sign":"c2lnbg+/==","sign_type":"RSA2"}';
      server.respondWith((request) =>
        request.method === 'GET' ? { status: 200, text: sandboxPayload } : CONTRACT_SUCCESS,
      );
      const loaded = await load({
        config: { sandbox: true, sandboxScenario: 'overseas', sandboxMobile: '1-1234432112' },
      });
      expect(loaded.page.data.sandbox).toBe(true);
      await loaded.trigger('onGetAuthorize');

      // First the page's login (this stand-in answers the auth-code GET with the payload, so it stays signed out).
      expect(server.received.map((request) => `${request.method} ${request.url.split('?')[0] ?? ''}`)).toEqual([
        'GET /sandbox/alipay/auth-code',
        'GET /sandbox/alipay/phone-response',
        'POST /api/alipay/phone-number',
      ]);
      expect(loaded.page.data.account).toMatchObject({ status: 'signed-out', reasonCode: 'UNEXPECTED_RESPONSE' });
      const [, get, post] = server.received;
      expect(get?.url).toBe('/sandbox/alipay/phone-response?scenario=overseas&mobile=1-1234432112');
      expect(post?.url).toBe('/api/alipay/phone-number');
      expect(post?.body.equals(Buffer.from(sandboxPayload, 'utf8'))).toBe(true);
      expect(post?.headers['content-type']).toBe('text/plain');
      expect(loaded.my.phoneNumberCalls).toHaveLength(0);
      expect(loaded.my.requests[1]).toMatchObject({ method: 'GET', dataType: 'text' });
      expect(post?.headers['authorization']).toBeUndefined();
      expect(loaded.page.data.status).toBe('success');
    });

    it('shows the server error when the sandbox route refuses', async () => {
      server.respondWith(() => ({
        status: 400,
        json: { error: { code: 'PAYLOAD_MALFORMED', message: 'Unknown scenario.', hint: 'Pick one of the listed scenarios.', retryable: false } },
      }));
      const loaded = await load({ config: { sandbox: true, sandboxScenario: 'nope' } });
      await loaded.trigger('onGetAuthorize');
      expect(posts()).toHaveLength(0);
      expect(loaded.page.data.error).toMatchObject({ code: 'PAYLOAD_MALFORMED', message: 'Unknown scenario.' });
    });
  });

  describe('when the server cannot be reached', () => {
    it('says it could not reach the server at the configured URL, and offers a retry', async () => {
      const deadUrl = await unusedLocalUrl();
      const loaded = await load({ config: { serverUrl: deadUrl } });
      await loaded.trigger('onGetAuthorize');

      const { status, error } = loaded.page.data;
      expect(status).toBe('error');
      expect(error.code).toBe('SERVER_UNREACHABLE');
      expect(error.message).toBe(`Could not reach the server at ${deadUrl}.`);
      expect(error.retryable).toBe(true);
      expect(loaded.my.requests[0]?.outcome).toMatchObject({ callback: 'fail', status: null, error: { error: 19 } });
    });
  });

  describe('when the button gives {encryptedData, sign} (onGetPhoneNumber)', () => {
    it('posts them as JSON with content-type application/json', async () => {
      const loaded = await load();
      await loaded.trigger('onGetPhoneNumber', { encryptedData: 'ZW5j+/==', sign: 'c2ln+/==' });

      const post = onlyPost();
      expect(post.body.toString('utf8')).toBe('{"encryptedData":"ZW5j+/==","sign":"c2ln+/=="}');
      expect(JSON.parse(post.body.toString('utf8'))).toEqual({ encryptedData: 'ZW5j+/==', sign: 'c2ln+/==' });
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.headers['x-alipay-app-id']).toBe(APP_ID);
      expect(loaded.my.phoneNumberCalls).toHaveLength(0);
      expect(loaded.page.data.status).toBe('success');
    });
  });
});
