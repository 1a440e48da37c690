// Issue 12, point 4: an unsigned body is the sender's own text. Alipay sends
// its 40001 unsigned (the app has no keys for it to sign with), so such a body
// is read, and a forger can send one with any sub_msg: what it says is echoed
// back cleaned and capped, never in full, and never decides anything.
import { createCipheriv, randomBytes } from 'node:crypto';
import { PhonekitError, inspectAlipayPhoneResponse, interpretAlipayBody, loadAlipayAesKey, openAlipayPhoneResponse } from '../src';
import { UPSTREAM_TEXT_MAX, echoedUpstream } from '../src/alipay/interpret-body';
import { phonekitErrorFrom } from './support/errors';

const HUGE = 'x'.repeat(36 * 1024);

/** The forged body the probe sent: unsigned, unencrypted, a 36 KB sub_msg. */
const forged40001 = (subMsg: string): string =>
  JSON.stringify({ response: { code: '40001', msg: 'Missing Required Arguments', sub_code: 'isv.missing-encrypt-key', sub_msg: subMsg } });

describe('echoedUpstream', () => {
  test(`caps each field at ${UPSTREAM_TEXT_MAX} characters, the "…" included`, () => {
    const echoed = echoedUpstream({ code: HUGE, msg: HUGE, subCode: HUGE, subMsg: HUGE });
    for (const field of [echoed.code, echoed.msg, echoed.subCode, echoed.subMsg]) {
      expect(field).toBe(`${'x'.repeat(UPSTREAM_TEXT_MAX - 1)}…`);
    }
  });

  test('counts characters, not UTF-16 units: a cut never splits a character', () => {
    const subMsg = echoedUpstream({ code: '40001', subMsg: '😀'.repeat(500) }).subMsg ?? '';
    expect(Array.from(subMsg)).toHaveLength(UPSTREAM_TEXT_MAX);
    expect(subMsg).toBe(`${'😀'.repeat(UPSTREAM_TEXT_MAX - 1)}…`);
  });

  test('keeps text of exactly the cap, and short Chinese text, unchanged', () => {
    const exact = 'y'.repeat(UPSTREAM_TEXT_MAX);
    expect(echoedUpstream({ code: '40001', msg: exact, subMsg: '缺少加密配置' })).toEqual({ code: '40001', msg: exact, subMsg: '缺少加密配置' });
  });

  test('removes control, zero-width and bidi characters, turns tabs and line breaks into spaces, and lone surrogates into U+FFFD', () => {
    const echoed = echoedUpstream({ code: '4000\u00001', subMsg: 'a\r\nb\tc\u0007d\u001be[31m\u202eevil\u200b\u2028\ufeff\u0085\ud800z' });
    expect(echoed).toEqual({ code: '40001', subMsg: 'a  b cde[31mevil\ufffdz' });
  });

  test('gives back no field that was not there', () => {
    expect(echoedUpstream({ code: '20000' })).toEqual({ code: '20000' });
  });
});

describe('an unsigned forged 40001 with a 36 KB sub_msg', () => {
  const app = { aesKey: loadAlipayAesKey(randomBytes(16).toString('base64')) };

  test('is still read as 40001 (how Alipay reports a missing encryption setup), with the sub_msg capped', () => {
    const err = phonekitErrorFrom(() => openAlipayPhoneResponse(forged40001(HUGE), app));
    expect(err.code).toBe('ALIPAY_MISSING_ENCRYPT_KEY');
    expect(err.upstream).toEqual({ code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-encrypt-key', subMsg: `${'x'.repeat(199)}…` });
    expect(JSON.stringify(err).length + err.message.length).toBeLessThan(2000);
  });

  test('the diagnosis repeats none of it beyond the cap', () => {
    const report = inspectAlipayPhoneResponse(forged40001(HUGE), app);
    expect(report.error?.code).toBe('ALIPAY_MISSING_ENCRYPT_KEY');
    expect(report.diagnosis.join('\n')).not.toContain('x'.repeat(UPSTREAM_TEXT_MAX));
  });
});

describe('the code that decides is the one sent, never its cleaned copy', () => {
  test('a code of "10000" with a control character in it is no success', () => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ code: '1000\u00000', mobile: '13811112222' }));
    expect(err.code).toBe('ALIPAY_UPSTREAM_ERROR');
    // Echoed cleaned (the NUL gone), but it was not 10000 when it decided.
    expect(err.upstream?.code).toBe('10000');
    expect(JSON.stringify(err.upstream)).not.toContain('13811112222');
  });

  test('a sub_code with an invisible character is not mapped as the real one', () => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ code: '40003', sub_code: 'isv.invalid-auth-\u200brelations' }));
    expect(err.code).toBe('ALIPAY_UPSTREAM_ERROR');
  });

  test('an unknown answer names what was said, cleaned, in a bounded message', () => {
    const err = phonekitErrorFrom(() => interpretAlipayBody({ code: '40004', msg: `Business\u001b[2J Failed ${HUGE}`, sub_code: 'isv.x', sub_msg: HUGE }));
    expect(err).toBeInstanceOf(PhonekitError);
    expect(err.message).toContain('Alipay answered 40004 Business[2J Failed');
    expect(err.message).not.toContain('\u001b');
    expect(err.message.length).toBeLessThan(400);
  });

  test('an encrypted body says the same through the decryption', () => {
    const key = randomBytes(16);
    const cipher = createCipheriv('aes-128-cbc', key, Buffer.alloc(16));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify({ code: '40001', sub_code: 'isv.missing-encrypt-key', sub_msg: HUGE })), cipher.final()]).toString('base64');
    const err = phonekitErrorFrom(() => openAlipayPhoneResponse(JSON.stringify({ response: ciphertext }), { aesKey: loadAlipayAesKey(key.toString('base64')), allowUnsigned: true }));
    expect(err.code).toBe('ALIPAY_MISSING_ENCRYPT_KEY');
    expect(err.upstream?.subMsg).toHaveLength(UPSTREAM_TEXT_MAX);
  });
});
