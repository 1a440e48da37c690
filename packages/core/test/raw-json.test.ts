import { rawTopLevelMembers } from '../src/lib/raw-json';
import { DUPLICATE_VECTORS, RAW_MEMBER_VECTORS } from './vectors/raw-json';

describe('rawTopLevelMembers', () => {
  test.each(RAW_MEMBER_VECTORS)('finds the raw value text: $title', ({ input, output }) => {
    const { members } = rawTopLevelMembers(input);
    expect(Object.fromEntries([...members].map(([key, member]) => [key, member.raw]))).toEqual(output);
  });

  test.each(RAW_MEMBER_VECTORS)('reports spans that slice back to the raw text: $title', ({ input }) => {
    for (const member of rawTopLevelMembers(input).members.values()) {
      expect(input.slice(member.start, member.end)).toBe(member.raw);
    }
  });

  test.each(RAW_MEMBER_VECTORS)('gives raw text that parses to the same value as JSON.parse: $title', ({ input }) => {
    const parsed = JSON.parse(input) as Record<string, unknown>;
    for (const [key, member] of rawTopLevelMembers(input).members) {
      expect(JSON.parse(member.raw)).toEqual(parsed[key]);
    }
  });

  test.each(DUPLICATE_VECTORS)('reports top-level duplicates: $title', ({ input, output }) => {
    expect(rawTopLevelMembers(input).duplicates).toEqual(output);
  });

  test('keeps the last of repeated members, as JSON.parse does', () => {
    expect(rawTopLevelMembers('{"response":"a","response":"b"}').members.get('response')?.raw).toBe('"b"');
  });

  test.each([['[]'], ['"text"'], ['42'], ['null']])('throws a SyntaxError for the non-object %s', (text) => {
    expect(() => rawTopLevelMembers(text)).toThrow(SyntaxError);
  });

  test('throws a SyntaxError for an unterminated string', () => {
    expect(() => rawTopLevelMembers('{"a":"never closed}')).toThrow(SyntaxError);
  });
});
