import type { CoreErrorCode, UpstreamError } from '../../src';
import type { Vector } from './vector';

export interface UpstreamOutput {
  readonly code: CoreErrorCode;
  readonly retryable: boolean;
  readonly upstream: UpstreamError;
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
    title: 'an unknown code keeps every upstream field',
    input: { code: '40004', msg: 'Business Failed', subCode: 'isv.something-new', subMsg: '业务处理失败' },
    output: {
      code: 'ALIPAY_UPSTREAM_ERROR',
      retryable: false,
      upstream: { code: '40004', msg: 'Business Failed', subCode: 'isv.something-new', subMsg: '业务处理失败' },
    },
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
