/**
 * Finds phone numbers in text, in every written form but the masked one:
 * E.164 (+8613800138000), with the country code (8613800138000), national
 * (13800138000), and grouped with spaces, dashes, dots or brackets
 * (138 0013 8000, +86-138-0013-8000). It reads the runs of digits that
 * those separators join (a "*" of a mask ends a run) and looks for the
 * country-code+national and the national digits in each.
 */
export function phoneDigitsIn(text: string, phones: ReadonlyArray<{ readonly countryCode: string; readonly nationalNumber: string }>): string[] {
  const needles = new Set(phones.flatMap((phone) => [`${phone.countryCode}${phone.nationalNumber}`, phone.nationalNumber]));
  const found = new Set<string>();
  for (const match of text.matchAll(/[0-9](?:[0-9 ().-]*[0-9])?/g)) {
    const run = match[0].replace(/[^0-9]/g, '');
    for (const needle of needles) if (run.includes(needle)) found.add(needle);
  }
  return [...found];
}
