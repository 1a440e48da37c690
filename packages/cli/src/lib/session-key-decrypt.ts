import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PhonekitError, normalisePhone, normalisePhoneParts, type CoreErrorCode } from '@phonekit/core';
import { KeyFileError, readKeyText } from '@phonekit/express';
import { base64Problem } from './base64-shape';
import { CLI_HINTS, type CliHint } from './cli-hints';
import type { Command, CommandIo } from './command';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from './options';
import { printJson } from './print';
import { readInput } from './read-stdin';

/**
 * `phonekit <platform> decrypt`, once for every platform whose mini-program
 * encrypts button-event data under the user's session_key (WeChat, QQ,
 * Kuaishou, Douyin's legacy flow, Baidu): the same flags, stdin, errors,
 * exit codes and "no phone in it" note; what differs (the cipher, the key
 * size, what the watermark is checked against, core's function and codes)
 * is a SessionKeyPlatform.
 */

/** What a platform's decrypting function is given. */
export interface SessionKeyDecryptInput {
  readonly encryptedData: string;
  readonly iv: string;
  readonly sessionKey: string;
  /** The value of the owner option (--app-id, or Baidu's --app-key): what the watermark must equal. Empty when not given (only where it is not checked). */
  readonly owner: string;
  /** Only for platforms with `maxAge`. */
  readonly maxAgeSeconds: number | undefined;
}

/** Where a phone number sits in the decrypted object. */
export type PhoneShape =
  /** `purePhoneNumber` and `countryCode`, as WeChat's getPhoneNumber data has them (and QQ, Douyin copy). */
  | 'parts'
  /** A `phoneNumber`, with `countryCode` or alone (a mainland or `+<code>` number), as Kuaishou's SDKs read it. */
  | 'phoneNumber'
  /** A single `mobile`, `13811112222` or `1-1234432112`. */
  | 'mobile';

/** One platform's `decrypt` command: the differences, and core's function and codes. */
export interface SessionKeyPlatform {
  /** The command's first word: `qq` for `phonekit qq decrypt`. */
  readonly word: string;
  /**
   * The option the watermark is checked against, and its help line. Where
   * the data carries nothing to check it against (`checked: false`), it is
   * optional and handed to core as given, for the same command line.
   */
  readonly owner: { readonly option: 'app-id' | 'app-key'; readonly help: string; readonly checked: boolean };
  /** Where the session_key comes from, for the help (`jscode2session`). */
  readonly login: string;
  /** Decoded size of the session_key: 16 (AES-128) or 24 (Baidu's AES-192). */
  readonly sessionKeyBytes: number;
  /** Whether the data carries watermark.timestamp, so --max-age can refuse old data. */
  readonly maxAge: boolean;
  /** The help between the usage line and "stdin holds": what the command decrypts and what it prints. */
  readonly about: string;
  /** Ends the "no phone in it" note: which other data is encrypted the same way. */
  readonly sameCipher: string;
  readonly phoneShapes: readonly PhoneShape[];
  /** Core's codes for input that is not of the right shape (told exactly here), and the usual failure (in the help). */
  readonly codes: {
    readonly sessionKeyInvalid: CoreErrorCode;
    readonly ivInvalid: CoreErrorCode;
    readonly encryptedDataInvalid: CoreErrorCode;
    readonly decryptionFailed: CoreErrorCode;
  };
  /** Fixes naming this command's options, where core's speak of the app; CLI_HINTS (cli-hints.ts) and then core's apply otherwise. */
  readonly hints: Readonly<Partial<Record<CoreErrorCode, CliHint>>>;
  /** Core's function: the decrypted object, or a PhonekitError. */
  readonly decrypt: (input: SessionKeyDecryptInput) => Record<string, unknown>;
}

// Prose wraps at 78 columns; option lines may run to 90, as the other commands' do.
const PROSE_WIDTH = 78;
const OPTION_WIDTH = 90;
const OPTION_COLUMN = 25;

