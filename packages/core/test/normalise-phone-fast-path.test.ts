import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type * as Libphonenumber from 'libphonenumber-js';
import type * as NormalisePhoneModule from '../src/phone/normalise-phone';
import { maskPhone, normalisePhone, normalisePhoneParts, type NormalisedPhone } from '../src';

/**
 * normalisePhone builds mainland mobiles (11 digits, 13x-19x except 179)
 * without running libphonenumber-js's parser. These tests hold that shortcut
 * to what the parser itself says, so a metadata update that changes how +86
 * numbers parse fails here instead of silently changing answers.
 */

/** What normalisePhone gave before the shortcut: the parser's view of +86<digits>. */
function viaParser(mobile: string): NormalisedPhone | 'PHONE_INVALID' {
  const parsed = parsePhoneNumberFromString(`+86${mobile}`) ?? parsePhoneNumberFromString(mobile, 'CN');
  if (parsed === undefined || parsed.countryCallingCode !== '86') return 'PHONE_INVALID';
  return {
    mobile,
    countryCode: parsed.countryCallingCode,
    nationalNumber: parsed.nationalNumber,
    e164: parsed.number,
    region: parsed.country,
    valid: parsed.isValid(),
    masked: maskPhone(mobile),
  };
}

/** What normalisePhoneParts('86', digits) gave before the shortcut: the parser's view of +86<digits>, no default region. */
function viaParserParts(national: string): NormalisedPhone | 'PHONE_INVALID' {
  const parsed = parsePhoneNumberFromString(`+86${national}`);
  if (parsed === undefined || parsed.countryCallingCode !== '86') return 'PHONE_INVALID';
  return {
    mobile: national,
    countryCode: parsed.countryCallingCode,
    nationalNumber: parsed.nationalNumber,
    e164: parsed.number,
    region: parsed.country,
    valid: parsed.isValid(),
    masked: maskPhone(national),
  };
}

function viaParts(national: string): NormalisedPhone | 'PHONE_INVALID' {
  try {
    return normalisePhoneParts('86', national);
  } catch {
    return 'PHONE_INVALID';
  }
}

function viaNormalise(mobile: string): NormalisedPhone | 'PHONE_INVALID' {
  try {
    return normalisePhone(mobile);
  } catch {
    return 'PHONE_INVALID';
  }
}

const digits = (length: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), { minLength: length, maxLength: length }).map((d) => d.join(''));

describe('normalisePhone on mainland mobiles', () => {
  test('agrees with the libphonenumber-js parser for every three-digit prefix from 100 to 199', () => {
    for (let prefix = 100; prefix <= 199; prefix++) {
      for (const rest of ['00000000', '11112222', '12345678', '87654321', '99999999', '50013000']) {
        const mobile = `${prefix}${rest}`;
        expect({ mobile, result: viaNormalise(mobile) }).toEqual({ mobile, result: viaParser(mobile) });
      }
    }
  });

  test('agrees with the libphonenumber-js parser on arbitrary 11-digit numbers starting with 1', () => {
    fc.assert(
      fc.property(digits(10), (rest) => {
        const mobile = `1${rest}`;
        expect(viaNormalise(mobile)).toEqual(viaParser(mobile));
      }),
      { numRuns: 2000 },
    );
  });

  test('agrees with the libphonenumber-js parser on the carrier-code prefixes it strips (11x, 12x, 179)', () => {
    fc.assert(
      fc.property(fc.constantFrom('11', '12', '179'), digits(9), (prefix, rest) => {
        const mobile = `${prefix}${rest}`.slice(0, 11);
        expect(viaNormalise(mobile)).toEqual(viaParser(mobile));
      }),
      { numRuns: 500 },
    );
  });

  test('normalisePhoneParts(86, ...) agrees with the parser on arbitrary 11-digit numbers starting with 1 (WeChat phone_info)', () => {
    fc.assert(
      fc.property(digits(10), fc.constantFrom('86', '+86', 86), (rest, cc) => {
        const national = `1${rest}`;
        const expected = viaParserParts(national);
        expect(viaParts(national)).toEqual(expected);
        if (expected !== 'PHONE_INVALID') expect(normalisePhoneParts(cc, national)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  test('reports the region CN and a valid number for a common mobile', () => {
    expect(normalisePhone('13811112222')).toEqual({
      mobile: '13811112222',
      countryCode: '86',
      nationalNumber: '13811112222',
      e164: '+8613811112222',
      region: 'CN',
      valid: true,
      masked: '138****2222',
    });
  });
});

describe('when the metadata stops holding every mainland mobile valid', () => {
  it('asks libphonenumber-js about each number again', () => {
    // The same library, except that it now holds 170xxxxxxxx invalid: the one-time check must notice and send every number through it.
    jest.isolateModules(() => {
      jest.doMock('libphonenumber-js', () => {
        const real = jest.requireActual<typeof Libphonenumber>('libphonenumber-js');
        const stricter = <T extends { isValid(): boolean; nationalNumber: string }>(parsed: T): T => {
          if (parsed.nationalNumber.startsWith('170')) parsed.isValid = () => false;
          return parsed;
        };
        class PhoneNumber extends real.PhoneNumber {
          override isValid(): boolean {
            return !this.nationalNumber.startsWith('170') && super.isValid();
          }
        }
        return {
          ...real,
          PhoneNumber,
          parsePhoneNumberFromString: (...args: Parameters<typeof real.parsePhoneNumberFromString>) => {
            const parsed = real.parsePhoneNumberFromString(...args);
            return parsed === undefined ? undefined : stricter(parsed);
          },
        };
      });
      const isolated = jest.requireActual<typeof NormalisePhoneModule>('../src/phone/normalise-phone');
      expect(isolated.normalisePhone('17012345678')).toMatchObject({ e164: '+8617012345678', region: 'CN', valid: false });
      expect(isolated.normalisePhone('13811112222')).toMatchObject({ e164: '+8613811112222', region: 'CN', valid: true });
    });
  });
});
