import {
  loadAlipayAppPrivateKey,
  loadAlipayPublicKey,
  verifyAlipayOauthTokenResponse,
  verifyAlipayOpenApiResponse,
  type AlipayPublicKey,
  type CoreErrorCode,
  type UpstreamError,
} from '../src';
import { phonekitErrorFrom, thrownBy } from './support/errors';
import { createOpensslWorkspace, type OpensslRsaKey, type OpensslWorkspace } from './support/openssl';
import { OAUTH_ANSWER_VECTORS, OPENAPI_ALIPAY_PUBLIC_KEY, SIGNED_CODE_INVALID_ANSWER } from './vectors/alipay-openapi';
import type { Vector } from './vectors/vector';

const METHOD = 'alipay.system.oauth.token';
const KEY = 'alipay_system_oauth_token_response';

let openssl: OpensslWorkspace;
let alipay: OpensslRsaKey;
let app: OpensslRsaKey;
let alipayKey: AlipayPublicKey;

beforeAll(() => {
  openssl = createOpensslWorkspace();
  alipay = openssl.rsaKey('alipay');
  app = openssl.rsaKey('app');
  alipayKey = loadAlipayPublicKey(alipay.publicKeyBase64);
}, 30_000);

afterAll(() => {
  openssl.dispose();
});

const TOKEN_BODY = '{"access_token":"authbseB4f0c8d3e2a1b4c5d9e8f7a6b5c4d3e2f","auth_start":"2024-05-13 17:49:20","expires_in":1296000,"open_id":"074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5","re_expires_in":2592000,"refresh_token":"authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"}';

/** An answer as the gateway writes it: `{"<key>":<body>,"sign":"<openssl over body>"}`. */
function answer(body: string, options: { key?: string; digest?: 'sha256' | 'sha1'; signer?: OpensslRsaKey; signedText?: string; extra?: string } = {}): string {
  const sign = openssl.sign(options.signedText ?? body, options.signer ?? alipay, options.digest ?? 'sha256');
  return `{"${options.key ?? KEY}":${body}${options.extra ?? ''},"sign":"${sign}"}`;
}

function flipAt(base64: string, index: number): string {
  const ch = base64.charAt(index);
  return `${base64.slice(0, index)}${ch === 'A' ? 'B' : 'A'}${base64.slice(index + 1)}`;
}

describe('verifyAlipayOauthTokenResponse on known answers signed with openssl', () => {
  test.each(OAUTH_ANSWER_VECTORS.map((v) => [v.title, v] as const))('%s', (_title, vector) => {
    expect(verifyAlipayOauthTokenResponse(vector.input.rawText, loadAlipayPublicKey(OPENAPI_ALIPAY_PUBLIC_KEY), vector.input.signType)).toEqual(vector.output);
  });

  test('a signed error_response is its catalogued error with Alipay\'s fields', () => {
    const err = phonekitErrorFrom(() => verifyAlipayOauthTokenResponse(SIGNED_CODE_INVALID_ANSWER, loadAlipayPublicKey(OPENAPI_ALIPAY_PUBLIC_KEY)));
    expect(err.code).toBe('ALIPAY_AUTH_CODE_INVALID');
    expect(err.upstream).toEqual({ code: '40002', msg: 'Invalid Arguments', subCode: 'isv.code-invalid', subMsg: '授权码code无效' });
  });
});