/** `first` then `text`, its words wrapped at `width` with the later lines indented to `first`'s length. */
function wrapped(first: string, text: string, width = PROSE_WIDTH): string {
  const indent = ' '.repeat(first.length);
  const lines: string[] = [];
  let line = first.endsWith(' ') ? first : `${first} `;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = empty ? `${line}${word}` : `${line} ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

const optionLine = (flag: string, text: string): string => wrapped(`  ${flag}`.padEnd(OPTION_COLUMN), text, OPTION_WIDTH);
const ownerPlaceholder = (platform: SessionKeyPlatform): string => (platform.owner.option === 'app-id' ? 'ID' : 'KEY');

/** The command's usage line and help, from what differs between platforms. */
export function sessionKeyDecryptHelp(platform: SessionKeyPlatform): CommandHelp {
  const ownerFlag = `--${platform.owner.option} ${ownerPlaceholder(platform)}`;
  const owner = platform.owner.checked ? ownerFlag : `[${ownerFlag}]`;
  const maxAge = platform.maxAge ? ' [--max-age SECONDS]' : '';
  const name = `${platform.word} decrypt`;
  const options = [
    optionLine(ownerFlag, platform.owner.help),
    optionLine('--session-key KEY', `the session_key from ${platform.login} (${platform.sessionKeyBytes === 16 ? '' : `${platform.sessionKeyBytes} bytes: `}base64, @file or a path).`),
    optionLine('--iv B64', 'the iv from the button event.'),
    ...(platform.maxAge ? [optionLine('--max-age SECONDS', 'refuse data whose watermark.timestamp is older than this.')] : []),
    optionLine('-h, --help', 'show this help.'),
  ];
  return {
    name,
    usage: `${name} ${owner} --session-key KEY [--iv B64]${maxAge} < encryptedData`,
    text: `Usage: phonekit ${name} ${owner} --session-key KEY --iv B64${maxAge} < encryptedData

${platform.about.trim()}

stdin holds the encryptedData (base64, line breaks and spaces ignored), or
the whole event detail as JSON {"encryptedData": "...", "iv": "..."}, in
which case --iv may be left out.

Options:
${options.join('\n')}

On failure stdout stays empty and stderr gets one line:
  phonekit: ${platform.codes.decryptionFailed}: <message> Hint: <hint>

Exit codes:
${wrapped('  0  ', `decrypted${platform.owner.checked ? `, and made for this app${platform.maxAge ? ' (and recent enough)' : ''}` : ''}; the object is on stdout even when it holds no phone number (stderr says so).`)}
${wrapped('  1  ', `rejected: not base64 of whole AES blocks, cannot be decrypted with this session_key and iv${platform.owner.checked ? ', made for another app' : ''}${platform.maxAge ? ', data too old' : ''}, bad iv.`)}
  2  usage error: missing or bad option, unusable --session-key, empty stdin.
`,
  };
}

/** The fix of a watermark.appid for another app, naming --app-id. */
export const APP_ID_WATERMARK_HINT: CliHint = {
  hint: 'The data was made for the mini-program the message names: give its AppID as --app-id if that app is yours, or decrypt data from the app --app-id names.',
  hintZh: '该数据属于错误信息中所示 appid 的小程序：如果那是你的小程序，请用 --app-id 传入它的 AppID；否则请解密 --app-id 所指小程序的数据。',
};

/** The fix of data older than --max-age allows. */
export const MAX_AGE_HINT: CliHint = {
  hint: 'Its watermark.timestamp is older than --max-age allows: leave out --max-age (or raise it) to read it anyway; a fresh button event passes.',
  hintZh: '数据的 watermark.timestamp 超过了 --max-age 允许的时长：去掉 --max-age（或调大）即可读取；新的按钮事件数据可以通过。',
};

/**
 * The fixes of a platform's codes worded for the command line: the
 * session_key and iv options, the owner option on a watermark of another
 * app, and --max-age on old data. `login` names where the session_key comes from.
 */
export function sessionKeyHints(codes: {
  readonly login: string;
  readonly sessionKeyBytes: number;
  readonly sessionKeyInvalid: CoreErrorCode;
  readonly ivInvalid: CoreErrorCode;
  readonly watermarkMismatch?: CoreErrorCode;
  readonly dataExpired?: CoreErrorCode;
}): Partial<Record<CoreErrorCode, CliHint>> {
  const keyChars = Math.ceil(codes.sessionKeyBytes / 3) * 4;
  const hints: Partial<Record<CoreErrorCode, CliHint>> = {
    [codes.sessionKeyInvalid]: {
      hint: `Pass --session-key with the session_key exactly as ${codes.login} returned it (${keyChars} base64 characters), as text, @file or a path.`,
      hintZh: `请用 --session-key 传入 ${codes.login} 返回的 session_key 原文（${keyChars} 个 base64 字符，可直接传文本、@文件或路径）。`,
    },
    [codes.ivInvalid]: {
      hint: 'Pass the iv of the same getPhoneNumber event unchanged: --iv, or the "iv" of the event detail piped on stdin (24 base64 characters).',
      hintZh: '请原样传入同一次 getPhoneNumber 事件的 iv：--iv，或通过 stdin 传入的事件 detail 中的 "iv"（24 个 base64 字符）。',
    },
  };
  if (codes.watermarkMismatch !== undefined) {
    hints[codes.watermarkMismatch] = APP_ID_WATERMARK_HINT;
  }
  if (codes.dataExpired !== undefined) {
    hints[codes.dataExpired] = MAX_AGE_HINT;
  }
  return hints;
}

/** `phonekit: CODE: message Hint: hint`, with the command's own fix where it has one, else CLI_HINTS', else core's. */
export function platformErrorLine(error: PhonekitError, hints: Readonly<Partial<Record<CoreErrorCode, CliHint>>>): string {
  return `phonekit: ${error.code}: ${error.message} Hint: ${hints[error.code]?.hint ?? CLI_HINTS[error.code]?.hint ?? error.hint}\n`;
}

interface EncryptedInput {
  readonly encryptedData: string;
  readonly iv: string | undefined;
}

/** stdin as encryptedData, a JSON string literal of it, or the event detail object (or an event holding it as `detail`). */
function readEncryptedInput(text: string): EncryptedInput | undefined {
  if (!text.startsWith('{') && !text.startsWith('"')) return { encryptedData: text, iv: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value === 'string') return { encryptedData: value, iv: undefined };
  if (typeof value !== 'object' || value === null) return undefined;
  const detail = 'detail' in value && typeof value.detail === 'object' && value.detail !== null ? value.detail : value;
  const encryptedData = 'encryptedData' in detail ? detail.encryptedData : undefined;
  const iv = 'iv' in detail ? detail.iv : undefined;
  if (typeof encryptedData !== 'string') return undefined;
  return { encryptedData, iv: typeof iv === 'string' ? iv : undefined };
}

/** Field names only, never values: enough to tell getUserInfo data from a phone. */
function fieldList(data: Record<string, unknown>): string {
  const names = Object.keys(data).map((name) => name.slice(0, 32));
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
}

const SHAPE_FIELDS: Readonly<Record<PhoneShape, string>> = { parts: 'purePhoneNumber and countryCode', phoneNumber: 'phoneNumber', mobile: 'mobile' };

/** Whether the object has the fields of `shape`, and whether they make a phone number. */
function phoneIn(data: Record<string, unknown>, shape: PhoneShape): 'absent' | 'unreadable' | 'phone' {
  try {
    const countryCode = data['countryCode'];
    const hasCountryCode = typeof countryCode === 'string' || typeof countryCode === 'number';
    if (shape === 'mobile' || shape === 'phoneNumber') {
      const number = data[shape];
      if (typeof number !== 'string' || number === '') return 'absent';
      if (shape === 'phoneNumber' && hasCountryCode && !number.startsWith('+')) normalisePhoneParts(countryCode, number);
      else normalisePhone(number.replace(/\s+/g, ''));
      return 'phone';
    }
    const purePhoneNumber = data['purePhoneNumber'];
    if (typeof purePhoneNumber !== 'string' || !hasCountryCode) return 'absent';
    normalisePhoneParts(countryCode, purePhoneNumber);
    return 'phone';
  } catch {
    return 'unreadable';
  }
}

/**
 * Why the decrypted data is not a phone number, or undefined when it is one.
 * `notPhone` ends the note: what else the data may be.
 */
export function phoneAbsence(data: Record<string, unknown>, shapes: readonly PhoneShape[], notPhone: string): string | undefined {
  const found = shapes.map((shape) => ({ shape, status: phoneIn(data, shape) }));
  if (found.some((f) => f.status === 'phone')) return undefined;
  const unreadable = found.find((f) => f.status === 'unreadable');
  if (unreadable !== undefined) {
    return unreadable.shape === 'parts'
      ? 'decrypted, but its purePhoneNumber and countryCode do not make a phone number phonekit can read.'
      : `decrypted, but its ${unreadable.shape} is not a phone number phonekit can read.`;
  }
  const missing = shapes.map((shape) => SHAPE_FIELDS[shape]).join(', nor ');
  return `decrypted, but there is no phone number in it (no ${missing}; its fields: ${fieldList(data)}). ${notPhone}`;
}

/** What a base64 value holds when it is base64 but of the wrong size. */
function decodedSize(text: string): string {
  return `${Buffer.from(text.replace(/\s+/g, ''), 'base64').length} bytes`;
}

interface GivenInput {
  readonly encryptedData: string;
  readonly iv: string;
  readonly ivFrom: string;
  readonly sessionKey: string;
}

/**
 * Core's refusal of an input's text, told exactly (lib/base64-shape.ts) and
 * naming where the user gave it. Key-dependent failures stay core's.
 */
function explained(err: PhonekitError, platform: SessionKeyPlatform, input: GivenInput): PhonekitError {
  const { codes } = platform;
  if (err.code === codes.encryptedDataInvalid) {
    const problem = base64Problem('The encryptedData', input.encryptedData, { paddingOptional: true });
    return problem === undefined ? err : new PhonekitError(err.code, { message: problem });
  }
  if (err.code === codes.sessionKeyInvalid) {
    const problem = base64Problem('The session_key (--session-key)', input.sessionKey);
    return new PhonekitError(err.code, { message: problem ?? `The session_key (--session-key) decodes to ${decodedSize(input.sessionKey)}, not ${platform.sessionKeyBytes}.` });
  }
  if (err.code === codes.ivInvalid) {
    const problem = base64Problem(`The iv (${input.ivFrom})`, input.iv);
    return new PhonekitError(err.code, { message: problem ?? `The iv (${input.ivFrom}) decodes to ${decodedSize(input.iv)}, not 16.` });
  }
  return err;
}

/** The options this platform's command takes: the owner option, and --max-age only where the data has a timestamp. */
function optionsOf(platform: SessionKeyPlatform): NonNullable<ParseArgsConfig['options']> {
  return {
    [platform.owner.option]: { type: 'string' },
    'session-key': { type: 'string' },
    iv: { type: 'string' },
    ...(platform.maxAge ? { 'max-age': { type: 'string' } } : {}),
    help: { type: 'boolean', short: 'h' },
  };
}

/** Prints the decrypted object, then (on stderr) what it lacks, if it holds no phone. */
export function printDecrypted(io: CommandIo, help: CommandHelp, data: Record<string, unknown>, shapes: readonly PhoneShape[], notPhone: string): ExitCode {
  // Troubleshooting first: whatever it decrypted to is shown, then what it lacks.
  printJson(io, data);
  const absence = phoneAbsence(data, shapes, notPhone);
  if (absence !== undefined) io.stderr(`phonekit ${help.name}: ${absence}\n`);
  return EXIT_CODES.ok;
}

/**
 * The command for one platform: reads the flags and stdin, calls the
 * platform's core function, prints the decrypted object (exit 0) or one
 * error line (exit 1; 2 for an unusable --session-key or a usage error).
 *
 * @example
 * ```ts
 * export const qqDecrypt = sessionKeyDecryptCommand(QQ_PLATFORM);
 * ```
 */
export function sessionKeyDecryptCommand(platform: SessionKeyPlatform): Command {
  const help = sessionKeyDecryptHelp(platform);
  const ownerFlag = `--${platform.owner.option}`;
  const options = optionsOf(platform);
  return async (argv, io) => {
    const parsed = parseOptions(() => parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
    if (!parsed.ok) return usageError(io, help, parsed.message);
    const { values } = parsed.value;
    const text = (name: string): string | undefined => {
      const value = values[name];
      return typeof value === 'string' ? value : undefined;
    };
    if (values.help === true) return printHelp(io, help);
    const owner = text(platform.owner.option)?.trim() ?? '';
    if (owner === '' && platform.owner.checked) return usageError(io, help, `${ownerFlag} is required.`);
    const sessionKeyOption = text('session-key');
    if (sessionKeyOption === undefined) return usageError(io, help, '--session-key is required.');
    let maxAgeSeconds: number | undefined;
    const maxAge = text('max-age')?.trim();
    if (maxAge !== undefined) {
      if (!/^\d{1,10}$/.test(maxAge)) return usageError(io, help, '--max-age must be a whole number of seconds.');
      maxAgeSeconds = Number(maxAge);
    }
    let sessionKey: string;
    try {
      sessionKey = readKeyText(sessionKeyOption).text;
    } catch (err) {
      if (!(err instanceof KeyFileError)) throw err;
      return usageError(io, help, `--session-key: ${err.message}`);
    }

    const stdin = await readInput(io);
    if (stdin === '') return usageError(io, help, 'nothing arrived on stdin: pipe the encryptedData into the command.');
    const input = readEncryptedInput(stdin);
    if (input === undefined) {
      return usageError(io, help, 'stdin must be the encryptedData (base64) or a JSON object {"encryptedData": "...", "iv": "..."}.');
    }
    const ivOption = text('iv');
    const iv = ivOption ?? input.iv;
    if (iv === undefined) return usageError(io, help, '--iv is required (or pipe the event detail with its "iv").');

    let data: Record<string, unknown>;
    try {
      data = platform.decrypt({ encryptedData: input.encryptedData, iv, sessionKey, owner, maxAgeSeconds });
    } catch (err) {
      // Anything but a PhonekitError is a bug in phonekit: main() reports it as an internal error.
      if (!(err instanceof PhonekitError)) throw err;
      const given = { encryptedData: input.encryptedData, iv, ivFrom: ivOption === undefined ? 'the "iv" on stdin' : '--iv', sessionKey };
      io.stderr(platformErrorLine(explained(err, platform, given), platform.hints));
      return err.code === platform.codes.sessionKeyInvalid ? EXIT_CODES.usage : EXIT_CODES.rejected;
    }
    return printDecrypted(io, help, data, platform.phoneShapes, `It is not the encryptedData of a getPhoneNumber button: ${platform.sameCipher}`);
  };
}
