import { alipayBusinessBody } from '../src/alipay-business-body';
import { ALIPAY_SCENARIOS, type AlipayScenario } from '../src/alipay-scenarios';

// The bodies as Alipay serialises them, field order included.
const EXPECTED_BODIES: Record<AlipayScenario, string> = {
  success: '{"code":"10000","msg":"Success","mobile":"13811112222"}',
  overseas: '{"code":"10000","msg":"Success","mobile":"1-1234432112"}',
  'empty-mobile': '{"code":"10000","msg":"Success","mobile":""}',
  busy: '{"code":"20000","msg":"Service Currently Unavailable","subCode":"aop.unknow-error","subMsg":"系统繁忙"}',
  'missing-sign-type':
    '{"code":"40001","msg":"Missing Required Arguments","subCode":"isv.missing-default-signature-type","subMsg":"应用未设置默认签名类型"}',
  'missing-encrypt-key':
    '{"code":"40001","msg":"Missing Required Arguments","subCode":"isv.missing-encrypt-key","subMsg":"缺少加密配置"}',
  'invalid-encrypt': '{"code":"40002","msg":"Invalid Arguments","subCode":"isv.invalid-encrypt","subMsg":"加密异常"}',
  'not-authorised':
    '{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}',
  'insufficient-permissions':
    '{"code":"40006","msg":"Insufficient Permissions","subCode":"isv.insufficient-isv-permissions","subMsg":"ISV权限不足，建议在开发者中心检查对应功能是否已经添加"}',
  unsigned: '{"code":"10000","msg":"Success","mobile":"13811112222"}',
  'tampered-sign': '{"code":"10000","msg":"Success","mobile":"13811112222"}',
};

describe('alipayBusinessBody', () => {
  test.each(ALIPAY_SCENARIOS)('serialises the %s body exactly as Alipay does', (scenario) => {
    expect(JSON.stringify(alipayBusinessBody(scenario))).toBe(EXPECTED_BODIES[scenario]);
  });

  test.each(['success', 'overseas', 'unsigned', 'tampered-sign'] as const)('puts the given mobile in the %s body', (scenario) => {
    expect(alipayBusinessBody(scenario, { mobile: '86-13900001111' }).mobile).toBe('86-13900001111');
  });

  test.each(['empty-mobile', 'busy', 'not-authorised'] as const)('ignores a given mobile for %s', (scenario) => {
    expect(JSON.stringify(alipayBusinessBody(scenario, { mobile: '13900001111' }))).toBe(EXPECTED_BODIES[scenario]);
  });

  test('returns a fresh object, so a caller editing one body does not change the next', () => {
    const first = alipayBusinessBody('busy');
    first['subMsg'] = 'changed';
    expect(alipayBusinessBody('busy')['subMsg']).toBe('系统繁忙');
  });

  test('rejects an unknown scenario', () => {
    expect(() => alipayBusinessBody(String('nope') as AlipayScenario)).toThrow(TypeError);
  });
});
