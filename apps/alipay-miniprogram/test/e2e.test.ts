/**
 * End to end: the real phone page (src/pages/phone) in the vm harness, talking
 * over real HTTP to ONE real phonekit development app (apps/dev, its own process) in sandbox
 * mode. The only double is the Alipay client (`my`): its `my.getPhoneNumber`
 * hands out payloads the server's own sandbox route produced, and its
 * `my.request` goes out for real through node's fetch.
 *
 * Every sandbox scenario is driven from the button event to what the page
 * shows, two ways:
 * - as on a real device: `my.getPhoneNumber` returns the payload, the page
 *   posts it (4xx/5xx reach `fail`, as on older clients);
 * - with the page's sandbox switch: the page fetches its own payload from
 *   `GET /sandbox/alipay/phone-response` and posts it (4xx/5xx reach
 *   `success` with `res.status`, as on newer clients).
 */
import { apiErrorEntry, SANDBOX_MODE_FAILURES } from '@phonekit/express';
import type { ApiErrorCode } from '@phonekit/express';
import { ALIPAY_SCENARIOS } from '@phonekit/sandbox';
import type { AlipayScenario } from '@phonekit/sandbox';
import { startDevServerProcess, unusedLocalUrl, type DevServerProcess } from './support/dev-server-process';
import type { PhonekitConfig } from '../src/config';
import { LOGIN_PATH, PHONE_NUMBER_PATH, SANDBOX_AUTH_CODE_PATH, SANDBOX_PHONE_RESPONSE_PATH } from '../src/lib/contract';
import { PHONE_PAGE_TEXT } from '../src/lib/phone-view';
import {
  attributeOf,
  findElements,
  followingElementSiblings,
  loadPhonePage,
  loadTemplate,
  textContent,
} from './harness';
import type { FakeMyOptions, LoadedPhonePage, PhonePageInstance, RecordedRequest } from './harness';

/** What the page must end up showing for a scenario. */
type Outcome =
  | {
      readonly kind: 'phone';
      /** The number in the business body (what the sandbox encrypts). */
      readonly mobile: string;
      readonly masked: string;
      readonly e164: string;
      readonly countryCode: string;
    }
  | {
      readonly kind: 'error';
      readonly code: ApiErrorCode;
      /** Alipay's own result as the page lists it, or null when the failure is ours (the envelope). */
      readonly alipay: { readonly code: string; readonly subCode: string } | null;
    };

type PhoneOutcome = Extract<Outcome, { kind: 'phone' }>;
type AlipayResult = Extract<Outcome, { kind: 'error' }>['alipay'];

const MAINLAND: PhoneOutcome = {
  kind: 'phone',
  mobile: '13811112222',
  masked: '138****2222',
  e164: '+8613811112222',
  countryCode: '86',
};

const BUSY_ALIPAY_RESULT: AlipayResult = { code: '20000 Service Currently Unavailable', subCode: 'aop.unknow-error' };

/** A `Record` over the scenario union: a new sandbox scenario without an expectation does not compile. */
const EXPECTED: Readonly<Record<AlipayScenario, Outcome>> = {
  success: MAINLAND,
  overseas: { kind: 'phone', mobile: '1-1234432112', masked: '1-*******112', e164: '+11234432112', countryCode: '1' },
  'empty-mobile': { kind: 'error', code: 'NO_PHONE_BOUND', alipay: { code: '10000 Success', subCode: '' } },
  busy: { kind: 'error', code: 'ALIPAY_BUSY', alipay: BUSY_ALIPAY_RESULT },
  'missing-sign-type': {
    kind: 'error',
    code: 'ALIPAY_MISSING_SIGN_TYPE',
    alipay: { code: '40001 Missing Required Arguments', subCode: 'isv.missing-default-signature-type' },
  },
  'missing-encrypt-key': {
    kind: 'error',
    code: 'ALIPAY_MISSING_ENCRYPT_KEY',
    alipay: { code: '40001 Missing Required Arguments', subCode: 'isv.missing-encrypt-key' },
  },
  'invalid-encrypt': {
    kind: 'error',
    code: 'ALIPAY_INVALID_ENCRYPT',
    alipay: { code: '40002 Invalid Arguments', subCode: 'isv.invalid-encrypt' },
  },
  'not-authorised': {
    kind: 'error',
    code: 'ALIPAY_NOT_AUTHORISED',
    alipay: { code: '40003 Insufficient Conditions', subCode: 'isv.invalid-auth-relations' },
  },
  'insufficient-permissions': {
    kind: 'error',
    code: 'ALIPAY_INSUFFICIENT_PERMISSIONS',
    alipay: { code: '40006 Insufficient Permissions', subCode: 'isv.insufficient-isv-permissions' },
  },
  unsigned: { kind: 'error', code: 'SIGNATURE_MISSING', alipay: null },
  'tampered-sign': { kind: 'error', code: 'SIGNATURE_INVALID', alipay: null },
};

