import { parseArgs } from 'node:util';
import { PhonekitError, decryptWechatEncryptedData, normalisePhoneParts } from '@phonekit/core';
import { KeyFileError, readKeyText } from '@phonekit/express';
import { base64Problem } from '../lib/base64-shape';
import type { Command } from '../lib/command';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';
import { errorLine, printJson } from '../lib/print';
import { readInput } from '../lib/read-stdin';

export const WECHAT_DECRYPT_HELP: CommandHelp = {
  name: 'wechat decrypt',
  usage: 'wechat decrypt --app-id ID --session-key KEY [--iv B64] [--max-age SECONDS] < encryptedData',
  text: `Usage: phonekit wechat decrypt --app-id ID --session-key KEY --iv B64 [--max-age SECONDS] < encryptedData

Decrypts the encryptedData of WeChat's legacy getPhoneNumber button event
(AES-128-CBC with the user's session_key), checks watermark.appid and prints
the decrypted JSON object on stdout, whatever it holds:

  {"phoneNumber": "...", "purePhoneNumber": "...", "countryCode": "86",
   "watermark": {"appid": "...", "timestamp": ...}}

Data that decrypts but holds no phone number (getUserInfo data is encrypted
the same way) is printed too, and stderr says there is no phone in it.

stdin holds the encryptedData (base64, line breaks and spaces ignored), or
the whole event detail as JSON {"encryptedData": "...", "iv": "..."}, in
which case --iv may be left out.

Options:
  --app-id ID            this mini-program's AppID: watermark.appid must equal it.
  --session-key KEY      the session_key from jscode2session (base64, @file or a path).
  --iv B64               the iv from the button event.
  --max-age SECONDS      refuse data whose watermark.timestamp is older than this.
  -h, --help             show this help.

On failure stdout stays empty and stderr gets one line:
  phonekit: WECHAT_DECRYPTION_FAILED: <message> Hint: <hint>

Exit codes:
  0  decrypted, and the watermark is this app's (and recent enough); the
     object is on stdout even when it holds no phone number (stderr says so).
  1  rejected: not base64 of whole AES blocks, cannot be decrypted with this
     session_key and iv, watermark of another app, data too old, bad iv.
  2  usage error: missing or bad option, unusable --session-key, empty stdin.
`,
};

const OPTIONS = {
  'app-id': { type: 'string' },
  'session-key': { type: 'string' },
  iv: { type: 'string' },
  'max-age': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface WechatInput {
  readonly encryptedData: string;
  readonly iv: string | undefined;
}

/** stdin as encryptedData, a JSON string literal of it, or the event detail object. */
function readWechatInput(text: string): WechatInput | undefined {
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

/** Why the decrypted data is not a phone number, or undefined when it is one. */
function phoneAbsence(data: Record<string, unknown>): string | undefined {
  const purePhoneNumber = data['purePhoneNumber'];
  const countryCode = data['countryCode'];
  if (typeof purePhoneNumber !== 'string' || (typeof countryCode !== 'string' && typeof countryCode !== 'number')) {
    return `decrypted, but there is no phone number in it (no purePhoneNumber and countryCode; its fields: ${fieldList(data)}). It is not the encryptedData of a getPhoneNumber button: getUserInfo and wx.getWeRunData data are encrypted the same way.`;
  }
  try {
    normalisePhoneParts(countryCode, purePhoneNumber);
  } catch {
    return 'decrypted, but its purePhoneNumber and countryCode do not make a phone number phonekit can read.';
  }
  return undefined;
}

/** What a base64 value holds when it is base64 but of the wrong size. */
function decodedSize(text: string): string {
  return `${Buffer.from(text.replace(/\s+/g, ''), 'base64').length} bytes`;
}

/**
 * Core's refusal of an input's text, told exactly (lib/base64-shape.ts) and
 * naming where the user gave it. Key-dependent failures stay core's.
 */
function explained(err: PhonekitError, input: { readonly encryptedData: string; readonly iv: string; readonly ivFrom: string; readonly sessionKey: string }): PhonekitError {
  switch (err.code) {
    case 'WECHAT_ENCRYPTED_DATA_INVALID': {
      const problem = base64Problem('The encryptedData', input.encryptedData, { paddingOptional: true });
      return problem === undefined ? err : new PhonekitError(err.code, { message: problem });
    }
    case 'WECHAT_SESSION_KEY_INVALID': {
      const problem = base64Problem('The session_key (--session-key)', input.sessionKey);
      return new PhonekitError(err.code, { message: problem ?? `The session_key (--session-key) decodes to ${decodedSize(input.sessionKey)}, not 16.` });
    }
    case 'WECHAT_IV_INVALID': {
      const problem = base64Problem(`The iv (${input.ivFrom})`, input.iv);
      return new PhonekitError(err.code, { message: problem ?? `The iv (${input.ivFrom}) decodes to ${decodedSize(input.iv)}, not 16.` });
    }
    default:
      return err;
  }
}

/** `phonekit wechat decrypt`: decrypt a legacy getPhoneNumber encryptedData. */
export const wechatDecrypt: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, WECHAT_DECRYPT_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, WECHAT_DECRYPT_HELP);
  const appId = options['app-id']?.trim();
  if (appId === undefined || appId === '') return usageError(io, WECHAT_DECRYPT_HELP, '--app-id is required.');
  if (options['session-key'] === undefined) return usageError(io, WECHAT_DECRYPT_HELP, '--session-key is required.');
  let maxAgeSeconds: number | undefined;
  if (options['max-age'] !== undefined) {
    if (!/^\d{1,10}$/.test(options['max-age'].trim())) return usageError(io, WECHAT_DECRYPT_HELP, '--max-age must be a whole number of seconds.');
    maxAgeSeconds = Number(options['max-age'].trim());
  }
  let sessionKey: string;
  try {
    sessionKey = readKeyText(options['session-key']).text;
  } catch (err) {
    if (!(err instanceof KeyFileError)) throw err;
    return usageError(io, WECHAT_DECRYPT_HELP, `--session-key: ${err.message}`);
  }

  const text = await readInput(io);
  if (text === '') return usageError(io, WECHAT_DECRYPT_HELP, 'nothing arrived on stdin: pipe the encryptedData into the command.');
  const input = readWechatInput(text);
  if (input === undefined) {
    return usageError(io, WECHAT_DECRYPT_HELP, 'stdin must be the encryptedData (base64) or a JSON object {"encryptedData": "...", "iv": "..."}.');
  }
  const iv = options.iv ?? input.iv;
  if (iv === undefined) return usageError(io, WECHAT_DECRYPT_HELP, '--iv is required (or pipe the event detail with its "iv").');

  let data: Record<string, unknown>;
  try {
    data = decryptWechatEncryptedData({ encryptedData: input.encryptedData, iv, sessionKey, appId, maxAgeSeconds });
  } catch (err) {
    // Anything but a PhonekitError is a bug in phonekit: main() reports it as an internal error.
    if (!(err instanceof PhonekitError)) throw err;
    io.stderr(errorLine(explained(err, { encryptedData: input.encryptedData, iv, ivFrom: options.iv === undefined ? 'the "iv" on stdin' : '--iv', sessionKey })));
    return err.code === 'WECHAT_SESSION_KEY_INVALID' ? EXIT_CODES.usage : EXIT_CODES.rejected;
  }
  // Troubleshooting first: whatever it decrypted to is shown, then what it lacks.
  printJson(io, data);
  const absence = phoneAbsence(data);
  if (absence !== undefined) io.stderr(`phonekit wechat decrypt: ${absence}\n`);
  return EXIT_CODES.ok;
};
