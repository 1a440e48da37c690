import type { AlipayOauthToken, AlipaySignType } from '../../src';
import type { Vector } from './vector';

/**
 * OpenAPI known answers made once with the openssl CLI (RSA PKCS#1 v1.5 is
 * deterministic), so signing and verification have answers that do not come
 * from node:crypto. Made with:
 *   printf %s "$CONTENT" | openssl dgst -sha256 -sign key.pem | base64 -w0
 * (-sha1 for RSA), where CONTENT is the raw value of the response member, or
 * the request sign string. Only the public keys are kept.
 */
export const OPENAPI_ALIPAY_PUBLIC_KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA82kEnkMaU6l+MRJYqToyW8MBv9tAHb+PSLIi25W83WRBZ7xeQ52TjSy6nghmAccu/ZTsnKQIpY7uZ9IofQXnpZH6gFgeiWEqAv8MHwRqZkENtoeRBuntZfFlhm3YWpsfhOyDIh1Bsq0D/8OiJc0vvi1IUfq2mVAwrosBmz0vZv6cUXDjfAF5XPkv4pgDG4/IcjG2IGOKZtIR62h4mh6OM3Dn4k2SpCPevACgrsm6J33pIkH5Zi8JNieE3ba0rmrFFu8YTo1Dc/hz3ZMU52GNwKLowIxPdkePvSZV8TJJz/8gSR+jNMdKhn7u8wkfZd5VFRKooVmuRv6ITHp0z0EWnQIDAQAB';
/** The public half of the application key that signed REQUEST_SIGN_VECTOR. */
export const OPENAPI_APP_PUBLIC_KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqNelnoODherY6cJv545L2qJjp7tMj8y076bGGCf1R556YoEYghauRLChc1wWdsGojLu16DZeW6uYW4pYtfrimyN1gBWXZ2WDhb3vFrLLpgvTWULNRcV0hZzKLEg43vUtRsY6d1eV3bLeRo2kCSo/4xTyKwVCRJz6q6FMBVFpBvlDJ4oAdAEsJ5JatRS5NI8nSH50Ma+33ZTsqkGPaS69yYyncdMiRRu5NKz0sW+xNH2cGuT1FlljzrSp5ao5cy+zrxUQ6ClRfDVrMIMtGMnOzAY+HaHStKLiV8dm0PmAX3VJGFbQzwceNO4U3eFKYm6E5hzTLXFgvBoUb145QOeE1QIDAQAB';

/** The sorted sign string of an oauth.token request, and openssl signatures over it with the app key. */
export const REQUEST_SIGN_VECTOR = {
  content: 'app_id=2021001161683774&charset=utf-8&code=4b203fe6c11548bcabd8da5bb087a83b&format=JSON&grant_type=authorization_code&method=alipay.system.oauth.token&sign_type=RSA2&timestamp=2024-05-13 17:49:20&version=1.0',
  rsa2: 'pS3E3n67jX9EW4Xpg1P6crVzO03FMtUnoJIGFR3yYK3xm2AMBZ8i6052Q+vT8BdXovRYRZUKlM+skPTAHZrAriAVE4nttNaGFmz11RAvTrAEEn0NHOL6PcdbuDaIfRue8Yq03JdU1putSiveKV78D/Ooxz+ER5nU/VZ+vZkzqWCyCF3cvGalhdQUlIp9QC1QvJiGJctzQeoyXg50ycRYa1Fr7p1O1tFoGv4H9YjDnzamZzbH4gUm6JOgUk/K7Rw3jCrJhWvdUTjLLJIP16wccQq21PTu1e0qfe8nDtpqoxOM+nFwpgGnerg02wOl2XcdpiZhJpj7BMoBank7cuU7dQ==',
  rsa: 'E8kw0itA/CQsH5QCLWT1KcUephb+9pONTzqaiHfNrlWDBOx2kF5Fp5/gLe/S3+ybj75Q/sffdExuolp2T5ZVdtxUdTZcz29+w4ENAdddhjM0b6Izoj1lLymB52knsQt7keGQTd1+4wiyh3GC38yE2mZZ4G0b7OM3xmBTKqjM+TggeMfOQJ5Q7BfuEimxzDSHBG/QJ2inaFk4228CxgqQrBX5yncGfg+ZlTMNfTNtxwX5wClYv9DpnKhMZfdFgdrIJgv5IMqmGh6hHYUO0WZM4iOpBm9VRtvOoTNX7w9bTlOr7o4ilAZUW4Kk2SwcP7as/8hvQEX2T1BJV1JkpUyiew==',
} as const;

