import { createPublicKey, verify } from 'node:crypto';
import {
  alipayCertSn,
  alipayOpenApiSignContent,
  alipayRootCertSn,
  buildOauthTokenRequest,
  loadAlipayAppPrivateKey,
  signAlipayOpenApiRequest,
  type AlipayAppPrivateKey,
  type AlipayOpenApiParams,
} from '../src';
import { phonekitErrorFrom, thrownBy } from './support/errors';
import { officialOauthTokenRequest } from './support/official-sdk';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { ALIPAY_CERT_PUBLIC_KEY_RSA2, ALIPAY_ROOT_CERT, APP_CERT_2021001161683774 } from './vectors/alipay-certificates';
import { OPENAPI_APP_PUBLIC_KEY, REQUEST_SIGN_VECTOR } from './vectors/alipay-openapi';
import type { Vector } from './vectors/vector';

let openssl: OpensslWorkspace;
let app: OpensslRsaKey;
let appKey: AlipayAppPrivateKey;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  app = openssl.rsaKey('app');
  appKey = loadAlipayAppPrivateKey(app.privateKeyPkcs8Base64);
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

const SIGN_CONTENT_VECTORS: readonly Vector<AlipayOpenApiParams, string>[] = [
  {
    title: 'sorts by name and leaves out sign, keeping sign_type',
    input: { timestamp: '2024-05-13 17:49:20', app_id: '2021001161683774', sign: 'old', sign_type: 'RSA2', method: 'alipay.system.oauth.token' },
    output: 'app_id=2021001161683774&method=alipay.system.oauth.token&sign_type=RSA2&timestamp=2024-05-13 17:49:20',
  },
  {
    title: 'leaves out empty and whitespace-only values, as the Java SDK\'s StringUtils.areNotEmpty does',
    input: { a: '1', b: '', c: '   ', d: '\t\n', e: '\u3000', f: '2' },
    output: 'a=1&f=2',
  },
  {
    title: 'keeps a value of no-break spaces (not whitespace to Java)',
    input: { a: '\u00a0', b: 'x' },
    output: 'a=\u00a0&b=x',
  },
  {
    title: 'keeps values as they are: no URL encoding, "=" and "&" inside untouched, UTF-8 text raw',
    input: { biz_content: '{"a":"b=c&d"}', note: '授权 码+/' },
    output: 'biz_content={"a":"b=c&d"}&note=授权 码+/',
  },
  {
    title: 'sorts by UTF-16 code unit, so upper case before "_" before lower case',
    input: { b_x: '1', B: '2', b: '3', _a: '4' },
    output: 'B=2&_a=4&b=3&b_x=1',
  },
];

describe('alipayOpenApiSignContent', () => {
  test.each(SIGN_CONTENT_VECTORS.map((v) => [v.title, v] as const))('%s', (_title, vector) => {
    expect(alipayOpenApiSignContent(vector.input)).toBe(vector.output);
  });

  test('throws a TypeError for a value that is not a string', () => {
    const params = { a: 1 } as unknown as AlipayOpenApiParams;
    expect(thrownBy(() => alipayOpenApiSignContent(params))).toBeInstanceOf(TypeError);
  });
});

const FIXED_REQUEST = {
  appId: '2021001161683774',
  authCode: '4b203fe6c11548bcabd8da5bb087a83b',
  // 09:49:20 UTC is 17:49:20 in Beijing.
  timestamp: new Date('2024-05-13T09:49:20Z'),
} as const;

