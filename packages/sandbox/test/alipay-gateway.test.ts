// The fake Alipay gateway over real HTTP, driven the way a server using
// @phonekit/core drives the real one: core builds and signs the request,
// core verifies and reads the answer. Every error is checked both as the
// text the fake answers and as the catalogued error core makes of it.
import { PhonekitError, verifyAlipayOauthTokenResponse, verifyAlipayOpenApiResponse, type AlipayOauthToken, type CoreErrorCode } from '@phonekit/core';
import { generateAlipaySandboxAppKeys, type AlipaySandboxAppKeys } from '../src/alipay-app-keys';
import { FakeAlipayGateway, type FakeAlipayGatewayOptions } from '../src/alipay-gateway/fake-alipay-gateway';
import { generateAlipaySandboxKeys, type AlipaySandboxKeys } from '../src/keys';
import { appSide, listen, postGateway, signedExchange, type AppSide, type GatewayServer } from './support/alipay-gateway-client';

const APP_ID = '2021009999000001';

let alipayKeys: AlipaySandboxKeys;
let appKeys: AlipaySandboxAppKeys;
let otherAppKeys: AlipaySandboxAppKeys;

beforeAll(() => {
  alipayKeys = generateAlipaySandboxKeys({ appId: APP_ID });
  appKeys = generateAlipaySandboxAppKeys();
  otherAppKeys = generateAlipaySandboxAppKeys();
});

let gateway: FakeAlipayGateway;
let server: GatewayServer;
let app: AppSide;

async function start(options: Partial<FakeAlipayGatewayOptions> = {}, side: Partial<AppSide> = {}): Promise<void> {
  gateway = new FakeAlipayGateway({ appId: APP_ID, appPublicKeyPem: appKeys.appPublicKeyPem, alipayPrivateKeyPem: alipayKeys.privateKeyPem, ...options });
  server = await listen(gateway);
  app = { ...appSide(APP_ID, appKeys.appPrivateKeyPem, alipayKeys.publicKeyPem), ...side };
}

afterEach(async () => {
  await server.close();
});

/** Exchanges `authCode` over HTTP; returns the answer text. */
async function exchange(authCode: string, side: AppSide = app, timestamp?: Date): Promise<string> {
  const answer = await postGateway(server.url, signedExchange(side, { authCode }, timestamp));
  expect(answer.status).toBe(200);
  return answer.text;
}

function parsedError(text: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || !('error_response' in parsed)) throw new Error(`expected an error_response, got ${text}`);
  const body = parsed.error_response;
  if (typeof body !== 'object' || body === null) throw new Error('error_response must be an object');
  return body as Record<string, unknown>;
}

function coreError(text: string, side: AppSide = app): PhonekitError {
  try {
    verifyAlipayOauthTokenResponse(text, side.alipayKey, side.signType ?? 'RSA2');
  } catch (err) {
    if (err instanceof PhonekitError) return err;
    throw err;
  }
  throw new Error('expected core to throw');
}

const read = (text: string, side: AppSide = app): AlipayOauthToken => verifyAlipayOauthTokenResponse(text, side.alipayKey, side.signType ?? 'RSA2');

