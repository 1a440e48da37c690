import type { PlatformResult } from './platforms-bench';
import { formatRatio, type Summary } from './stats';

/*
 * BENCHMARKS.md's section on the mini-program platforms' decrypt. Apart from
 * platforms-bench.ts, which run.ts loads only once @phonekit/core is built
 * (this file needs only its types).
 */

/** What the section's heading starts with: BENCH_ONLY=platforms replaces the section from it to the next "## ". */
export const PLATFORMS_HEADING_PREFIX = '## Mini-program platforms';
export const PLATFORMS_HEADING = `${PLATFORMS_HEADING_PREFIX}: QQ, Kuaishou, Douyin and Baidu decrypt per payload, against a bare node:crypto floor`;

/** µs with a precision that suits the size: 8.42, 31.7, 1,204. */
export function formatUs(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const size = Math.abs(value);
  if (size < 10) return value.toFixed(2);
  if (size < 100) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

const spread = (s: Summary, format: (n: number) => string): string => `${format(s.median)} (${format(s.min)} – ${format(s.max)})`;

/** BENCHMARKS.md's platforms section; `provenance` says when and how it was measured. */
export function platformsSection(results: readonly PlatformResult[], rounds: number, minMsPerRound: number, provenance: string): string[] {
  const payloads = results[0]?.payloads ?? 0;
  const lines: string[] = [
    PLATFORMS_HEADING,
    '',
    provenance,
    '',
    `For each platform, ${payloads} distinct payloads made with \`@phonekit/sandbox\`'s encoders (\`encryptQqPhoneData\`, \`encryptKuaishouPhoneData\`, \`encryptDouyinPhoneData\`, \`encryptBaiduPhoneData\`, \`encryptDouyinPhoneNumberInfo\`), each with its own random session_key and iv (the Douyin code flow: one RSA-2048 app key pair, each payload its own ciphertext), distinct mainland numbers; \`bench/src/platforms-bench.ts\`. Both implementations start from the base64 text the server receives and must return the right number (checked for every payload before timing). Within each round, each platform in turn (the order rotating from round to round) runs phonekit and its floor, one whole pass over the payloads at a time, taking turns until ${(minMsPerRound / 1000).toFixed(1)} s have passed (at least one pass each; a turn ends with its pass, so a round runs a little over), who goes first alternating by round; after one warm-up pass of each; ${rounds} rounds, in one process on one thread (the bench process, running \`@phonekit/core\` as built). µs per payload are wall-clock; "vs floor" is taken per round, the floor's µs per payload over phonekit's (phonekit's payloads/s over the floor's, as in the core tables: 1.00x is as fast as the floor); "extra µs" is phonekit's µs per payload minus the floor's, per round. Cells are the median (min – max) over the rounds. Not a target; no figure here is asserted anywhere.`,
    '',
    '| Platform (flow) | Scheme | phonekit µs / payload | node:crypto floor µs / payload | phonekit vs floor | extra µs / payload | phonekit vs floor (CPU) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(`| ${r.platform} | ${r.scheme} | ${spread(r.phonekit.wallUs, formatUs)} | ${spread(r.floor.wallUs, formatUs)} | ${spread(r.ratio, formatRatio)} | ${spread(r.extraUs, formatUs)} | ${spread(r.cpuRatio, formatRatio)} |`);
  }
  lines.push('', 'Implementations measured:', '');
  for (const r of results) {
    lines.push(`- **${r.platform}**: phonekit: ${r.phonekit.description}. Floor: ${r.floor.description}.`);
  }
  const rsa = results.find((r) => r.scheme.startsWith('RSA'));
  // The same JSON, watermark check and normalisation behind AES: what the RSA row's extra holds besides the unpadding.
  const legacy = results.find((r) => r.platform.startsWith('Douyin (legacy'));
  lines.push(
    '',
    'What phonekit does per payload that the AES floors do not: checks the session_key, iv and encryptedData as strict base64 of the right lengths (a clear catalogued error for each), turns every decipher failure into the one error of the platform, checks that the plaintext is a JSON object, and normalises the number with libphonenumber-js (E.164, region, validity); for Baidu it also takes the frame apart without branching on the plaintext (every pad byte compared, the length clamped rather than refused) and checks UTF-8 and the JSON shape before parsing. A single AES decipher of a few blocks is cheap, so these fixed costs are a large share of the total, as in the WeChat table above.',
  );
  if (rsa !== undefined) {
    const checks = legacy === undefined ? '' : ` Of that extra, about ${formatUs(legacy.extraUs.median)} µs is what the Douyin legacy row's extra also holds (the same JSON, the watermark check, the normalisation), so the unpadding accounts for about ${formatUs(rsa.extraUs.median - legacy.extraUs.median)} µs of it (a difference of medians from different rows: an estimate).`;
    lines.push(
      '',
      `The Douyin code flow is different: the RSA-2048 private-key operation is most of the time on both sides (the floor's ${formatUs(rsa.floor.wallUs.median)} µs per payload is almost all \`privateDecrypt\`). **phonekit's extra ${formatUs(rsa.extraUs.median)} µs per payload there (median) is mostly the price of an unpadding that is not a padding oracle**: the floor's naive unpad exits early on bad padding, which is the timing signal the Marvin attack (CVE-2023-46809) uses to decrypt ciphertexts with enough queries, and the reason Node refuses RSA_PKCS1_PADDING in \`privateDecrypt\`; phonekit reads every byte of the block with no branch on it, and on bad padding carries on with a synthetic message derived with HMAC-SHA256 from the private exponent and the ciphertext (implicit rejection, as OpenSSL 3.2 and draft-irtf-cfrg-rsa-guidance do), so bad padding and good take the same steps and give the same error. That key derivation (17 HMAC-SHA256 computations) and the byte-by-byte selection run for every payload, good ones included.${checks} The floor's naive unpad is here only as the floor: it should not read ciphertexts anyone could choose.`,
    );
  }
  return lines;
}
