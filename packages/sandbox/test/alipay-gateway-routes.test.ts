import { generateAlipaySandboxAppKeys } from '../src/alipay-app-keys';
import { FakeAlipayGateway } from '../src/alipay-gateway/fake-alipay-gateway';
import { handleFakeAlipayRequest, type FakeAlipayRequest } from '../src/alipay-gateway/handle-fake-alipay-request';
import { generateSandboxIdentity, parseSandboxIdentity, type SandboxIdentity } from '../src/sandbox-identity';
import { appSide, listen, signedExchange } from './support/alipay-gateway-client';

let identity: SandboxIdentity;
let gateway: FakeAlipayGateway;

beforeAll(() => {
  identity = generateSandboxIdentity();
});

beforeEach(() => {
  gateway = FakeAlipayGateway.forSandboxApp(identity.alipay);
});

const get = (path: string, query: Record<string, string> = {}): { status: number; body: unknown } => {
  const { status, text } = handleFakeAlipayRequest(gateway, { method: 'GET', path, query, body: '' });
  return { status, body: JSON.parse(text) };
};
const post = (path: string, body: unknown): { status: number; body: unknown } => {
  const request: FakeAlipayRequest = { method: 'POST', path, query: {}, body: typeof body === 'string' ? body : JSON.stringify(body), contentType: 'application/json' };
  const { status, text } = handleFakeAlipayRequest(gateway, request);
  return { status, body: JSON.parse(text) };
};

describe('handleFakeAlipayRequest', () => {
  describe('GET /auth-code', () => {
    it('answers a fresh 32-hex auth code for the user', () => {
      const { status, body } = get('/auth-code', { user: 'alice' });
      expect(status).toBe(200);
      expect(body).toEqual({ authCode: expect.stringMatching(/^[0-9a-f]{32}$/) });
    });

    it('answers 400 for a user name it cannot take', () => {
      expect(get('/auth-code', { user: 'a b' }).status).toBe(400);
    });
  });

  describe('GET /user', () => {
    it('answers the user\'s ids for this app', () => {
      expect(get('/user', { user: 'alice' }).body).toEqual(gateway.userOf('alice'));
    });
  });

  describe('GET /config', () => {
    it('answers the app the fake plays', () => {
      expect(get('/config').body).toEqual({ appId: identity.alipay.appId, signType: 'RSA2', userIdentity: 'open_id', certificateMode: false });
    });
  });

  describe('POST /control', () => {
    it('queues an error for the next exchange', () => {
      expect(post('/control', { failNext: { subCode: 'isp.unknow-error', times: 2 } })).toMatchObject({ status: 200, body: { ok: true } });
      const app = appSide(identity.alipay.appId, identity.alipay.appPrivateKeyPem, identity.alipay.publicKeyPem);
      for (let i = 0; i < 3; i++) {
        const text = gateway.handleGatewayRequest({ method: 'POST', query: signedExchange(app, { authCode: gateway.mintAuthCode('alice') }), body: '' }).text;
        expect(text.includes('isp.unknow-error')).toBe(i < 2);
      }
    });

    it('moves the clock', () => {
      const before = gateway.now();
      post('/control', { advanceSeconds: 301 });
      expect(gateway.now() - before).toBeGreaterThanOrEqual(301_000);
    });

    it.each([
      ['not JSON', 'nope'],
      ['failNext without subCode', { failNext: {} }],
      ['a negative advanceSeconds', { advanceSeconds: -1 }],
    ])('answers 400 for %s', (_what, body) => {
      expect(post('/control', body).status).toBe(400);
    });
  });

  it('answers 404 for another path and 405 for another method on gateway.do', () => {
    expect(get('/nope').status).toBe(404);
    expect(handleFakeAlipayRequest(gateway, { method: 'PUT', path: '/gateway.do', query: {}, body: '' }).status).toBe(405);
  });
});

describe('createFakeAlipayListener', () => {
  it('serves gateway.do and the controls over HTTP, the answer text byte for byte', async () => {
    const server = await listen(gateway);
    try {
      const code = ((await (await fetch(`${server.url}/auth-code?user=alice`)).json()) as { authCode: string }).authCode;
      const app = appSide(identity.alipay.appId, identity.alipay.appPrivateKeyPem, identity.alipay.publicKeyPem);
      const response = await fetch(`${server.url}/gateway.do`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(signedExchange(app, { authCode: code })) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
      expect(await response.text()).toMatch(/^\{"alipay_system_oauth_token_response":\{"access_token":/);
    } finally {
      await server.close();
    }
  });
});

describe('the sandbox identity', () => {
  it('holds an application key pair whose halves match, apart from Alipay\'s', () => {
    const app = appSide(identity.alipay.appId, identity.alipay.appPrivateKeyBase64, identity.alipay.publicKeyBase64);
    expect(app.appKey.publicKeyBase64).toBe(identity.alipay.appPublicKeyBase64);
    expect(identity.alipay.appPublicKeyBase64).not.toBe(identity.alipay.publicKeyBase64);
  });

  it('survives JSON (the cluster primary hands it to its workers)', () => {
    expect(parseSandboxIdentity(JSON.stringify(identity))).toEqual(identity);
  });

  it('is refused without the application key pair (an identity from before the login)', () => {
    const { appPrivateKeyPem: _a, appPrivateKeyBase64: _b, appPublicKeyPem: _c, appPublicKeyBase64: _d, ...older } = identity.alipay;
    expect(parseSandboxIdentity(JSON.stringify({ ...identity, alipay: older }))).toBeUndefined();
  });

  it('gives a gateway that a second worker with the same identity plays identically (same ids)', () => {
    const second = FakeAlipayGateway.forSandboxApp(identity.alipay);
    expect(second.userOf('alice')).toEqual(gateway.userOf('alice'));
  });

  it('makes each generated app key pair fresh', () => {
    expect(generateAlipaySandboxAppKeys().appPublicKeyBase64).not.toBe(identity.alipay.appPublicKeyBase64);
  });
});