describe('the fake Alipay gateway', () => {
  describe('alipay.system.oauth.token with a fresh auth code', () => {
    it('answers open_id only by default (like new apps), signed, and core reads it', async () => {
      await start();
      const text = await exchange(gateway.mintAuthCode('alice'));
      expect(text).toMatch(/^\{"alipay_system_oauth_token_response":\{"access_token":"authbseB[0-9a-f]{32}","auth_start":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","expires_in":1296000,"open_id":"0[0-9A-Za-z]{46}","re_expires_in":2592000,"refresh_token":"authbseB[0-9a-f]{32}"\},"sign":"[A-Za-z0-9+/]+={0,2}"\}$/);
      const token = read(text);
      expect(token.subject).toEqual({ kind: 'open_id', id: gateway.userOf('alice').openId });
      expect(token.userId).toBeUndefined();
    });

    it('answers user_id only when configured like an older app', async () => {
      await start({ userIdentity: 'user_id' });
      const token = read(await exchange(gateway.mintAuthCode('alice')));
      expect(token.subject).toEqual({ kind: 'user_id', id: gateway.userOf('alice').userId });
      expect(token.userId).toMatch(/^2088\d{12}$/);
      expect(token.openId).toBeUndefined();
    });

    it('answers both ids when configured so', async () => {
      await start({ userIdentity: 'both' });
      const token = read(await exchange(gateway.mintAuthCode('alice')));
      expect({ userId: token.userId, openId: token.openId }).toEqual({ userId: gateway.userOf('alice').userId, openId: gateway.userOf('alice').openId });
    });

    it('writes auth_start in Beijing time from its clock', async () => {
      await start({ now: () => Date.parse('2024-05-13T09:49:20Z') });
      const token = read(await exchange(gateway.mintAuthCode('alice'), app, new Date('2024-05-13T09:49:20Z')));
      expect(token.authStart).toBe('2024-05-13 17:49:20');
    });

    it('accepts every parameter in the query of a GET, as the gateway does', async () => {
      await start();
      const params = signedExchange(app, { authCode: gateway.mintAuthCode('alice') });
      const response = await fetch(`${server.url}/gateway.do?${new URLSearchParams(params).toString()}`);
      expect(read(await response.text()).openId).toBe(gateway.userOf('alice').openId);
    });

    it('plays legacy RSA (SHA1withRSA) apps both ways', async () => {
      await start({ signType: 'RSA' }, { signType: 'RSA' });
      expect(read(await exchange(gateway.mintAuthCode('alice'))).openId).toBe(gateway.userOf('alice').openId);
    });
  });

  describe('user ids', () => {
    it('gives the same user the same ids across restarts, even with new keys', async () => {
      await start();
      const first = read(await exchange(gateway.mintAuthCode('alice')));
      await server.close();
      const newAlipay = generateAlipaySandboxKeys({ appId: APP_ID });
      await start({ alipayPrivateKeyPem: newAlipay.privateKeyPem }, { alipayKey: appSide(APP_ID, appKeys.appPrivateKeyPem, newAlipay.publicKeyPem).alipayKey });
      const again = read(await exchange(gateway.mintAuthCode('alice')));
      expect(again.openId).toBe(first.openId);
      expect(again.accessToken).not.toBe(first.accessToken);
    });

    it('gives different users different ids', async () => {
      await start();
      expect(gateway.userOf('alice').openId).not.toBe(gateway.userOf('bob').openId);
      expect(gateway.userOf('alice').userId).not.toBe(gateway.userOf('bob').userId);
    });

    it('gives one user one user_id everywhere but another open_id in another app, as Alipay does', async () => {
      await start();
      const other = new FakeAlipayGateway({ appId: '2021009999000002', appPublicKeyPem: appKeys.appPublicKeyPem, alipayPrivateKeyPem: alipayKeys.privateKeyPem });
      expect(other.userOf('alice').userId).toBe(gateway.userOf('alice').userId);
      expect(other.userOf('alice').openId).not.toBe(gateway.userOf('alice').openId);
    });
  });

  describe('auth codes', () => {
    it('answers isv.code-invalid, signed, for a code used twice', async () => {
      await start();
      const code = gateway.mintAuthCode('alice');
      read(await exchange(code));
      const text = await exchange(code);
      expect(parsedError(text)).toEqual({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' });
      expect(text).toMatch(/,"sign":"[A-Za-z0-9+/]+={0,2}"\}$/);
      expect(coreError(text).code).toBe('ALIPAY_AUTH_CODE_INVALID');
    });

    it('answers isv.code-invalid for a code older than five minutes, and takes one just younger', async () => {
      await start();
      const old = gateway.mintAuthCode('alice');
      const young = gateway.mintAuthCode('alice');
      gateway.advanceClock(299);
      read(await exchange(young, app, new Date(gateway.now())));
      gateway.advanceClock(2);
      expect(coreError(await exchange(old, app, new Date(gateway.now()))).code).toBe('ALIPAY_AUTH_CODE_INVALID');
    });

    it('answers isv.code-invalid for a code it never issued', async () => {
      await start();
      expect(coreError(await exchange('4b203fe6c11548bcabd8da5bb087a83b')).code).toBe('ALIPAY_AUTH_CODE_INVALID');
    });

    it('refuses a code of another fake gateway (another app\'s code)', async () => {
      await start();
      const elsewhere = new FakeAlipayGateway({ appId: '2021009999000002', appPublicKeyPem: appKeys.appPublicKeyPem, alipayPrivateKeyPem: alipayKeys.privateKeyPem });
      expect(coreError(await exchange(elsewhere.mintAuthCode('alice'))).code).toBe('ALIPAY_AUTH_CODE_INVALID');
    });
  });

  describe('refresh tokens', () => {
    it('refreshes once with grant_type=refresh_token, then answers isv.refresh-token-invalid for the used token', async () => {
      await start();
      const first = read(await exchange(gateway.mintAuthCode('alice')));
      const refreshed = read((await postGateway(server.url, signedExchange(app, { refreshToken: first.refreshToken }))).text);
      expect(refreshed.openId).toBe(first.openId);
      expect(refreshed.refreshToken).not.toBe(first.refreshToken);
      const reused = (await postGateway(server.url, signedExchange(app, { refreshToken: first.refreshToken }))).text;
      expect(parsedError(reused)['sub_code']).toBe('isv.refresh-token-invalid');
      expect(coreError(reused).code).toBe('ALIPAY_REFRESH_TOKEN_INVALID');
    });

    it('answers isv.refresh-token-time-out for an expired refresh token', async () => {
      await start({ refreshTokenTtlSeconds: 60 });
      const first = read(await exchange(gateway.mintAuthCode('alice')));
      gateway.advanceClock(61);
      const text = (await postGateway(server.url, signedExchange(app, { refreshToken: first.refreshToken }, new Date(gateway.now())))).text;
      expect(parsedError(text)['sub_code']).toBe('isv.refresh-token-time-out');
      expect(coreError(text).code).toBe('ALIPAY_REFRESH_TOKEN_INVALID');
    });
  });

  describe('request signatures', () => {
    it('answers isv.invalid-signature, naming the string it verified, for a request signed with another key', async () => {
      await start();
      const wrongKey = appSide(APP_ID, otherAppKeys.appPrivateKeyPem, alipayKeys.publicKeyPem);
      const params = signedExchange(wrongKey, { authCode: gateway.mintAuthCode('alice') });
      const text = (await postGateway(server.url, params)).text;
      const body = parsedError(text);
      expect(body['sub_code']).toBe('isv.invalid-signature');
      const { sign: _sign, ...unsigned } = params;
      const expected = Object.keys(unsigned).sort().map((key) => `${key}=${unsigned[key] ?? ''}`).join('&amp;');
      expect(body['sub_msg']).toBe(`验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${expected}`);
      expect(coreError(text).code).toBe('ALIPAY_REQUEST_SIGNATURE_INVALID');
      expect(coreError(text).upstream?.subCode).toBe('isv.invalid-signature');
    });

    it('answers isv.invalid-signature for a parameter changed after signing', async () => {
      await start();
      const params = signedExchange(app, { authCode: gateway.mintAuthCode('alice') });
      const text = (await postGateway(server.url, { ...params, code: gateway.mintAuthCode('mallory') })).text;
      expect(coreError(text).code).toBe('ALIPAY_REQUEST_SIGNATURE_INVALID');
    });

    it('answers isv.invalid-signature (no key for that sign type) when the request says RSA to an RSA2 app', async () => {
      await start();
      const text = await exchange(gateway.mintAuthCode('alice'), { ...app, signType: 'RSA' });
      expect(parsedError(text)['sub_msg']).toBe('验签出错，应用未配置对应签名算法的公钥或者证书');
      expect(coreError(text).code).toBe('ALIPAY_REQUEST_SIGNATURE_INVALID');
    });

    it('answers isv.invalid-app-id, UNSIGNED, for an appId it does not know', async () => {
      await start();
      const stranger = { ...app, appId: '2021000000000404' };
      const text = await exchange(gateway.mintAuthCode('alice'), stranger);
      expect(text).toBe('{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id","sub_msg":"无效的AppID参数"}}');
      expect(coreError(text).code).toBe('ALIPAY_APP_ID_INVALID');
    });

    it('answers isv.invalid-timestamp for UTC sent as if it were Beijing time, eight hours off', async () => {
      await start();
      const now = new Date();
      const beijingMistake = new Date(now.getTime() - 8 * 3600 * 1000);
      const text = await exchange(gateway.mintAuthCode('alice'), app, beijingMistake);
      expect(parsedError(text)['sub_code']).toBe('isv.invalid-timestamp');
      const err = coreError(text);
      expect(err.code).toBe('ALIPAY_GATEWAY_ERROR');
      expect(err.message).toContain('isv.invalid-timestamp');
    });

    it.each([
      ['method', 'isv.missing-method', false],
      ['app_id', 'isv.missing-app-id', false],
      ['sign_type', 'isv.missing-signature-type', true],
      ['sign', 'isv.missing-signature', true],
      ['timestamp', 'isv.missing-timestamp', true],
      ['version', 'isv.missing-version', true],
    ] as const)('answers %s missing with 40001 %s (signed: %s)', async (dropped, subCode, signed) => {
      await start();
      const { [dropped]: _gone, ...params } = signedExchange(app, { authCode: gateway.mintAuthCode('alice') });
      const text = (await postGateway(server.url, params)).text;
      expect(parsedError(text)).toMatchObject({ code: '40001', msg: 'Missing Required Arguments', sub_code: subCode });
      expect(text.includes('"sign":')).toBe(signed);
    });

    it('answers another method with isv.invalid-method', async () => {
      await start();
      const text = (await postGateway(server.url, { ...signedExchange(app, { authCode: 'x' }), method: 'alipay.user.info.share' })).text;
      expect(parsedError(text)['sub_code']).toBe('isv.invalid-method');
    });
  });

  describe('errors on demand', () => {
    it.each([
      ['isp.unknow-error', { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'isp.unknow-error', sub_msg: '系统繁忙' }, 'ALIPAY_GATEWAY_BUSY'],
      ['isv.invalid-app-id', { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-app-id', sub_msg: '无效的AppID参数' }, 'ALIPAY_APP_ID_INVALID'],
      ['isv.some-new-thing', { code: '40004', msg: 'Business Failed', sub_code: 'isv.some-new-thing', sub_msg: 'sandbox' }, 'ALIPAY_GATEWAY_ERROR'],
    ] as const)('answers failNext %s once, signed, then exchanges again', async (subCode, body, code: CoreErrorCode) => {
      await start();
      gateway.failNext({ subCode });
      const code1 = gateway.mintAuthCode('alice');
      const text = await exchange(code1);
      expect(parsedError(text)).toEqual(body);
      expect(coreError(text).code).toBe(code);
      // The code was not consumed by the failure.
      expect(read(await exchange(code1)).openId).toBe(gateway.userOf('alice').openId);
    });

    it('takes code, msg and sub_msg overrides', async () => {
      await start();
      gateway.failNext({ subCode: 'isv.x', code: '40006', msg: 'Insufficient Permissions', subMsg: '权限不足' });
      expect(parsedError(await exchange(gateway.mintAuthCode('alice')))).toEqual({ code: '40006', msg: 'Insufficient Permissions', sub_code: 'isv.x', sub_msg: '权限不足' });
    });

    it('counts calls, tokens and errors by sub_code', async () => {
      await start();
      const code = gateway.mintAuthCode('alice');
      await exchange(code);
      await exchange(code);
      expect(gateway.stats()).toEqual({ calls: 2, tokensIssued: 1, errors: { 'isv.code-invalid': 1 } });
    });
  });

  describe('certificate mode', () => {
    const SNS = { appCertSn: '866efef280dec9137a87d047ac446315', alipayRootCertSn: '687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6', alipayCertSn: '7513daaaa48aa3ba2e4018d84402479c' };

    it('takes a request with the right SNs and answers alipay_cert_sn beside the signed response', async () => {
      await start({ certificate: SNS }, { certificate: { appCertSn: SNS.appCertSn, alipayRootCertSn: SNS.alipayRootCertSn } });
      const text = await exchange(gateway.mintAuthCode('alice'));
      expect(text).toMatch(/^\{"alipay_system_oauth_token_response":\{.*\},"alipay_cert_sn":"7513daaaa48aa3ba2e4018d84402479c","sign":"[^"]+"\}$/);
      expect(read(text).alipayCertSn).toBe(SNS.alipayCertSn);
    });

    it.each([
      ['no SNs', undefined],
      ['another app_cert_sn', { appCertSn: '00000000000000000000000000000000', alipayRootCertSn: SNS.alipayRootCertSn }],
      ['another alipay_root_cert_sn', { appCertSn: SNS.appCertSn, alipayRootCertSn: '687b59193f3f462dd5336e5abf83c5d8' }],
    ])('answers isv.invalid-signature for a request with %s', async (_what, certificate) => {
      await start({ certificate: SNS }, certificate === undefined ? {} : { certificate });
      const text = await exchange(gateway.mintAuthCode('alice'));
      expect(parsedError(text)['sub_msg']).toBe('验签出错，应用未配置对应签名算法的公钥或者证书');
      expect(coreError(text).code).toBe('ALIPAY_REQUEST_SIGNATURE_INVALID');
    });
  });

  describe('answers core cannot be fooled by', () => {
    it('a success answer with a byte changed is refused by core', async () => {
      await start();
      const text = await exchange(gateway.mintAuthCode('alice'));
      const forged = text.replace(/"open_id":"0(.)/, (_m, ch: string) => `"open_id":"0${ch === 'A' ? 'B' : 'A'}`);
      expect(coreError(forged).code).toBe('ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    it('an answer verified with the app public key instead of the Alipay one is refused by core', async () => {
      await start();
      const text = await exchange(gateway.mintAuthCode('alice'));
      const mixedUp = appSide(APP_ID, appKeys.appPrivateKeyPem, appKeys.appPublicKeyPem);
      expect(coreError(text, mixedUp).code).toBe('ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    it('the signed content core checks is exactly the text the fake wrote', async () => {
      await start();
      const text = await exchange(gateway.mintAuthCode('alice'));
      const { signedContent } = verifyAlipayOpenApiResponse(text, 'alipay.system.oauth.token', app.alipayKey);
      expect(text.startsWith(`{"alipay_system_oauth_token_response":${signedContent},"sign":"`)).toBe(true);
    });
  });
});