describe('verifyAlipayOpenApiResponse', () => {
  test('verifies over the raw member text and hands it back with the parsed body', () => {
    const verified = verifyAlipayOpenApiResponse(answer(TOKEN_BODY), METHOD, alipayKey, 'RSA2');
    expect(verified.responseKey).toBe(KEY);
    expect(verified.signedContent).toBe(TOKEN_BODY);
    expect(verified.body['open_id']).toBe('074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
    expect(verified.alipayCertSn).toBeUndefined();
  });

  test('verifies a member whose spacing and key order are not what JSON.stringify would write', () => {
    const body = '{ "user_id" : "2088102150477652",\n "access_token":"t", "refresh_token":"r", "expires_in":1, "re_expires_in":2 }';
    expect(verifyAlipayOauthTokenResponse(answer(body), alipayKey).userId).toBe('2088102150477652');
  });

  test('reads the sign and alipay_cert_sn wherever they stand around the member', () => {
    const sign = openssl.sign(TOKEN_BODY, alipay);
    const text = ` {"sign":"${sign}", "alipay_cert_sn":"abc",\n "${KEY}" : ${TOKEN_BODY} } `;
    expect(verifyAlipayOpenApiResponse(text, METHOD, alipayKey).alipayCertSn).toBe('abc');
  });

  test('verifies legacy RSA (SHA1withRSA) answers when told RSA', () => {
    expect(verifyAlipayOauthTokenResponse(answer(TOKEN_BODY, { digest: 'sha1' }), alipayKey, 'RSA').accessToken).toBe('authbseB4f0c8d3e2a1b4c5d9e8f7a6b5c4d3e2f');
  });

  test('verifies with the key given in any form loadAlipayPublicKey reads, a certificate included', () => {
    for (const text of [alipay.publicKeyPem, alipay.publicKeyPkcs1Pem, alipay.certificatePem]) {
      expect(verifyAlipayOpenApiResponse(answer(TOKEN_BODY), METHOD, loadAlipayPublicKey(text)).responseKey).toBe(KEY);
    }
  });

  describe('refuses, one failure mode each', () => {
    const expectCode = (fn: () => unknown, code: CoreErrorCode): void => {
      expect(phonekitErrorFrom(fn).code).toBe(code);
    };

    test('a tampered sign: ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      const sign = openssl.sign(TOKEN_BODY, alipay);
      expectCode(() => verifyAlipayOpenApiResponse(`{"${KEY}":${TOKEN_BODY},"sign":"${flipAt(sign, 20)}"}`, METHOD, alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('a tampered answer (another open_id): ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      const forged = answer(TOKEN_BODY).replace('074a1CcTG1', '074a1CcTG2');
      expectCode(() => verifyAlipayOauthTokenResponse(forged, alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('a re-serialised answer (JSON.parse then JSON.stringify of a spaced answer): ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      const spaced = '{ "access_token": "t", "refresh_token": "r", "expires_in": 1, "re_expires_in": 2, "open_id": "o" }';
      const original = answer(spaced);
      expect(verifyAlipayOauthTokenResponse(original, alipayKey).openId).toBe('o');
      expectCode(() => verifyAlipayOauthTokenResponse(JSON.stringify(JSON.parse(original)), alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('a sign made over a re-serialisation instead of the raw text: ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      const spaced = '{ "access_token": "t", "refresh_token": "r", "expires_in": 1, "re_expires_in": 2, "open_id": "o" }';
      const text = answer(spaced, { signedText: JSON.stringify(JSON.parse(spaced)) });
      expectCode(() => verifyAlipayOauthTokenResponse(text, alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('a successful answer without sign: ALIPAY_GATEWAY_SIGNATURE_MISSING', () => {
      expectCode(() => verifyAlipayOauthTokenResponse(`{"${KEY}":${TOKEN_BODY}}`, alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_MISSING');
      expectCode(() => verifyAlipayOauthTokenResponse(`{"${KEY}":${TOKEN_BODY},"sign":""}`, alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_MISSING');
    });

    test('an answer signed by another key: ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      expectCode(() => verifyAlipayOauthTokenResponse(answer(TOKEN_BODY, { signer: app }), alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('an answer verified with the application public key pasted as the Alipay key: ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      const appPublic = loadAlipayPublicKey(loadAlipayAppPrivateKey(app.privateKeyPem).publicKeyBase64);
      expectCode(() => verifyAlipayOauthTokenResponse(answer(TOKEN_BODY), appPublic), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('a sign_type mismatch (RSA-signed, verified as RSA2, and the reverse): ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      expectCode(() => verifyAlipayOauthTokenResponse(answer(TOKEN_BODY, { digest: 'sha1' }), alipayKey, 'RSA2'), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
      expectCode(() => verifyAlipayOauthTokenResponse(answer(TOKEN_BODY), alipayKey, 'RSA'), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('a sign type that is not RSA2 or RSA: SIGN_TYPE_UNSUPPORTED', () => {
      expectCode(() => verifyAlipayOauthTokenResponse(answer(TOKEN_BODY), alipayKey, 'SM2' as unknown as 'RSA2'), 'SIGN_TYPE_UNSUPPORTED');
    });

    test('a signed error_response whose sign does not verify: ALIPAY_GATEWAY_SIGNATURE_INVALID, not the error it claims', () => {
      const body = '{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid","sub_msg":"授权码code无效"}';
      expectCode(() => verifyAlipayOauthTokenResponse(answer(body, { key: 'error_response', signer: app }), alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });

    test('an escaped slash the sign does not cover either way: ALIPAY_GATEWAY_SIGNATURE_INVALID', () => {
      const body = '{"access_token":"a\\/b","refresh_token":"r","expires_in":1,"re_expires_in":2,"open_id":"o"}';
      expectCode(() => verifyAlipayOauthTokenResponse(answer(body, { signedText: body.replace('a\\/b', 'a/c') }), alipayKey), 'ALIPAY_GATEWAY_SIGNATURE_INVALID');
    });
  });
});

interface GatewayErrorOutput {
  readonly code: CoreErrorCode;
  readonly retryable: boolean;
  readonly upstream: UpstreamError;
  readonly message?: RegExp;
}

/** What the gateway answers (under error_response) and the error each one is. */
const GATEWAY_ERROR_VECTORS: readonly Vector<Readonly<Record<string, string>>, GatewayErrorOutput>[] = [
  {
    title: 'an auth code that is wrong, already used or expired: 40002 isv.code-invalid (one sub_code for all three)',
    input: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' },
    output: { code: 'ALIPAY_AUTH_CODE_INVALID', retryable: false, upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.code-invalid', subMsg: '授权码code无效' } },
  },
  {
    title: 'an unknown appId: 40002 isv.invalid-app-id',
    input: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-app-id', sub_msg: '无效的AppID参数' },
    output: { code: 'ALIPAY_APP_ID_INVALID', retryable: false, upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.invalid-app-id', subMsg: '无效的AppID参数' } },
  },
  {
    title: 'a request signed with the wrong key: 40002 isv.invalid-signature',
    input: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：app_id=2021&amp;charset=utf-8' },
    output: {
      code: 'ALIPAY_REQUEST_SIGNATURE_INVALID',
      retryable: false,
      upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.invalid-signature', subMsg: '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：app_id=2021&amp;charset=utf-8' },
    },
  },
  {
    title: 'no application public key uploaded: 40001 isv.missing-signature-key',
    input: { code: '40001', msg: 'Missing Required Arguments', sub_code: 'isv.missing-signature-key', sub_msg: '缺少签名配置' },
    output: { code: 'ALIPAY_REQUEST_SIGNATURE_INVALID', retryable: false, upstream: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-signature-key', subMsg: '缺少签名配置' } },
  },
  {
    title: 'a refresh token that expired: 40002 isv.refresh-token-time-out',
    input: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.refresh-token-time-out', sub_msg: '刷新令牌refresh_token过期' },
    output: { code: 'ALIPAY_REFRESH_TOKEN_INVALID', retryable: false, upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.refresh-token-time-out', subMsg: '刷新令牌refresh_token过期' } },
  },
  {
    title: 'the gateway busy: 20000 isp.unknow-error, retryable',
    input: { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'isp.unknow-error', sub_msg: '系统繁忙' },
    output: { code: 'ALIPAY_GATEWAY_BUSY', retryable: true, upstream: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'isp.unknow-error', subMsg: '系统繁忙' } },
  },
  {
    title: '20000 with a sub_code phonekit has not seen is still busy',
    input: { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'isp.new-thing', sub_msg: '稍后重试' },
    output: { code: 'ALIPAY_GATEWAY_BUSY', retryable: true, upstream: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'isp.new-thing', subMsg: '稍后重试' } },
  },
  {
    title: 'an unknown sub_code: ALIPAY_GATEWAY_ERROR naming it, no fix guessed',
    input: { code: '40004', msg: 'Business Failed', sub_code: 'isv.something-new', sub_msg: '新的错误' },
    output: {
      code: 'ALIPAY_GATEWAY_ERROR',
      retryable: false,
      upstream: { code: '40004', msg: 'Business Failed', subCode: 'isv.something-new', subMsg: '新的错误' },
      message: /^The Alipay gateway answered 40004 Business Failed isv\.something-new: 新的错误\.$/,
    },
  },
  {
    title: 'a documented sub_code without a phonekit fix (isv.grant-type-invalid): ALIPAY_GATEWAY_ERROR naming it',
    input: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.grant-type-invalid', sub_msg: 'grant_type参数不正确' },
    output: {
      code: 'ALIPAY_GATEWAY_ERROR',
      retryable: false,
      upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.grant-type-invalid', subMsg: 'grant_type参数不正确' },
      message: /isv\.grant-type-invalid/,
    },
  },
  {
    title: 'a sub_code of "__proto__" is unknown, not Object.prototype',
    input: { code: '40004', msg: 'Business Failed', sub_code: '__proto__' },
    output: { code: 'ALIPAY_GATEWAY_ERROR', retryable: false, upstream: { code: '40004', msg: 'Business Failed', subCode: '__proto__' }, message: /__proto__/ },
  },
];

describe('gateway errors', () => {
  describe.each(GATEWAY_ERROR_VECTORS.map((v) => [v.title, v] as const))('%s', (_title, vector) => {
    const check = (text: string): void => {
      const err = phonekitErrorFrom(() => verifyAlipayOauthTokenResponse(text, alipayKey));
      expect({ code: err.code, retryable: err.retryable, upstream: err.upstream }).toEqual({ code: vector.output.code, retryable: vector.output.retryable, upstream: vector.output.upstream });
      if (vector.output.message !== undefined) expect(err.message).toMatch(vector.output.message);
    };

    test('signed, under error_response', () => {
      check(answer(JSON.stringify(vector.input), { key: 'error_response' }));
    });

    test('unsigned (the gateway cannot sign for an unknown app), under error_response', () => {
      check(`{"error_response":${JSON.stringify(vector.input)}}`);
    });

    test('signed, under the method\'s own key', () => {
      check(answer(JSON.stringify(vector.input)));
    });
  });

  test('an unknown sub_code\'s message clips a long sub_msg', () => {
    const body = { code: '40004', msg: 'Business Failed', sub_code: 'isv.long', sub_msg: '字'.repeat(1000) };
    const err = phonekitErrorFrom(() => verifyAlipayOauthTokenResponse(`{"error_response":${JSON.stringify(body)}}`, alipayKey));
    expect(err.message.length).toBeLessThan(400);
    expect(err.upstream?.subMsg).toHaveLength(1000);
  });
});

/** Answers that are not OpenAPI answers to oauth.token at all. */
const MALFORMED_VECTORS: readonly Vector<string, RegExp>[] = [
  { title: 'not JSON', input: '<html>502 Bad Gateway</html>', output: /not JSON/ },
  { title: 'a JSON array', input: '[]', output: /JSON object/ },
  { title: 'the answer to another method', input: '{"alipay_user_info_share_response":{"code":"10000"},"sign":"x"}', output: /neither "alipay_system_oauth_token_response" nor "error_response"/ },
  { title: 'both the method answer and error_response', input: '{"alipay_system_oauth_token_response":{},"error_response":{"code":"40002"}}', output: /both/ },
  { title: 'the member repeated (JSON.parse would keep the last)', input: '{"alipay_system_oauth_token_response":{"a":1},"alipay_system_oauth_token_response":{"a":2},"sign":"x"}', output: /repeats/ },
  { title: 'an encrypted (string) member', input: '{"alipay_system_oauth_token_response":"cipher","sign":"x"}', output: /must be a JSON object/ },
  { title: 'a sign that is not a string', input: '{"alipay_system_oauth_token_response":{},"sign":42}', output: /"sign" must be a string/ },
  { title: 'an alipay_cert_sn that is not a string', input: '{"alipay_system_oauth_token_response":{},"alipay_cert_sn":{},"sign":"x"}', output: /"alipay_cert_sn" must be a string/ },
];

describe('malformed answers: ALIPAY_GATEWAY_RESPONSE_MALFORMED', () => {
  test.each(MALFORMED_VECTORS.map((v) => [v.title, v] as const))('%s', (_title, vector) => {
    const err = phonekitErrorFrom(() => verifyAlipayOauthTokenResponse(vector.input, alipayKey));
    expect(err.code).toBe('ALIPAY_GATEWAY_RESPONSE_MALFORMED');
    expect(err.message).toMatch(vector.output);
  });

  test.each([
    ['no access_token', '{"refresh_token":"r","expires_in":1,"re_expires_in":2,"open_id":"o"}', /"access_token"/],
    ['neither user_id nor open_id', '{"access_token":"t","refresh_token":"r","expires_in":1,"re_expires_in":2}', /neither "user_id" nor "open_id"/],
    ['expires_in that is not seconds', '{"access_token":"t","refresh_token":"r","expires_in":"soon","re_expires_in":2,"open_id":"o"}', /"expires_in"/],
    ['a negative re_expires_in', '{"access_token":"t","refresh_token":"r","expires_in":1,"re_expires_in":-2,"open_id":"o"}', /"re_expires_in"/],
    ['a numeric user_id', '{"access_token":"t","refresh_token":"r","expires_in":1,"re_expires_in":2,"user_id":2088}', /"user_id" must be a string/],
  ])('a signed token answer with %s', (_what, body, message) => {
    const err = phonekitErrorFrom(() => verifyAlipayOauthTokenResponse(answer(body), alipayKey));
    expect(err.code).toBe('ALIPAY_GATEWAY_RESPONSE_MALFORMED');
    expect(err.message).toMatch(message);
  });

  test('keys the subject by user_id when Alipay sends both ids, open_id otherwise', () => {
    const both = '{"access_token":"t","refresh_token":"r","expires_in":1,"re_expires_in":2,"user_id":"2088102150477652","open_id":"o"}';
    expect(verifyAlipayOauthTokenResponse(answer(both), alipayKey).subject).toEqual({ kind: 'user_id', id: '2088102150477652' });
  });

  test('a method name that is not one is a TypeError (a programming mistake, not an answer)', () => {
    expect(thrownBy(() => verifyAlipayOpenApiResponse('{}', 'alipay system', alipayKey))).toBeInstanceOf(TypeError);
  });
});
