import type { CoreErrorCode, UpstreamError } from '../../src';
import type { Vector } from './vector';

export interface UpstreamOutput {
  readonly code: CoreErrorCode;
  readonly retryable: boolean;
  readonly upstream: UpstreamError;
  /** The exact message, when it is not the catalogue's (an answer phonekit names rather than explains). */
  readonly message?: string;
}

/** Alipay business bodies that are not a phone, and the stable error each becomes. */
export const ALIPAY_UPSTREAM_VECTORS: readonly Vector<Readonly<Record<string, unknown>>, UpstreamOutput>[] = [
  {
    title: '10000 with an empty mobile means no phone is bound',
    input: { code: '10000', msg: 'Success', mobile: '' },
    output: { code: 'NO_PHONE_BOUND', retryable: false, upstream: { code: '10000', msg: 'Success' } },
  },
  {
    title: '20000 aop.unknow-error is Alipay being busy',
    input: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'aop.unknow-error', subMsg: '系统繁忙' },
    output: {
      code: 'ALIPAY_BUSY',
      retryable: true,
      upstream: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'aop.unknow-error', subMsg: '系统繁忙' },
    },
  },
  {
    title: '40001 isv.missing-encrypt-key',
    input: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-encrypt-key', subMsg: '缺少加密配置' },
    output: {
      code: 'ALIPAY_MISSING_ENCRYPT_KEY',
      retryable: false,
      upstream: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-encrypt-key', subMsg: '缺少加密配置' },
    },
  },
  {
    title: '40001 isv.missing-default-signature-type',
    input: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-default-signature-type', subMsg: '缺少默认签名类型' },
    output: {
      code: 'ALIPAY_MISSING_SIGN_TYPE',
      retryable: false,
      upstream: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-default-signature-type', subMsg: '缺少默认签名类型' },
    },
  },
  {
    title: '40002 isv.invalid-encrypt',
    input: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.invalid-encrypt', subMsg: '加密异常' },
    output: {
      code: 'ALIPAY_INVALID_ENCRYPT',
      retryable: false,
      upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.invalid-encrypt', subMsg: '加密异常' },
    },
  },
  {
    title: '40003 isv.invalid-auth-relations',
    input: { code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.invalid-auth-relations', subMsg: '无效的授权关系' },
    output: {
      code: 'ALIPAY_NOT_AUTHORISED',
      retryable: false,
      upstream: { code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.invalid-auth-relations', subMsg: '无效的授权关系' },
    },
  },
  {
    title: '40006 isv.insufficient-isv-permissions',
    input: { code: '40006', msg: 'Insufficient Permissions', subCode: 'isv.insufficient-isv-permissions', subMsg: 'ISV权限不足' },
    output: {
      code: 'ALIPAY_INSUFFICIENT_PERMISSIONS',
      retryable: false,
      upstream: { code: '40006', msg: 'Insufficient Permissions', subCode: 'isv.insufficient-isv-permissions', subMsg: 'ISV权限不足' },
    },
  },
  {
    title: 'an unknown code keeps every upstream field and is named in the message',
    input: { code: '40004', msg: 'Business Failed', subCode: 'isv.something-new', subMsg: '业务处理失败' },
    output: {
      code: 'ALIPAY_UPSTREAM_ERROR',
      retryable: false,
      upstream: { code: '40004', msg: 'Business Failed', subCode: 'isv.something-new', subMsg: '业务处理失败' },
      message: 'Alipay answered 40004 Business Failed with sub_code "isv.something-new" (业务处理失败), which phonekit has no advice for.',
    },
  },
  {
    // The official Node SDK's tests (alipay-sdk-nodejs-all, test/alipay.test.ts) hold this body, signed by Alipay.
    title: 'a 40003 with sub_code isv.decryption-error-unknown is an Alipay-side decryption error, not "user not authorised"',
    input: { code: '40003', msg: 'Insufficient Conditions', sub_code: 'isv.decryption-error-unknown', sub_msg: '解密出错, 未知错误' },
    output: {
      code: 'ALIPAY_DECRYPTION_ERROR',
      retryable: false,
      upstream: { code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.decryption-error-unknown', subMsg: '解密出错, 未知错误' },
    },
  },
  {
    // 公共错误码 lists isv.decryption-error-unknown under 40002.
    title: 'a 40002 with sub_code isv.decryption-error-unknown is the same Alipay-side decryption error',
    input: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.decryption-error-unknown', subMsg: '解密出错，未知异常' },
    output: {
      code: 'ALIPAY_DECRYPTION_ERROR',
      retryable: false,
      upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.decryption-error-unknown', subMsg: '解密出错，未知异常' },
    },
  },
  {
    title: 'a 40001 other than isv.missing-encrypt-key is not taken for a missing signature type',
    input: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-signature-key', subMsg: '缺少签名配置' },
    output: {
      code: 'ALIPAY_UPSTREAM_ERROR',
      retryable: false,
      upstream: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-signature-key', subMsg: '缺少签名配置' },
      message: 'Alipay answered 40001 Missing Required Arguments with sub_code "isv.missing-signature-key" (缺少签名配置), which phonekit has no advice for.',
    },
  },
  {
    title: 'a 40001 without a sub_code is named, not guessed (it has two documented meanings)',
    input: { code: '40001', msg: 'Missing Required Arguments' },
    output: {
      code: 'ALIPAY_UPSTREAM_ERROR',
      retryable: false,
      upstream: { code: '40001', msg: 'Missing Required Arguments' },
      message: 'Alipay answered 40001 Missing Required Arguments without a sub_code, which phonekit has no advice for.',
    },
  },
  {
    title: 'a 40003 with an unknown sub_code names it and does not send the user to the consent button',
    input: { code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.brand-new-condition' },
    output: {
      code: 'ALIPAY_UPSTREAM_ERROR',
      retryable: false,
      upstream: { code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.brand-new-condition' },
      message: 'Alipay answered 40003 Insufficient Conditions with sub_code "isv.brand-new-condition", which phonekit has no advice for.',
    },
  },
  {
    title: 'a 40006 isv.insufficient-user-permissions is not the ISV permission fix',
    input: { code: '40006', msg: 'Insufficient Permissions', subCode: 'isv.insufficient-user-permissions', subMsg: '用户权限不足' },
    output: {
      code: 'ALIPAY_UPSTREAM_ERROR',
      retryable: false,
      upstream: { code: '40006', msg: 'Insufficient Permissions', subCode: 'isv.insufficient-user-permissions', subMsg: '用户权限不足' },
      message: 'Alipay answered 40006 Insufficient Permissions with sub_code "isv.insufficient-user-permissions" (用户权限不足), which phonekit has no advice for.',
    },
  },
  {
    title: '20000 isp.unknow-error is Alipay being busy too',
    input: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'isp.unknow-error', subMsg: '服务暂不可用' },
    output: {
      code: 'ALIPAY_BUSY',
      retryable: true,
      upstream: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'isp.unknow-error', subMsg: '服务暂不可用' },
    },
  },
  {
    title: 'a 40003 without a sub_code is the documented no-authorisation answer',
    input: { code: '40003', msg: 'Insufficient Conditions' },
    output: { code: 'ALIPAY_NOT_AUTHORISED', retryable: false, upstream: { code: '40003', msg: 'Insufficient Conditions' } },
  },
  {
    title: 'snake_case sub_code and sub_msg are read too',
    input: { code: '40003', msg: 'Insufficient Conditions', sub_code: 'isv.invalid-auth-relations', sub_msg: '无效的授权关系' },
    output: {
      code: 'ALIPAY_NOT_AUTHORISED',
      retryable: false,
      upstream: { code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.invalid-auth-relations', subMsg: '无效的授权关系' },
    },
  },
  {
    title: 'a numeric code is read as its digits',
    input: { code: 20000, msg: 'Service Currently Unavailable' },
    output: { code: 'ALIPAY_BUSY', retryable: true, upstream: { code: '20000', msg: 'Service Currently Unavailable' } },
  },
];