export interface OauthAnswerInput {
  readonly rawText: string;
  readonly signType: AlipaySignType;
}

const OPEN_ID_TOKEN: AlipayOauthToken = {
  accessToken: 'authbseB4f0c8d3e2a1b4c5d9e8f7a6b5c4d3e2f',
  refreshToken: 'authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
  expiresIn: 1296000,
  reExpiresIn: 2592000,
  authStart: '2024-05-13 17:49:20',
  userId: undefined,
  openId: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5',
  unionId: undefined,
  subject: { kind: 'open_id', id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' },
  alipayCertSn: undefined,
};

export const OAUTH_ANSWER_VECTORS: readonly Vector<OauthAnswerInput, AlipayOauthToken>[] = [
  {
    title: 'a new app: open_id only, compact, RSA2',
    input: { rawText: '{"alipay_system_oauth_token_response":{"access_token":"authbseB4f0c8d3e2a1b4c5d9e8f7a6b5c4d3e2f","auth_start":"2024-05-13 17:49:20","expires_in":1296000,"open_id":"074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5","re_expires_in":2592000,"refresh_token":"authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"},"sign":"h6VTgUv15v2TKtEBGtae+E5J3qQJaC1zTKCj0DpxtrzJQF9xCDyR5GQjMxNmXR5KzjlQf94ESbTLtauh5Y0Vh//mroZmTkUsCOkUs3//8ga1Zdh9QpLiZdV013U5qS7E21WqcdKV8Z6vpY151wX3akXx7925ru6ghkS+o7MDUHskyBeQgSA8BmO1tS9vyXm5+hAxsY2fn59KTYGMX499ujlkV3zRw1GIixcNdSxONdknJjhjyMYmgOehhedce7A7FnU1UXMiAxwU3G3bmPV6//sM74Yj4xieAQDKyvqOwRtVsUelph38i48PxHeipMHKCOvVdxGmxivG9fabmKDStw=="}', signType: 'RSA2' },
    output: OPEN_ID_TOKEN,
  },
  {
    title: 'the same answer signed with legacy RSA (SHA1withRSA)',
    input: { rawText: '{"alipay_system_oauth_token_response":{"access_token":"authbseB4f0c8d3e2a1b4c5d9e8f7a6b5c4d3e2f","auth_start":"2024-05-13 17:49:20","expires_in":1296000,"open_id":"074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5","re_expires_in":2592000,"refresh_token":"authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"},"sign":"gZ3EgaBo6QAVncTYivjn8xlpSb7gPeQA2HhjTwts3xD4/kNjUL+C2RitAk9U6buCEzqBZp7VwFrygrHJnHdSZWphsIOgN1A5zjNW0dWJS4dnb9n1VBpyk8sLnkTLoZM5L8Y9Op2OLkR7tnZ5bJIUt/sU+hD0YY1zuXyiXRik9hRdzWY4mAj330rw3iqZQMaW/gzx4/0sJYQcf977Dtg6FjT5yX281JrtnTq0il1I/hoxdEkIMZohuwtoRuU8U86Fi+0dDtnqaBO1I9rLKQ4R827pOjKQjF1DallmpPE4U4O6iMglTKDueEsjihHahRR2urBO2XK8VhNn/ovUnv6Aiw=="}', signType: 'RSA' },
    output: OPEN_ID_TOKEN,
  },
  {
    title: 'an older app: user_id and union_id, seconds as strings, pretty-printed (the sign covers the spacing)',
    input: { rawText: '{\n  "alipay_system_oauth_token_response" : {\n    "access_token" : "authusrB0123456789abcdef0123456789abcdef",\n    "expires_in" : "3600",\n    "re_expires_in" : "7200",\n    "refresh_token" : "authusrBfedcba9876543210fedcba9876543210",\n    "union_id" : "alipay_union_0001",\n    "user_id" : "2088102150477652"\n  },\n  "sign" : "g0QoteCYYJcfljgkh1dS/9UpsQa8RVtdsE+ePq6t83f4qNzrOeMFGOGzffuthKJ4+Pu+/eNNNmbBNuAJUsQpMzDLPyFoCb+uXUgwKIQJvrZO9HcaUq78F5hAo44D74ZouoVyHObl3VYbW6NXSGZlKV/tbIOD1Ln3RX9P3TC5z34lBRcgRumhdO5aCoE+0r0HnqVWLRIvwTIwTW/ijsNSCmdKjlny/jLyUcp0R8P1fTgG7V7TBzXN0PSgabmVx2r1F44MJi9mIXZfhW2HJnk6fAVzAL0iq7ymOq7Sh74YXtD/VBJn1PKcGClP/peioGNL4+9bP6whLRRXV3tvNNQm/A=="\n}', signType: 'RSA2' },
    output: {
      accessToken: 'authusrB0123456789abcdef0123456789abcdef',
      refreshToken: 'authusrBfedcba9876543210fedcba9876543210',
      expiresIn: 3600,
      reExpiresIn: 7200,
      authStart: undefined,
      userId: '2088102150477652',
      openId: undefined,
      unionId: 'alipay_union_0001',
      subject: { kind: 'user_id', id: '2088102150477652' },
      alipayCertSn: undefined,
    },
  },
  {
    title: 'certificate mode: alipay_cert_sn beside the response, outside what is signed',
    input: { rawText: '{"alipay_system_oauth_token_response":{"access_token":"authbseB4f0c8d3e2a1b4c5d9e8f7a6b5c4d3e2f","auth_start":"2024-05-13 17:49:20","expires_in":1296000,"open_id":"074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5","re_expires_in":2592000,"refresh_token":"authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"},"alipay_cert_sn":"7513daaaa48aa3ba2e4018d84402479c","sign":"h6VTgUv15v2TKtEBGtae+E5J3qQJaC1zTKCj0DpxtrzJQF9xCDyR5GQjMxNmXR5KzjlQf94ESbTLtauh5Y0Vh//mroZmTkUsCOkUs3//8ga1Zdh9QpLiZdV013U5qS7E21WqcdKV8Z6vpY151wX3akXx7925ru6ghkS+o7MDUHskyBeQgSA8BmO1tS9vyXm5+hAxsY2fn59KTYGMX499ujlkV3zRw1GIixcNdSxONdknJjhjyMYmgOehhedce7A7FnU1UXMiAxwU3G3bmPV6//sM74Yj4xieAQDKyvqOwRtVsUelph38i48PxHeipMHKCOvVdxGmxivG9fabmKDStw=="}', signType: 'RSA2' },
    output: { ...OPEN_ID_TOKEN, alipayCertSn: '7513daaaa48aa3ba2e4018d84402479c' },
  },
  {
    title: 'slashes escaped as \\/ in the answer but not in what was signed (the Java SDK retries the same way)',
    input: { rawText: '{"alipay_system_oauth_token_response":{"access_token":"authbseB4f0c8d3e2a1b4c5d9e8f7a6b5c4d3e2f","expires_in":1296000,"note":"https:\\/\\/openapi.alipay.com\\/gateway.do","open_id":"074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5","re_expires_in":2592000,"refresh_token":"authbseB9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"},"sign":"swMSG7rOzxNtA6qZ3dqARcoIbVdEXPCQokBTHy9r6UaYhL2L5cQOcM96gCABLRYSzJFX3bRQiXJkvJncMtbF5CoAG0Ern+NlRAIn1wVnfi9gYroVVaggG6ntW7SVSk2LhwXAOGpfpZaVT0wh2sbI5CGhmn8THh/lmW3wsnOkkdJSlg74rtl++x7rGDGWQnzHc2ZXOpJgghYTfdJd64oumazeGuUt0z7rOGibbbnl/UYjkqjF0jGfddpcl5lSds3gRJkfQ6afts/+Bm415pSfFiyXVfuWwtHh0W8qJprr/WvKmPsFvg7+fybXsDnMiseHY0m4rsYJIXn/MCRrIwfxvQ=="}', signType: 'RSA2' },
    output: { ...OPEN_ID_TOKEN, authStart: undefined },
  },
];

/** A signed error_response: isv.code-invalid (wrong, used or expired auth code). */
export const SIGNED_CODE_INVALID_ANSWER = '{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid","sub_msg":"授权码code无效"},"sign":"wlevyWilXj3uYBCO0j0u0S0bBHkighT2s8G2UOM3xmRgThIi5WVERTMLLVipq45euGzyefpM13caMRR6FYNME2rAm5+jGbFtk67+qwl1yMnB4mWa4+JV4uGNIABNvPY5TerlvCJjORi9vXGpYC9TF6Y3mvjpm2j0cOavNbJF+jOT4mP2FQE4dCb+N/Jroz8fhiAWXI5U4783cppCrvfT0c81QS+PZpz0NcN49w4L35c2HXF6+4gfBbaZoyRuNBrIS4S5+z9yOUv0st2Fv9B9ymTldCTN3cucPyOqbx6nM++hNYU094hvcuHDEBkdMgPP2zrKwJpvf++zm9grfamjUA=="}';
