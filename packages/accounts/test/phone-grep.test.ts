import { PhoneGrep } from './support/phone-grep';
import { chinaMobile, ukMobile } from './support/phones';

// The at-rest checks are only as good as this scanner: these are its controls.
describe('PhoneGrep (the at-rest scanner of the account suite)', () => {
  const phone = { e164: '+8613912345678', countryCode: '86', nationalNumber: '13912345678' };
  const grep = new PhoneGrep([phone]);

  describe('with a number planted in the bytes', () => {
    test.each([
      ['E.164', 'x+8613912345678y'],
      ['with the country code', '8613912345678'],
      ['national', '{"phone":"13912345678"}'],
      ['grouped with spaces', 'tel: 139 1234 5678.'],
      ['grouped with dashes after the country code', '+86-139-1234-5678'],
      ['with brackets and dots', '(139) 1234.5678'],
      ['inside a longer run of digits', '00013912345678000'],
    ])('finds it written %s', (_form, text) => {
      expect(grep.find(Buffer.from(`\u0000\u0001${text}\u00ff`, 'latin1')).length).toBeGreaterThan(0);
    });
  });

  describe('without the number', () => {
    test.each([
      ['masked', '139****5678'],
      ['another number', '+8613912345679'],
      ['hex of a ciphertext', '\\x01a3f0139c1234'],
    ])('finds nothing in text %s', (_form, text) => {
      expect(grep.find(Buffer.from(text, 'latin1'))).toEqual([]);
    });
  });

  test('looks for many numbers in one pass, in a few megabytes in well under a second', () => {
    const many = new PhoneGrep(Array.from({ length: 500 }, (_, n) => chinaMobile(n)).concat([ukMobile(7)]));
    const bytes = Buffer.alloc(8_000_000, 0);
    bytes.write('07700900007', 7_000_000, 'latin1');
    const started = Date.now();
    expect(many.find(bytes)).toEqual(['7700900007']);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
