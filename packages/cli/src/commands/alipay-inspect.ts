import { parseArgs } from 'node:util';
import {
  PhonekitError,
  inspectAlipayPhoneResponse,
  parseAlipayPhoneResponse,
  toPhoneJson,
  type AlipayAesKey,
  type AlipayInspection,
  type AlipayPublicKey,
  type PhoneJson,
  type CoreErrorCode,
  type SignatureStatus,
} from '@phonekit/core';
import { loadAesKeyArgument, loadPublicKeyArgument, readSignType } from '../lib/alipay-key-arguments';
import type { Command } from '../lib/command';
import { EXIT_CODES, type ExitCode } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';
import { errorJson, printJson, type ErrorJson } from '../lib/print';
import { readInput } from '../lib/read-stdin';

export const ALIPAY_INSPECT_HELP: CommandHelp = {
  name: 'alipay inspect',
  usage: 'alipay inspect [--aes-key KEY] [--public-key KEY] [--sign-type RSA2|RSA] [--allow-unsigned] < response.json',
  text: `Usage: phonekit alipay inspect [options] < response.json

Reads what my.getPhoneNumber gave the mini-program (the res.response string,
a {"response": "..."} wrapper, or the button event's {encryptedData, sign})
on stdin, verifies the signature, decrypts it and prints ONE JSON object:

  {"signature": "valid" | "invalid" | "absent" | "unchecked",
   "encrypted": true | false,
   "body": <the decrypted business JSON, or null>,
   "phone": {mobile, countryCode, nationalNumber, e164, masked, valid, region},  (when there is one)
   "error": {code, message, hint, hintZh, upstream?},                          (when something failed)
   "diagnosis": ["...", ...]}

Options:
  --aes-key KEY        the AES key under 接口内容加密方式 (base64, @file or a path).
                       Needed unless the response is unencrypted.
  --public-key KEY     the Alipay public key (支付宝公钥): bare base64, a PEM, or in
                       certificate mode alipayCertPublicKey_RSA2.crt; as text,
                       @file or a path. Needed to check a signature.
  --sign-type TYPE     the signing method set in the console: RSA2 (default) or RSA.
  --allow-unsigned     accept a payload without sign (development only).
  -h, --help           show this help.

A PEM starts with dashes: pass it as @file, or as --public-key="$(cat key.pem)".

Exit codes:
  0  the signature is valid (or absent with --allow-unsigned) and the body was
     read. The body may still be an Alipay error (40003...): see "error".
  1  the payload was rejected: invalid or missing signature, undecryptable,
     malformed, unencrypted phone number.
  2  usage or key error: bad option, unusable --aes-key or --public-key (the
     JSON says why), a key needed for this payload not given, empty stdin.

Example:
  phonekit alipay inspect --aes-key @aes.key --public-key @alipay-public.pem < response.json
`,
};