describe('buildOauthTokenRequest', () => {
  test('gives the common and business parameters, the time in Beijing', () => {
    expect(buildOauthTokenRequest(FIXED_REQUEST)).toEqual({
      app_id: '2021001161683774',
      method: 'alipay.system.oauth.token',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2024-05-13 17:49:20',
      version: '1.0',
      grant_type: 'authorization_code',
      code: '4b203fe6c11548bcabd8da5bb087a83b',
    });
  });

  test('makes the known-answer sign string', () => {
    expect(alipayOpenApiSignContent(buildOauthTokenRequest(FIXED_REQUEST))).toBe(REQUEST_SIGN_VECTOR.content);
  });

  test('rolls the date over at Beijing midnight, not UTC midnight', () => {
    expect(buildOauthTokenRequest({ ...FIXED_REQUEST, timestamp: new Date('2023-12-31T16:00:05Z') }).timestamp).toBe('2024-01-01 00:00:05');
  });

  test('refreshes with grant_type=refresh_token and no code', () => {
    const params = buildOauthTokenRequest({ appId: FIXED_REQUEST.appId, refreshToken: 'authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d', timestamp: FIXED_REQUEST.timestamp, signType: 'RSA' });
    expect(params).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d', sign_type: 'RSA' });
    expect(params).not.toHaveProperty('code');
  });

  test('adds app_cert_sn and alipay_root_cert_sn in certificate mode', () => {
    const certificate = { appCertSn: alipayCertSn(APP_CERT_2021001161683774), alipayRootCertSn: alipayRootCertSn(ALIPAY_ROOT_CERT) };
    expect(buildOauthTokenRequest({ ...FIXED_REQUEST, certificate })).toMatchObject({
      app_cert_sn: '866efef280dec9137a87d047ac446315',
      alipay_root_cert_sn: '687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6',
    });
  });

  test('adds app_auth_token for a service provider calling for a merchant', () => {
    expect(buildOauthTokenRequest({ ...FIXED_REQUEST, appAuthToken: '202405BBa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5' })).toHaveProperty('app_auth_token', '202405BBa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5');
  });

  test.each([[''], ['has spaces'], ['x'.repeat(129)], ['code"&sign=forged'], ['授权码']])('refuses the auth code %p from a client with ALIPAY_AUTH_CODE_INVALID', (authCode) => {
    expect(phonekitErrorFrom(() => buildOauthTokenRequest({ ...FIXED_REQUEST, authCode })).code).toBe('ALIPAY_AUTH_CODE_INVALID');
  });

  test('refuses a refresh token that cannot be one', () => {
    expect(phonekitErrorFrom(() => buildOauthTokenRequest({ appId: FIXED_REQUEST.appId, refreshToken: '', timestamp: FIXED_REQUEST.timestamp })).code).toBe('ALIPAY_REFRESH_TOKEN_INVALID');
  });

  test.each([[''], ['2021 0011'], ['wx0123456789abcdef']])('refuses the appId %p with ALIPAY_APP_ID_INVALID', (appId) => {
    expect(phonekitErrorFrom(() => buildOauthTokenRequest({ ...FIXED_REQUEST, appId })).code).toBe('ALIPAY_APP_ID_INVALID');
  });

  test('refuses SNs that are not SNs', () => {
    const certificate = { appCertSn: 'a b', alipayRootCertSn: 'x' };
    expect(phonekitErrorFrom(() => buildOauthTokenRequest({ ...FIXED_REQUEST, certificate })).code).toBe('ALIPAY_CERTIFICATE_INVALID');
  });
});

