import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateAlipaySandboxKeys, type AlipaySandboxKeys } from '@phonekit/sandbox';
import type { Command } from '../lib/command';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';

export const KEYS_GENERATE_HELP: CommandHelp = {
  name: 'keys generate',
  usage: 'keys generate [--app-id ID] [--bits 2048|3072|4096] [--aes-bytes 16|24|32] [--out DIR] [--force]',
  text: `Usage: phonekit keys generate [--app-id ID] [--bits 2048] [--aes-bytes 16] [--out DIR] [--force]

Makes SANDBOX keys for local development and tests: an RSA key pair standing
in for Alipay's (the private key signs test payloads; real Alipay never gives
it out) and an AES key standing in for the app's 接口内容加密方式 key.
Never use them with real Alipay.

Prints env lines ready for .env:
  ALIPAY_APP_ID=...
  ALIPAY_PUBLIC_KEY=<bare base64 SPKI, as the console shows 支付宝公钥>
  ALIPAY_AES_KEY=<base64>
  ALIPAY_SIGN_TYPE=RSA2
and says where the private key went. Without --out it prints the private
key PEM after them, labelled sandbox only.

Options:
  --app-id ID          the appId to print (default 2021009999000001).
  --bits N             RSA modulus: 2048 (default, as Alipay), 3072 or 4096.
  --aes-bytes N        AES key length: 16 (default, AES-128, as the console), 24 or 32.
  --out DIR            write alipay-private.pem, alipay-public.pem, aes.key and .env
                       into DIR (created if needed; secrets with mode 0600).
  --force              with --out, overwrite files that already exist.
  -h, --help           show this help.

Exit codes:
  0  keys made (and written).
  2  usage error, or --out files already exist without --force, or DIR cannot be written.
`,
};

const OPTIONS = {
  'app-id': { type: 'string' },
  bits: { type: 'string' },
  'aes-bytes': { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MODULUS_LENGTHS = [2048, 3072, 4096] as const;
const AES_KEY_BYTES = [16, 24, 32] as const;

function pick<T extends number>(allowed: readonly T[], text: string | undefined, fallback: T): T | undefined {
  if (text === undefined) return fallback;
  return allowed.find((n) => String(n) === text.trim());
}

function envLines(keys: AlipaySandboxKeys): string {
  return [
    `ALIPAY_APP_ID=${keys.appId}`,
    `ALIPAY_PUBLIC_KEY=${keys.publicKeyBase64}`,
    `ALIPAY_AES_KEY=${keys.aesKeyBase64}`,
    'ALIPAY_SIGN_TYPE=RSA2',
    '',
  ].join('\n');
}

const SANDBOX_BANNER = '# phonekit sandbox keys: SANDBOX ONLY, for local development and tests. Never use them with real Alipay.\n';

interface OutputFile {
  readonly name: string;
  readonly content: string;
  readonly mode: number;
}

function writeKeyFiles(dir: string, keys: AlipaySandboxKeys, force: boolean): string | undefined {
  const files: readonly OutputFile[] = [
    { name: 'alipay-private.pem', content: keys.privateKeyPem, mode: 0o600 },
    { name: 'alipay-public.pem', content: keys.publicKeyPem, mode: 0o644 },
    { name: 'aes.key', content: `${keys.aesKeyBase64}\n`, mode: 0o600 },
    { name: '.env', content: SANDBOX_BANNER + envLines(keys), mode: 0o600 },
  ];
  const existing = files.filter((f) => existsSync(join(dir, f.name))).map((f) => f.name);
  if (existing.length > 0 && !force) return `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}: pass --force to overwrite.`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const file of files) {
      const path = join(dir, file.name);
      writeFileSync(path, file.content, { mode: file.mode });
      // writeFileSync's mode applies only to new files; make overwritten ones match.
      chmodSync(path, file.mode);
    }
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'error';
    return `cannot write into ${dir}: ${code}.`;
  }
  return undefined;
}

/** `phonekit keys generate`: sandbox keys for local development, printed and optionally written. */
export const keysGenerate: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, KEYS_GENERATE_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, KEYS_GENERATE_HELP);
  const modulusLength = pick(MODULUS_LENGTHS, options.bits, 2048);
  if (modulusLength === undefined) return usageError(io, KEYS_GENERATE_HELP, '--bits must be 2048, 3072 or 4096.');
  const aesKeyBytes = pick(AES_KEY_BYTES, options['aes-bytes'], 16);
  if (aesKeyBytes === undefined) return usageError(io, KEYS_GENERATE_HELP, '--aes-bytes must be 16, 24 or 32.');
  const appId = options['app-id']?.trim();
  if (appId === '' || (appId !== undefined && /[\s=#"']/.test(appId))) {
    return usageError(io, KEYS_GENERATE_HELP, '--app-id must be a non-empty id without spaces, quotes, "=" or "#".');
  }
  if (options.force === true && options.out === undefined) return usageError(io, KEYS_GENERATE_HELP, '--force only applies with --out.');

  const keys = generateAlipaySandboxKeys({ appId, modulusLength, aesKeyBytes });

  if (options.out !== undefined) {
    const dir = resolve(options.out);
    const failure = writeKeyFiles(dir, keys, options.force === true);
    if (failure !== undefined) {
      io.stderr(`phonekit keys generate: ${failure}\n`);
      return EXIT_CODES.usage;
    }
    io.stdout(
      `${SANDBOX_BANNER}${envLines(keys)}` +
        `# Private key (sandbox only): ${join(dir, 'alipay-private.pem')} (mode 0600)\n` +
        `# Also written: ${join(dir, 'alipay-public.pem')}, ${join(dir, 'aes.key')}, ${join(dir, '.env')}\n`,
    );
    return EXIT_CODES.ok;
  }

  io.stdout(
    `${SANDBOX_BANNER}${envLines(keys)}\n` +
      '# Private key (sandbox only): not saved anywhere, printed below. It stands in for\n' +
      "# Alipay's own private key and signs test payloads: keep it out of .env and off any server.\n" +
      '# Use --out DIR to write it to a file instead.\n' +
      keys.privateKeyPem,
  );
  return EXIT_CODES.ok;
};
