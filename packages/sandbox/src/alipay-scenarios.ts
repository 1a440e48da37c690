/**
 * Every answer the sandbox can give in place of `my.getPhoneNumber`: the
 * success shapes, each documented upstream error, and the two ways a payload
 * can be untrustworthy (no sign, altered sign).
 *
 * @example
 * ```ts
 * for (const scenario of ALIPAY_SCENARIOS) {
 *   console.log(scenario, ALIPAY_SCENARIO_DESCRIPTIONS[scenario]);
 * }
 * ```
 */
export const ALIPAY_SCENARIOS = Object.freeze([
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
] as const);

/** One of {@link ALIPAY_SCENARIOS}. */
export type AlipayScenario = (typeof ALIPAY_SCENARIOS)[number];

const SCENARIO_SET: ReadonlySet<unknown> = new Set<unknown>(ALIPAY_SCENARIOS);

/**
 * Narrows untrusted input (a query string, a menu choice) to a scenario.
 *
 * @example
 * ```ts
 * const wanted: unknown = req.query.scenario;
 * const scenario = isAlipayScenario(wanted) ? wanted : 'success';
 * ```
 */
export function isAlipayScenario(value: unknown): value is AlipayScenario {
  return SCENARIO_SET.has(value);
}

/**
 * One English line per scenario, for the simulator's menu.
 *
 * @example
 * ```ts
 * ALIPAY_SCENARIO_DESCRIPTIONS['busy']; // 'Alipay is busy (20000 aop.unknow-error): retry later.'
 * ```
 */
export const ALIPAY_SCENARIO_DESCRIPTIONS: Readonly<Record<AlipayScenario, string>> = Object.freeze({
  success: 'A mainland number (10000 Success), encrypted and signed.',
  overseas: 'An overseas number such as 1-1234432112 (10000 Success), encrypted and signed.',
  'empty-mobile': 'The account has no bound phone: 10000 Success with an empty mobile.',
  busy: 'Alipay is busy (20000 aop.unknow-error): retry later.',
  'missing-sign-type': 'The app has no default signature type (40001 isv.missing-default-signature-type).',
  'missing-encrypt-key': 'The app has no AES key (40001 isv.missing-encrypt-key): plain JSON, unencrypted and unsigned.',
  'invalid-encrypt': 'The AES content-encryption setup is wrong (40002 isv.invalid-encrypt).',
  'not-authorised': 'No valid user authorisation (40003 isv.invalid-auth-relations): the user did not consent or it expired.',
  'insufficient-permissions': 'The app lacks the phone-number product (40006 isv.insufficient-isv-permissions).',
  unsigned: 'A success payload with no sign and no sign_type: refuse unless unsigned payloads are allowed.',
  'tampered-sign': 'A success payload whose sign was altered: signature verification must fail.',
});