/** One HTTP exchange as it happened on the wire: what the server answered, byte for byte. */
interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly responseText: string;
}

/**
 * What crossed the wire during one test: the exchanges, and a timeline that
 * interleaves them with `my.getPhoneNumber` calls.
 */
interface Wire {
  readonly exchanges: Exchange[];
  /** The phone flow: every request but the login's (those go to `loginTimeline`). */
  readonly timeline: string[];
  /** The page's login when it loads: the sandbox's auth code, then POST /api/alipay/login. */
  readonly loginTimeline: string[];
  /** Node's fetch, recording; `my.request` uses it, so every request is still real HTTP. */
  readonly fetch: typeof fetch;
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

function createWire(): Wire {
  const exchanges: Exchange[] = [];
  const timeline: string[] = [];
  const loginTimeline: string[] = [];
  const recordingFetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = urlOf(input);
    const method = (init?.method ?? 'GET').toUpperCase();
    (isLoginUrl(url) ? loginTimeline : timeline).push(`${method} ${new URL(url).pathname}`);
    const response = await fetch(input, init);
    const responseText = await response.clone().text();
    exchanges.push({ method, url, status: response.status, responseText });
    return response;
  };
  return { exchanges, timeline, loginTimeline, fetch: recordingFetch };
}

/** The page's own login, which runs when it loads (and is tested on its own below). */
function isLoginUrl(url: string): boolean {
  const { pathname } = new URL(url);
  return pathname === SANDBOX_AUTH_CODE_PATH || pathname === LOGIN_PATH;
}

/** The requests of the phone flow: all but the login's. */
function phoneRequests(loaded: LoadedPhonePage): RecordedRequest[] {
  return loaded.my.requests.filter((request) => !isLoginUrl(request.url));
}

let server: DevServerProcess;

beforeAll(async () => {
  server = await startDevServerProcess();
}, 90_000);

afterAll(async () => {
  await server.stop();
});

