import type { AlipayScenario } from './alipay-scenarios';

/** Options for {@link alipayBusinessBody}. */
export interface AlipayBusinessBodyOptions {
  /**
   * The number to put in a success body. Defaults to `13811112222`
   * (`1-1234432112` for `overseas`); ignored by error scenarios and
   * `empty-mobile`.
   */
  mobile?: string;
}

const DEFAULT_MAINLAND_MOBILE = '13811112222';
const DEFAULT_OVERSEAS_MOBILE = '1-1234432112';

type SuccessScenario = 'success' | 'overseas' | 'empty-mobile' | 'unsigned' | 'tampered-sign';
type ErrorScenario = Exclude<AlipayScenario, SuccessScenario>;

// Field order matters: JSON.stringify keeps insertion order, and these are the
// bodies Alipay sends, byte for byte once serialised.
const ERROR_BODIES = {
  busy: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'aop.unknow-error', subMsg: '系统繁忙' },
  'missing-sign-type': {
    code: '40001',
    msg: 'Missing Required Arguments',
    subCode: 'isv.missing-default-signature-type',
    subMsg: '应用未设置默认签名类型',
  },
  'missing-encrypt-key': {
    code: '40001',
    msg: 'Missing Required Arguments',
    subCode: 'isv.missing-encrypt-key',
    subMsg: '缺少加密配置',
  },
  'invalid-encrypt': { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.invalid-encrypt', subMsg: '加密异常' },
  'not-authorised': {
    code: '40003',
    msg: 'Insufficient Conditions',
    subCode: 'isv.invalid-auth-relations',
    subMsg: '无效的授权关系',
  },
  'insufficient-permissions': {
    code: '40006',
    msg: 'Insufficient Permissions',
    subCode: 'isv.insufficient-isv-permissions',
    subMsg: 'ISV权限不足，建议在开发者中心检查对应功能是否已经添加',
  },
} as const satisfies Record<ErrorScenario, Record<string, string>>;

function unknownScenario(scenario: never): never {
  throw new TypeError(`Unknown Alipay scenario: ${String(scenario)}.`);
}

function successBody(mobile: string): Record<string, string> {
  return { code: '10000', msg: 'Success', mobile };
}

/**
 * The plaintext business body Alipay sends for a scenario (what decrypting
 * the `response` ciphertext yields), as a fresh object whose field order is
 * Alipay's. `unsigned` and `tampered-sign` carry an ordinary success body:
 * what is wrong with them is the envelope, not the content.
 *
 * @example
 * ```ts
 * JSON.stringify(alipayBusinessBody('success'));
 * // '{"code":"10000","msg":"Success","mobile":"13811112222"}'
 * alipayBusinessBody('busy').subCode; // 'aop.unknow-error'
 * ```
 */
export function alipayBusinessBody(scenario: AlipayScenario, options: AlipayBusinessBodyOptions = {}): Record<string, string> {
  switch (scenario) {
    case 'success':
    case 'unsigned':
    case 'tampered-sign':
      return successBody(options.mobile ?? DEFAULT_MAINLAND_MOBILE);
    case 'overseas':
      return successBody(options.mobile ?? DEFAULT_OVERSEAS_MOBILE);
    case 'empty-mobile':
      return successBody('');
    case 'busy':
    case 'missing-sign-type':
    case 'missing-encrypt-key':
    case 'invalid-encrypt':
    case 'not-authorised':
    case 'insufficient-permissions':
      return { ...ERROR_BODIES[scenario] };
    default:
      // Unreachable for typed callers; a new scenario without a body fails to compile here.
      return unknownScenario(scenario);
  }
}