const OPTIONS = {
  'aes-key': { type: 'string' },
  'public-key': { type: 'string' },
  'sign-type': { type: 'string' },
  'allow-unsigned': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What `alipay inspect` prints. */
export interface InspectJson {
  readonly signature: SignatureStatus;
  readonly encrypted: boolean;
  readonly body: Record<string, unknown> | null;
  readonly phone?: PhoneJson;
  readonly error?: ErrorJson;
  readonly diagnosis: readonly string[];
}


// Errors that mean "the keys given cannot be used" rather than "the payload is bad".
const KEY_ERROR_CODES: ReadonlySet<CoreErrorCode> = new Set<CoreErrorCode>(['PUBLIC_KEY_MISSING', 'AES_KEY_MISSING', 'AES_KEY_INVALID', 'PUBLIC_KEY_INVALID']);
// The body was decrypted but phonekit refuses it as a payload.
const REFUSED_BODY_CODES: ReadonlySet<CoreErrorCode> = new Set<CoreErrorCode>(['SIGNATURE_MISSING', 'NOT_ENCRYPTED']);

function isEncrypted(input: string): boolean {
  try {
    return parseAlipayPhoneResponse(input).encrypted;
  } catch {
    return false;
  }
}

/** The report for a run that stopped before inspecting: unusable keys, empty input. */
function stoppedEarly(input: string, error: PhonekitError, diagnosis: readonly string[]): InspectJson {
  return { signature: 'unchecked', encrypted: isEncrypted(input), body: null, error: errorJson(error), diagnosis };
}

function exitCodeOf(report: AlipayInspection, allowUnsigned: boolean): ExitCode {
  if (report.error !== undefined && KEY_ERROR_CODES.has(report.error.code)) return EXIT_CODES.usage;
  const trusted = report.signature === 'valid' || (report.signature === 'absent' && allowUnsigned);
  const read = report.body !== undefined && (report.error === undefined || !REFUSED_BODY_CODES.has(report.error.code));
  return trusted && read ? EXIT_CODES.ok : EXIT_CODES.rejected;
}

/** Lines only the CLI can add: which option would have helped. */
function cliAdvice(report: AlipayInspection, given: { publicKey: boolean; aesKey: boolean; allowUnsigned: boolean }): string[] {
  const advice: string[] = [];
  if (report.error?.code === 'PUBLIC_KEY_MISSING' && !given.publicKey) {
    advice.push('Pass --public-key with the Alipay public key (支付宝公钥) to check the signature.');
  } else if (report.error?.code === 'AES_KEY_MISSING' && !given.aesKey) {
    advice.push('Pass --aes-key with the AES key under 接口内容加密方式 to decrypt the response.');
  }
  if (report.signature === 'absent' && !given.allowUnsigned) {
    advice.push('The payload is unsigned: pass --allow-unsigned to accept it (development only).');
  }
  return advice;
}

/** `phonekit alipay inspect`: verify, decrypt and explain one my.getPhoneNumber payload. */
export const alipayInspect: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, ALIPAY_INSPECT_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, ALIPAY_INSPECT_HELP);
  const signType = options['sign-type'] === undefined ? 'RSA2' : readSignType(options['sign-type']);
  if (signType === undefined) return usageError(io, ALIPAY_INSPECT_HELP, '--sign-type must be RSA2 or RSA.');
  const allowUnsigned = options['allow-unsigned'] === true;

  const input = await readInput(io);

  const keyErrors: PhonekitError[] = [];
  const diagnosis: string[] = [];
  let publicKey: AlipayPublicKey | undefined;
  let aesKey: AlipayAesKey | undefined;
  if (options['public-key'] !== undefined) {
    const loaded = loadPublicKeyArgument(options['public-key']);
    if (loaded.ok) publicKey = loaded.value;
    else {
      keyErrors.push(loaded.error);
      diagnosis.push(`--public-key: ${loaded.error.message}`);
    }
  }
  if (options['aes-key'] !== undefined) {
    const loaded = loadAesKeyArgument(options['aes-key']);
    if (loaded.ok) aesKey = loaded.value;
    else {
      keyErrors.push(loaded.error);
      diagnosis.push(`--aes-key: ${loaded.error.message}`);
    }
  }
  const firstKeyError = keyErrors[0];
  if (firstKeyError !== undefined) {
    printJson(io, stoppedEarly(input, firstKeyError, [...diagnosis, 'Fix the key and run again; the payload was not inspected.']));
    return EXIT_CODES.usage;
  }
  if (input === '') {
    const error = new PhonekitError('PAYLOAD_MALFORMED', { message: 'Nothing arrived on stdin.' });
    printJson(io, stoppedEarly(input, error, ['Nothing arrived on stdin: pipe res.response into the command, e.g. phonekit alipay inspect --aes-key @aes.key --public-key @alipay-public.pem < response.json']));
    return EXIT_CODES.usage;
  }

  const report = inspectAlipayPhoneResponse(input, { publicKey, aesKey, signType, allowUnsigned });
  const advice = cliAdvice(report, { publicKey: publicKey !== undefined, aesKey: aesKey !== undefined, allowUnsigned });
  const out: InspectJson = {
    signature: report.signature,
    encrypted: report.encrypted,
    body: report.body ?? null,
    ...(report.phone === undefined ? {} : { phone: toPhoneJson(report.phone) }),
    ...(report.error === undefined ? {} : { error: errorJson(report.error) }),
    diagnosis: [...report.diagnosis, ...advice],
  };
  printJson(io, out);
  return exitCodeOf(report, allowUnsigned);
};