describe('signAlipayOpenApiRequest', () => {
  const verifies = (content: string, sign: string, digest: 'sha256' | 'sha1', publicKeyBase64: string): boolean =>
    verify(digest, Buffer.from(content, 'utf8'), createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' }), Buffer.from(sign, 'base64'));

  test('the known-answer openssl signatures verify over the sign string buildOauthTokenRequest makes, and only over it', () => {
    const content = alipayOpenApiSignContent(buildOauthTokenRequest(FIXED_REQUEST));
    expect(verifies(content, REQUEST_SIGN_VECTOR.rsa2, 'sha256', OPENAPI_APP_PUBLIC_KEY)).toBe(true);
    expect(verifies(content, REQUEST_SIGN_VECTOR.rsa, 'sha1', OPENAPI_APP_PUBLIC_KEY)).toBe(true);
    expect(verifies(content.replace('code=4b20', 'code=4b21'), REQUEST_SIGN_VECTOR.rsa2, 'sha256', OPENAPI_APP_PUBLIC_KEY)).toBe(false);
  });

  test.each([
    ['RSA2', 'sha256'],
    ['RSA', 'sha1'],
  ] as const)('%s gives the very signature openssl dgst -%s -sign gives over the sorted string', (signType, digest) => {
    const params = buildOauthTokenRequest({ ...FIXED_REQUEST, signType });
    const signed = signAlipayOpenApiRequest(params, appKey, signType);
    expect(signed.sign).toBe(openssl.sign(alipayOpenApiSignContent(params), app, digest));
  });

  test('gives the very signature the official SDK gives for the same oauth.token call', () => {
    const official = officialOauthTokenRequest({ appId: FIXED_REQUEST.appId, appPrivateKeyPem: app.privateKeyPem }, FIXED_REQUEST.authCode);
    const { sign, ...unsigned } = official;
    expect(sign).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(signAlipayOpenApiRequest(unsigned, appKey, 'RSA2').sign).toBe(sign);
  });

  test('gives the very signature and SNs the official SDK gives in certificate mode', () => {
    const official = officialOauthTokenRequest(
      { appId: FIXED_REQUEST.appId, appPrivateKeyPem: app.privateKeyPem, certificates: { appCert: APP_CERT_2021001161683774, alipayCert: ALIPAY_CERT_PUBLIC_KEY_RSA2, rootCert: ALIPAY_ROOT_CERT } },
      FIXED_REQUEST.authCode,
    );
    expect(official['app_cert_sn']).toBe(alipayCertSn(APP_CERT_2021001161683774));
    expect(official['alipay_root_cert_sn']).toBe(alipayRootCertSn(ALIPAY_ROOT_CERT));
    const { sign, ...unsigned } = official;
    expect(signAlipayOpenApiRequest(unsigned, appKey, 'RSA2').sign).toBe(sign);
  });

  test('has every parameter the official SDK sends, plus format=JSON', () => {
    const official = officialOauthTokenRequest({ appId: FIXED_REQUEST.appId, appPrivateKeyPem: app.privateKeyPem }, FIXED_REQUEST.authCode);
    const ours = buildOauthTokenRequest(FIXED_REQUEST);
    const { sign: _sign, timestamp: _timestamp, ...officialRest } = official;
    const { format, timestamp: _ours, ...oursRest } = ours;
    expect(oursRest).toEqual(officialRest);
    expect(format).toBe('JSON');
  });

  test('adds sign_type when the parameters lack it, and signs over it', () => {
    const { sign_type: _dropped, ...params } = buildOauthTokenRequest(FIXED_REQUEST);
    const signed = signAlipayOpenApiRequest(params, appKey, 'RSA2');
    expect(signed['sign_type']).toBe('RSA2');
    expect(signed.sign).toBe(openssl.sign(alipayOpenApiSignContent({ ...params, sign_type: 'RSA2' }), app));
  });

  test('replaces a sign already in the parameters instead of signing over it', () => {
    const params = buildOauthTokenRequest(FIXED_REQUEST);
    expect(signAlipayOpenApiRequest({ ...params, sign: 'stale' }, appKey).sign).toBe(signAlipayOpenApiRequest(params, appKey).sign);
  });

  test('refuses parameters that name another sign_type with SIGN_TYPE_MISMATCH', () => {
    const params = buildOauthTokenRequest({ ...FIXED_REQUEST, signType: 'RSA' });
    expect(phonekitErrorFrom(() => signAlipayOpenApiRequest(params, appKey, 'RSA2')).code).toBe('SIGN_TYPE_MISMATCH');
  });

  test('refuses a sign type that is not RSA2 or RSA with SIGN_TYPE_UNSUPPORTED', () => {
    const signType = 'SM2' as unknown as 'RSA2';
    expect(phonekitErrorFrom(() => signAlipayOpenApiRequest(buildOauthTokenRequest(FIXED_REQUEST), appKey, signType)).code).toBe('SIGN_TYPE_UNSUPPORTED');
  });
});
