import { CORE_ERROR_CATALOGUE, normalisePhone, normalisePhoneParts } from '../src';
import { phonekitErrorFrom } from './support/errors';
import { NORMALISE_INVALID_VECTORS, NORMALISE_PARTS_VECTORS, NORMALISE_VECTORS } from './vectors/phone';

describe('normalisePhone', () => {
  test.each(NORMALISE_VECTORS)('normalises $title', ({ input, output }) => {
    expect(normalisePhone(input)).toEqual(output);
  });

  test.each(NORMALISE_INVALID_VECTORS)('refuses $title', ({ input, output }) => {
    const err = phonekitErrorFrom(() => normalisePhone(input));
    expect({ code: err.code, message: err.message }).toEqual({ code: output, message: CORE_ERROR_CATALOGUE.PHONE_INVALID.message });
  });

  test('gives the same E.164 for every way of writing one mainland number', () => {
    const forms = ['13811112222', '+8613811112222', '86-13811112222', '+86-13811112222'];
    expect(new Set(forms.map((form) => normalisePhone(form).e164))).toEqual(new Set(['+8613811112222']));
  });

  test('never puts the number into the error message', () => {
    const err = phonekitErrorFrom(() => normalisePhone('999-13811112222'));
    expect(JSON.stringify(err)).not.toContain('13811112222');
  });
});

describe('normalisePhoneParts', () => {
  test.each(NORMALISE_PARTS_VECTORS)('normalises $title', ({ input, output }) => {
    expect(normalisePhoneParts(input.countryCode, input.nationalNumber)).toMatchObject(output);
  });

  test.each([
    ['a country code that is not digits', 'abc', '13811112222'],
    ['a four-digit country code', '8600', '13811112222'],
    ['a national number that is too short', '86', '12'],
    ['a national number with letters', '86', '1381111222a'],
    ['an unassigned country code', '999', '123456'],
  ])('refuses %s', (_title, countryCode, nationalNumber) => {
    expect(phonekitErrorFrom(() => normalisePhoneParts(countryCode, nationalNumber)).code).toBe('PHONE_INVALID');
  });
});
