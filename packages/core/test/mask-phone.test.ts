import { maskPhone } from '../src';
import { MASK_VECTORS } from './vectors/phone';

describe('maskPhone', () => {
  test.each(MASK_VECTORS)('masks $title', ({ input, output }) => {
    expect(maskPhone(input)).toBe(output);
  });

  test.each(MASK_VECTORS)('always hides part of the number: $title', ({ input }) => {
    const masked = maskPhone(input);
    expect(masked).toContain('*');
    expect(masked).not.toBe(input.trim());
  });

  test('keeps the length of a mainland mobile, so the masked form still looks like one', () => {
    expect(maskPhone('13811112222')).toHaveLength(11);
  });
});
