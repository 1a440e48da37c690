import { ALIPAY_SCENARIOS, ALIPAY_SCENARIO_DESCRIPTIONS, isAlipayScenario } from '../src/alipay-scenarios';

describe('ALIPAY_SCENARIOS', () => {
  test('lists the eleven scenarios in menu order', () => {
    expect(ALIPAY_SCENARIOS).toEqual([
      'success',
      'overseas',
      'empty-mobile',
      'busy',
      'missing-sign-type',
      'missing-encrypt-key',
      'invalid-encrypt',
      'not-authorised',
      'insufficient-permissions',
      'unsigned',
      'tampered-sign',
    ]);
  });

  test('cannot be changed at run time', () => {
    expect(Object.isFrozen(ALIPAY_SCENARIOS)).toBe(true);
    expect(Object.isFrozen(ALIPAY_SCENARIO_DESCRIPTIONS)).toBe(true);
  });
});

describe('isAlipayScenario', () => {
  test.each(ALIPAY_SCENARIOS)('accepts %s', (scenario) => {
    expect(isAlipayScenario(scenario)).toBe(true);
  });

  test.each<unknown>(['SUCCESS', 'success ', '', 'toString', '__proto__', 1, null, undefined, {}, ['success']])(
    'rejects %p',
    (value) => {
      expect(isAlipayScenario(value)).toBe(false);
    },
  );
});

describe('ALIPAY_SCENARIO_DESCRIPTIONS', () => {
  test('describes exactly the scenarios, in the same order', () => {
    expect(Object.keys(ALIPAY_SCENARIO_DESCRIPTIONS)).toEqual([...ALIPAY_SCENARIOS]);
  });

  test.each(ALIPAY_SCENARIOS)('gives %s one English line ending in a full stop', (scenario) => {
    const description = ALIPAY_SCENARIO_DESCRIPTIONS[scenario];
    expect(description).toMatch(/^[A-Z][^\n]{10,120}\.$/);
    expect(description).toMatch(/^[\x20-\x7e]+$/);
  });
});
