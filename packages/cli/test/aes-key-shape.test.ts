import { randomBytes } from 'node:crypto';
import { loadAesKeyArgument } from '../src/lib/alipay-key-arguments';
import { base64Problem } from '../src/lib/base64-shape';
import { EXIT_CODES } from '../src/lib/exit-codes';
import { runPhonekit } from './support/run';

// What `phonekit doctor --aes-key X` (and every command taking --aes-key)
// says about a key that is not base64: exactly what is wrong with it, never
// "URL-safe" for text that holds no - or _ (issue 11: "hello" was called
// URL-safe), and never the key itself.

/** A seeded generator (mulberry32): the same strings every run, so a failure can be re-run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomStrings(seed: number, alphabet: string, count: number, maxLength: number): string[] {
  const next = seeded(seed);
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(next() * maxLength);
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)] ?? 'A').join('');
  });
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ALL_BASE64_CHARS = `${ALPHANUMERIC}+/-_=`;

async function aesKeyLine(text: string): Promise<{ code: number | null; line: string }> {
  const result = await runPhonekit(['doctor', `--aes-key=${text}`]);
  const line = result.stdout.split('\n').find((l) => l.startsWith('✘ AES key') || l.startsWith('✔ AES key')) ?? '';
  return { code: result.code, line };
}

describe('the AES key diagnosis', () => {
  it('never calls random alphanumeric text URL-safe, and says what is wrong with each one that is no key (300 strings)', async () => {
    const wrong: { text: string; line: string }[] = [];
    for (const text of randomStrings(11, ALPHANUMERIC, 300, 40)) {
      const { code, line } = await aesKeyLine(text);
      const loads = loadAesKeyArgument(text).ok;
      const fine = loads ? line.startsWith('✔ AES key (--aes-key): AES-') : code === EXIT_CODES.rejected && line.startsWith('✘ AES key (--aes-key): The AES key ');
      if (/URL-safe/.test(line) || !fine || (!loads && /not base64 \(\d+ characters\)/.test(line))) wrong.push({ text, line });
    }
    expect(wrong).toEqual([]);
  });

  it('mentions the URL-safe alphabet only when the text holds - or _, and finds a problem in all that is not base64 (1000 strings over every base64 character)', async () => {
    const wrong: { text: string; line: string }[] = [];
    // A leading "/" would make the value a path (to a file that is not there).
    for (const text of randomStrings(12, ALL_BASE64_CHARS, 1000, 40).map((t) => (t.startsWith('/') ? `A${t}` : t))) {
      const { line } = await aesKeyLine(text);
      const isBase64 = /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0;
      const named = isBase64 ? /^[✔✘] AES key \(--aes-key\): (AES-|The AES key (decodes to|looks like hex))/.test(line) : /^✘ AES key \(--aes-key\): The AES key /.test(line) && base64Problem('The AES key', text) !== undefined;
      if (!named || (/URL-safe/.test(line) && !/[-_]/.test(text)) || /not base64 \(\d+ characters\)/.test(line)) wrong.push({ text, line });
    }
    expect(wrong).toEqual([]);
  });

  it.each(['hello', 'hell_', 'ab-cdefgh', 'aGVsbG8gcGhvbmVraXQh_=='])('says %s (4n+1 characters) is no base64 in either alphabet, even with - or _ in it', async (text) => {
    const { line } = await aesKeyLine(text);
    expect(line).toMatch(/^✘ AES key \(--aes-key\): The AES key is not base64: \d+ characters( before its "=")? is one more than a whole number of 4-character groups, which no base64 text has in either alphabet/);
    if (/[-_]/.test(text)) expect(line).toMatch(/It also holds - or _, of the URL-safe alphabet, but no alphabet fixes the length/);
    else expect(line).not.toMatch(/URL-safe/);
  });

  const key = randomBytes(16).toString('base64').replace(/[+/]/g, 'A');
  const withPlus = `${key.slice(0, 5)}+${key.slice(6)}`;
  const body = key.replace(/=+$/, '');
  it.each<[string, string, RegExp]>([
    ['in double quotes', `"${key}"`, /^The AES key is in quotes: give only the text between them\./],
    ['in single quotes', `'${key}'`, /^The AES key is in quotes/],
    ['an env line pasted whole', `ALIPAY_AES_KEY=${key}`, /^The AES key starts with "ALIPAY_AES_KEY=": that is a line of an env file; give only what follows the "="\./],
    ['an exported env line', `export ALIPAY_AES_KEY=${key}`, /^The AES key starts with "ALIPAY_AES_KEY="/],
    ['URL-encoded', `${body}%3D%3D`, /^The AES key is URL-encoded \(it holds %2B, %2F or %3D\): decode it first/],
    ['a full-width "=" (Chinese input method)', `${body}＝＝`, /^The AES key holds a non-ASCII character \(U\+FF1D, character 23 of 24\)/],
    ['a zero-width space inside', `${key.slice(0, 8)}\u200b${key.slice(8)}`, /^The AES key holds a non-ASCII character \(U\+200B, character 9 of 25\)/],
    ['a character no base64 has', `${body.slice(0, 10)}!${body.slice(11)}==`, /^The AES key is not base64: it holds "!", which no base64 alphabet has/],
    ['"=" in the middle (two keys joined)', `${key}${key}`, /^The AES key has "=" in the middle \(character 23 of 48\): "=" only ever ends base64, so this is two values joined, or text after it\./],
    ['three "="', `${body}===`, /^The AES key ends in 3 "=": base64 has at most two\./],
    ['the wrong padding', `${body}=`, /^The AES key has the wrong "=" padding: 22 characters take 2 "=", not 1/],
    ['no padding', body, /^The AES key is missing its "=" padding \(22 characters; base64 comes in groups of 4\): add "=="\./],
    ['both alphabets', `${body.slice(0, 4)}+${body.slice(5, 9)}_${body.slice(10)}==`, /^The AES key mixes the standard base64 alphabet \(\+ and \/\) with the URL-safe one \(- and _\)/],
    ['the URL-safe alphabet', `${body.slice(0, 4)}-${body.slice(5)}==`, /^The AES key uses the URL-safe base64 alphabet \(- and _\): write - as \+ and _ as \/, as the console shows it\./],
    ['the URL-safe alphabet without padding', `${body.slice(0, 4)}_${body.slice(5)}`, /^The AES key uses the URL-safe base64 alphabet .*and add its "==" padding/],
    ['a "+" that became a space', withPlus.replace('+', ' '), /^The AES key has spaces where base64 has "\+": something URL-decoded it on the way/],
  ])('names a key %s, through doctor, without printing it', async (_title, text, expected) => {
    const problem = base64Problem('The AES key', text);
    expect(problem).toMatch(expected);
    const { code, line } = await aesKeyLine(text);
    expect(code).toBe(EXIT_CODES.rejected);
    expect(line.startsWith(`✘ AES key (--aes-key): ${problem ?? ''} Copy the whole key from 接口内容加密方式`)).toBe(true);
    expect(line).not.toContain(body.slice(0, 12));
  });

  it('accepts what base64 allows and leaves size and hex to the loader', async () => {
    expect(base64Problem('The AES key', key)).toBeUndefined();
    expect(base64Problem('The AES key', `${key.slice(0, 12)}\n${key.slice(12)}`)).toBeUndefined();
    expect(base64Problem('The encryptedData', body, { paddingOptional: true })).toBeUndefined();
    expect((await aesKeyLine(randomBytes(20).toString('base64'))).line).toMatch(/The AES key decodes to 20 bytes; an AES key has 16, 24 or 32\./);
    expect((await aesKeyLine(randomBytes(16).toString('hex'))).line).toMatch(/looks like hex/);
  });

  it('explains --aes-key the same way in alipay inspect', async () => {
    const result = await runPhonekit(['alipay', 'inspect', '--aes-key', `"${key}"`], { stdin: '{}' });
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout + result.stderr).toMatch(/The AES key is in quotes/);
    expect(result.stdout + result.stderr).not.toContain(body.slice(0, 12));
  });
});
