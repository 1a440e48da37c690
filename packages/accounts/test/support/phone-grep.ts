import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PhoneNumberInput } from '../../src';

/**
 * Finds phone numbers in bytes, in every written form but the masked one:
 * E.164 (+8613800138000), with the country code (8613800138000), national
 * (13800138000), and grouped with spaces, dashes, dots or brackets
 * (138 0013 8000, +86-138-0013-8000, (138) 0013.8000). It reads maximal runs
 * of digits, where those separators join and anything else (a "*" of a mask
 * included) ends a run, and
 * looks for the country-code+national and the national digits in each run:
 * every form above contains one of them once separators are dropped. One
 * pass over the bytes, however many numbers are looked for.
 */
export class PhoneGrep {
  readonly #needles = new Set<string>();
  readonly #lengths = new Set<number>();

  constructor(phones: Iterable<PhoneNumberInput>) {
    for (const phone of phones) {
      for (const needle of [`${phone.countryCode}${phone.nationalNumber}`, phone.nationalNumber]) {
        this.#needles.add(needle);
        this.#lengths.add(needle.length);
      }
    }
  }

  get size(): number {
    return this.#needles.size;
  }

  /** The numbers' digit forms found in the bytes (empty: none). */
  find(bytes: Uint8Array): string[] {
    const found = new Set<string>();
    const shortest = Math.min(...this.#lengths);
    // latin1 maps each byte to one character, so the regex engine (native,
    // fast on megabytes of mostly zeros) finds the runs; a run starts and
    // ends with a digit, separators inside it join.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    for (const match of text.matchAll(/[0-9](?:[0-9 ().-]*[0-9])?/g)) {
      const run = match[0].replace(/[^0-9]/g, '');
      if (run.length < shortest) continue;
      for (const length of this.#lengths) {
        for (let start = 0; start + length <= run.length; start += 1) {
          const window = run.slice(start, start + length);
          if (this.#needles.has(window)) found.add(window);
        }
      }
    }
    return [...found];
  }
}

/** Every regular file under a folder, with its bytes. */
export async function* filesUnder(dir: string): AsyncGenerator<{ file: string; bytes: Buffer }> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else if (entry.isFile()) yield { file, bytes: await readFile(file) };
  }
}