/** Asks the real server's sandbox route for a `res.response`, as Alipay would hand it to `my.getPhoneNumber`. */
async function sandboxPayload(scenario: AlipayScenario, mobile?: string): Promise<string> {
  const query = new URLSearchParams({ scenario, ...(mobile === undefined ? {} : { mobile }) });
  const response = await fetch(`${server.url}${SANDBOX_PHONE_RESPONSE_PATH}?${query.toString()}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The newer button event's detail, from `GET /sandbox/alipay/event-detail`. */
async function sandboxEventDetail(): Promise<{ encryptedData: string; sign: string }> {
  const response = await fetch(`${server.url}/sandbox/alipay/event-detail`);
  expect(response.status).toBe(200);
  const detail: unknown = await response.json();
  if (
    typeof detail === 'object' &&
    detail !== null &&
    'encryptedData' in detail &&
    'sign' in detail &&
    typeof detail.encryptedData === 'string' &&
    typeof detail.sign === 'string'
  ) {
    return { encryptedData: detail.encryptedData, sign: detail.sign };
  }
  throw new Error('the sandbox event detail is not {encryptedData, sign}');
}

interface LoadOptions {
  readonly config?: Partial<PhonekitConfig>;
  readonly my?: FakeMyOptions;
}

/** The real page, pointed at the real server, with its fetch recorded on `wire`. */
function loadPage(wire: Wire, options: LoadOptions = {}): Promise<LoadedPhonePage> {
  return loadPhonePage({
    // These tests read the developer details (codes, HTTP status, Alipay codes) and English texts.
    config: { serverUrl: server.url, debug: true, ...options.config },
    my: { language: 'en', ...options.my, fetch: wire.fetch },
  });
}

function onlyRequest(loaded: LoadedPhonePage, method: string): RecordedRequest {
  const matching = phoneRequests(loaded).filter((request) => request.method === method);
  expect(matching).toHaveLength(1);
  const [request] = matching;
  if (request === undefined) throw new Error(`no ${method} request`);
  return request;
}

function exchangeFor(wire: Wire, request: RecordedRequest): Exchange {
  const exchange = wire.exchanges.find((item) => item.method === request.method && item.url === request.url);
  if (exchange === undefined) throw new Error(`no exchange for ${request.method} ${request.url}`);
  return exchange;
}

/** Asserts what the page shows for `outcome`, and (for a phone) that tapping reveals the full number. */
async function expectPageShows(loaded: LoadedPhonePage, outcome: Outcome): Promise<void> {
  expect(loaded.dataHistory.some((data) => data['status'] === 'loading')).toBe(true);
  if (outcome.kind === 'phone') {
    await expectPhoneShown(loaded, outcome.masked, outcome.e164);
    return;
  }
  expectErrorShown(loaded.page, outcome.code, outcome.alipay);
}

async function expectPhoneShown(loaded: LoadedPhonePage, masked: string, full: string): Promise<void> {
  expect(loaded.page.data.status).toBe('success');
  expect(loaded.page.data.error.code).toBe('');
  expect(loaded.page.data.phone).toMatchObject({ shown: masked, revealed: false, revealLabel: PHONE_PAGE_TEXT.en.reveal });

  await loaded.trigger('onToggleReveal');
  expect(loaded.page.data.phone).toMatchObject({ shown: full, revealed: true, revealLabel: PHONE_PAGE_TEXT.en.hide });
}

function expectErrorShown(page: PhonePageInstance, code: ApiErrorCode, alipay: AlipayResult): void {
  // The server under test is in sandbox mode: a signature or decryption failure says so in its own words (same code and status).
  const entry = { ...apiErrorEntry(code), ...SANDBOX_MODE_FAILURES[code] };
  const { status, error } = page.data;
  expect(status).toBe('error');
  expect(error.code).toBe(code);
  expect(error.message).toBe(entry.message);
  expect(error.hint).toBe(entry.hint);
  expect(error.hintZh).toBe(entry.hintZh);
  expect(error.retryable).toBe(entry.retryable);
  // Of all the scenarios, only Alipay being busy offers a retry.
  expect(error.retryable).toBe(code === 'ALIPAY_BUSY');
  expect(error.details).toContainEqual({ label: 'HTTP status', value: String(entry.httpStatus) });
  const labels = error.details.map((row) => row.label);
  if (alipay === null) {
    expect(labels).not.toContain('Alipay code');
    return;
  }
  expect(error.details).toContainEqual({ label: 'Alipay code', value: alipay.code });
  if (alipay.subCode === '') {
    expect(labels).not.toContain('Alipay sub-code');
  } else {
    const subCodeRow = error.details.find((row) => row.label === 'Alipay sub-code');
    expect(subCodeRow?.value.startsWith(`${alipay.subCode} `)).toBe(true);
  }
}

/** The HTTP status the real server answers a scenario's payload with. */
function statusFor(outcome: Outcome): number {
  return outcome.kind === 'phone' ? 200 : apiErrorEntry(outcome.code).httpStatus;
}

describe('the phone page end to end against the real phonekit server in sandbox mode', () => {
  it('covers every sandbox scenario the server can play', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ALIPAY_SCENARIOS].sort());
  });

  describe.each(ALIPAY_SCENARIOS)('in the %s scenario', (scenario) => {
    const outcome = EXPECTED[scenario];

    it('posts what my.getPhoneNumber returned byte for byte and shows what the server answered', async () => {
      const payload = await sandboxPayload(scenario);
      const wire = createWire();
      const loaded = await loadPage(wire, { my: { phoneNumberResponse: payload } });
      expect(loaded.page.data.canIUseAuthButton).toBe(true);

      await loaded.trigger('onGetAuthorize');

      expect(loaded.my.phoneNumberCalls).toEqual([{ response: payload }]);
      expect(phoneRequests(loaded)).toHaveLength(1);
      const post = onlyRequest(loaded, 'POST');
      expect(post.url).toBe(`${server.url}${PHONE_NUMBER_PATH}`);
      expect(post.body).toBe(payload);
      expect(post.headers['content-type']).toBe('text/plain');
      const status = statusFor(outcome);
      expect(post.outcome).toMatchObject({ callback: status === 200 ? 'success' : 'fail', status });
      if (outcome.kind === 'phone') {
        expect(JSON.parse(exchangeFor(wire, post).responseText)).toMatchObject({
          mobile: outcome.mobile,
          countryCode: outcome.countryCode,
          e164: outcome.e164,
          masked: outcome.masked,
        });
      }
      await expectPageShows(loaded, outcome);
    });

    it('with the sandbox switch on, fetches its own payload from the server, posts it and shows the answer', async () => {
      const wire = createWire();
      // The page's default sandboxMobile is mainland; a phone scenario names its own number.
      const sandboxMobile = outcome.kind === 'phone' ? outcome.mobile : undefined;
      const loaded = await loadPage(wire, {
        config: { sandbox: true, sandboxScenario: scenario, ...(sandboxMobile === undefined ? {} : { sandboxMobile }) },
        my: { httpErrors: 'success' },
      });
      expect(loaded.page.data).toMatchObject({ sandbox: true, sandboxScenario: scenario, serverUrl: server.url });

      await loaded.trigger('onGetAuthorize');

      expect(loaded.my.phoneNumberCalls).toHaveLength(0);
      expect(wire.timeline).toEqual([`GET ${SANDBOX_PHONE_RESPONSE_PATH}`, `POST ${PHONE_NUMBER_PATH}`]);
      const get = onlyRequest(loaded, 'GET');
      expect(get.url).toBe(
        `${server.url}${SANDBOX_PHONE_RESPONSE_PATH}?scenario=${scenario}${sandboxMobile === undefined ? '' : `&mobile=${sandboxMobile}`}`,
      );
      const served = exchangeFor(wire, get);
      expect(served.status).toBe(200);

      const post = onlyRequest(loaded, 'POST');
      expect(post.body).toBe(served.responseText);
      expect(post.headers['content-type']).toBe('text/plain');
      expect(post.outcome).toMatchObject({ callback: 'success', status: statusFor(outcome) });
      await expectPageShows(loaded, outcome);
    });
  });

  describe('with an overseas number of its own (852-91234567)', () => {
    const hongKong = { masked: '852-******67', e164: '+85291234567' };

    it('shows it with country code 852 when my.getPhoneNumber returns it', async () => {
      const payload = await sandboxPayload('overseas', '852-91234567');
      const wire = createWire();
      const loaded = await loadPage(wire, { my: { phoneNumberResponse: payload } });
      await loaded.trigger('onGetAuthorize');

      const post = onlyRequest(loaded, 'POST');
      expect(post.body).toBe(payload);
      expect(JSON.parse(exchangeFor(wire, post).responseText)).toMatchObject({
        mobile: '852-91234567',
        countryCode: '852',
        nationalNumber: '91234567',
        e164: hongKong.e164,
      });
      await expectPhoneShown(loaded, hongKong.masked, hongKong.e164);
    });

    it('shows it with country code 852 when the sandbox switch asks for it', async () => {
      const wire = createWire();
      const loaded = await loadPage(wire, {
        config: { sandbox: true, sandboxScenario: 'overseas', sandboxMobile: '852-91234567' },
      });
      await loaded.trigger('onGetAuthorize');

      expect(onlyRequest(loaded, 'GET').url).toBe(
        `${server.url}${SANDBOX_PHONE_RESPONSE_PATH}?scenario=overseas&mobile=852-91234567`,
      );
      const post = onlyRequest(loaded, 'POST');
      expect(JSON.parse(exchangeFor(wire, post).responseText)).toMatchObject({ countryCode: '852' });
      await expectPhoneShown(loaded, hongKong.masked, hongKong.e164);
    });
  });

  describe('with the newer onGetPhoneNumber callback', () => {
    it('posts {encryptedData, sign} as JSON and shows the verified number', async () => {
      const detail = await sandboxEventDetail();
      const wire = createWire();
      const loaded = await loadPage(wire);

      await loaded.trigger('onGetPhoneNumber', detail);

      expect(loaded.my.phoneNumberCalls).toHaveLength(0);
      const post = onlyRequest(loaded, 'POST');
      expect(post.body).toBe(JSON.stringify({ encryptedData: detail.encryptedData, sign: detail.sign }));
      expect(post.headers['content-type']).toBe('application/json');
      expect(post.outcome).toMatchObject({ callback: 'success', status: 200 });
      await expectPhoneShown(loaded, MAINLAND.masked, MAINLAND.e164);
    });
  });

  describe('when Alipay is busy and the user taps Retry', () => {
    it('asks my.getPhoneNumber for a fresh payload before posting again, and shows the number', async () => {
      const busy = await sandboxPayload('busy');
      const success = await sandboxPayload('success');
      const wire = createWire();
      const handedOut = [busy, success];
      let calls = 0;
      const loaded = await loadPage(wire, {
        my: {
          phoneNumberResponse: () => {
            wire.timeline.push('my.getPhoneNumber');
            const response = handedOut[Math.min(calls, handedOut.length - 1)] ?? '';
            calls += 1;
            return response;
          },
        },
      });

      await loaded.trigger('onGetAuthorize');
      expectErrorShown(loaded.page, 'ALIPAY_BUSY', BUSY_ALIPAY_RESULT);

      await loaded.trigger('onRetry');

      expect(wire.timeline).toEqual([
        'my.getPhoneNumber',
        `POST ${PHONE_NUMBER_PATH}`,
        'my.getPhoneNumber',
        `POST ${PHONE_NUMBER_PATH}`,
      ]);
      expect(phoneRequests(loaded).map((request) => request.body)).toEqual([busy, success]);
      expect(phoneRequests(loaded).map((request) => request.outcome?.status)).toEqual([503, 200]);
      await expectPhoneShown(loaded, MAINLAND.masked, MAINLAND.e164);
    });

    it('with the sandbox switch on, fetches a fresh payload from the server before posting again', async () => {
      const wire = createWire();
      const loaded = await loadPage(wire, { config: { sandbox: true, sandboxScenario: 'busy' } });

      await loaded.trigger('onGetAuthorize');
      expect(loaded.page.data.error).toMatchObject({ code: 'ALIPAY_BUSY', retryable: true });

      await loaded.trigger('onRetry');

      expect(wire.timeline).toEqual([
        `GET ${SANDBOX_PHONE_RESPONSE_PATH}`,
        `POST ${PHONE_NUMBER_PATH}`,
        `GET ${SANDBOX_PHONE_RESPONSE_PATH}`,
        `POST ${PHONE_NUMBER_PATH}`,
      ]);
      // Still the busy scenario, so still busy: but each POST carried what the GET before it served.
      const gets = wire.exchanges.filter((exchange) => exchange.method === 'GET' && !isLoginUrl(exchange.url));
      const posts = phoneRequests(loaded).filter((request) => request.method === 'POST');
      expect(posts.map((request) => request.body)).toEqual(gets.map((exchange) => exchange.responseText));
      expectErrorShown(loaded.page, 'ALIPAY_BUSY', BUSY_ALIPAY_RESULT);
    });
  });

  describe('when the user refuses consent', () => {
    it('says so kindly and sends nothing to the server', async () => {
      const wire = createWire();
      const loaded = await loadPage(wire, { my: { phoneNumberResponse: await sandboxPayload('success') } });

      await loaded.trigger('onAuthError', { error: 11, errorMessage: 'user cancelled' });

      expect(loaded.page.data.status).toBe('declined');
      expect(loaded.page.data.declinedText).toBe(PHONE_PAGE_TEXT.en.declined);
      expect(loaded.my.phoneNumberCalls).toHaveLength(0);
      expect(phoneRequests(loaded)).toHaveLength(0);
      expect(wire.timeline).toEqual([]);
    });

    it('sends nothing either with the sandbox switch on', async () => {
      const wire = createWire();
      const loaded = await loadPage(wire, { config: { sandbox: true, sandboxScenario: 'success' } });

      await loaded.trigger('onGetPhoneNumber', { errorMessage: 'user denied' });

      expect(loaded.page.data.status).toBe('declined');
      expect(phoneRequests(loaded)).toHaveLength(0);
      expect(wire.timeline).toEqual([]);
    });
  });

  describe('on an old Alipay client without the authorise button', () => {
    it('shows the fallback instead of the button and sends nothing', async () => {
      const wire = createWire();
      const loaded = await loadPage(wire, { my: { canIUse: { 'button.open-type.getAuthorize': false } } });

      expect(loaded.my.canIUseQueries).toContain('button.open-type.getAuthorize');
      expect(loaded.page.data.canIUseAuthButton).toBe(false);
      expect(loaded.page.data.status).toBe('idle');
      expect(wire.timeline).toEqual([]);

      // What canIUseAuthButton = false renders: the a:else next to the button.
      const [button] = findElements(loadTemplate(), (el) => attributeOf(el, 'open-type') === 'getAuthorize');
      expect(button === undefined ? undefined : attributeOf(button, 'a:if')).toBe('{{canIUseAuthButton}}');
      const fallback = button === undefined ? undefined : followingElementSiblings(button)[0];
      expect(fallback === undefined ? undefined : attributeOf(fallback, 'a:else')).toBeNull();
      expect(fallback === undefined ? '' : textContent(fallback)).toBe('{{text.oldClient}}');
      expect(PHONE_PAGE_TEXT.en.oldClient).toContain('10.1.35');
      expect(PHONE_PAGE_TEXT.zh.oldClient).toContain('10.1.35');
    });
  });

  describe('when the server is down', () => {
    let deadUrl: string;

    beforeAll(async () => {
      deadUrl = await unusedLocalUrl();
    });

    function expectUnreachable(loaded: LoadedPhonePage, requestUrl: string): void {
      const { status, error } = loaded.page.data;
      expect(status).toBe('error');
      expect(error.code).toBe('SERVER_UNREACHABLE');
      expect(error.message).toBe(`Could not reach the server at ${deadUrl}.`);
      expect(error.retryable).toBe(true);
      expect(error.details).toContainEqual({ label: 'Request', value: requestUrl });
      expect(phoneRequests(loaded)).toHaveLength(1);
      expect(phoneRequests(loaded)[0]?.outcome).toMatchObject({ callback: 'fail', status: null, error: { error: 19 } });
    }

    it('says it could not reach the server when posting the payload', async () => {
      const wire = createWire();
      const loaded = await loadPage(wire, {
        config: { serverUrl: deadUrl },
        my: { phoneNumberResponse: await sandboxPayload('success') },
      });

      await loaded.trigger('onGetAuthorize');

      expect(loaded.my.phoneNumberCalls).toHaveLength(1);
      expectUnreachable(loaded, `${deadUrl}${PHONE_NUMBER_PATH}`);
    });

    it('says it could not reach the server when the sandbox switch asks it for a payload', async () => {
      const wire = createWire();
      const loaded = await loadPage(wire, { config: { serverUrl: deadUrl, sandbox: true, sandboxScenario: 'success' } });

      await loaded.trigger('onGetAuthorize');

      expectUnreachable(loaded, `${deadUrl}${SANDBOX_PHONE_RESPONSE_PATH}?scenario=success`);
    });
  });
});
