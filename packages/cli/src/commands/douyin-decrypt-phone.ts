import { parseArgs } from 'node:util';
import { PhonekitError, decryptDouyinPhoneInfo, loadDouyinPrivateKey, type CoreErrorCode, type DouyinPrivateKey } from '@phonekit/core';
import { KeyFileError, readKeyText } from '@phonekit/express';
import { base64Problem } from '../lib/base64-shape';
import type { CliHint } from '../lib/cli-hints';
import type { Command } from '../lib/command';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';
import { readInput } from '../lib/read-stdin';
import { APP_ID_WATERMARK_HINT, platformErrorLine, printDecrypted } from '../lib/session-key-decrypt';

// Douyin's getPhoneNumber since base library 3.51.0 gives a code; the server
// trades it at POST https://open.douyin.com/api/apps/v1/get_phonenumber_info/
// and the answer's "data" is "通过开发者在「抖音开放平台-控制台-找到对应的小程序-开发-开发配置」配置的应用公钥
// 进行RSA非对称加密后的密文数据，需要开发者通过对应的应用私钥进行解密"
// (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method).
// The answer is {"err_no": 0, "err_tips" (or "err_msg"), "log_id", "data": "<base64>"}, as the
// public clients of get_phonenumber_info read it, and the decrypted data holds phoneNumber,
// purePhoneNumber, countryCode and watermark {appid, timestamp} (core's decrypt-douyin-phone.ts).

export const DOUYIN_DECRYPT_PHONE_HELP: CommandHelp = {
  name: 'douyin decrypt-phone',
  usage: 'douyin decrypt-phone --private-key KEY [--app-id ID] < data',
  text: `Usage: phonekit douyin decrypt-phone --private-key KEY [--app-id ID] < data

Decrypts the phone number in Douyin's get_phonenumber_info answer (the code
flow of getPhoneNumber, base library 3.51.0 and later): its "data" is
RSA-encrypted with the application public key set in the Douyin console
(开发 > 开发配置), and only the matching private key reads it. Prints the
decrypted JSON object on stdout, whatever it holds:

  {"phoneNumber": "...", "purePhoneNumber": "...", "countryCode": "86",
   "watermark": {"appid": "...", "timestamp": ...}}

Data that decrypts but holds no phone number is printed too, and stderr
says there is no phone in it. The legacy flow (encryptedData and iv under the
session_key) is 'phonekit douyin decrypt'.

stdin holds the "data" (base64, line breaks and spaces ignored), or the
whole answer as JSON {"err_no": 0, "data": "...", ...}.

Options:
  --private-key KEY      the application private key (应用私钥) whose public half is
                         set in the console: a PEM or its bare base64 (PKCS#8 or
                         PKCS#1), as @file, a path or text. Never printed.
  --app-id ID            this mini-program's AppID: if given, watermark.appid must equal it.
  -h, --help             show this help.

A PEM starts with dashes: pass it as @file, or as --private-key="$(cat key.pem)".

On failure stdout stays empty and stderr gets one line:
  phonekit: DOUYIN_PHONE_DECRYPTION_FAILED: <message> Hint: <hint>

Exit codes:
  0  decrypted (and made for --app-id's app, when given); the object is on
     stdout even when it holds no phone number (stderr says so).
  1  rejected: not base64, cannot be decrypted with this private key, made
     for another app.
  2  usage error: missing or bad option, unusable --private-key, empty stdin,
     an answer with an err_no instead of data.
`,
};

const OPTIONS = {
  'private-key': { type: 'string' },
  'app-id': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HINTS: Readonly<Partial<Record<CoreErrorCode, CliHint>>> = {
  DOUYIN_PRIVATE_KEY_INVALID: {
    hint: 'Pass --private-key with the application private key (应用私钥) whose public key is set under 开发 > 开发配置 in the Douyin console: a PEM ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY") or its bare base64, as @file, a path or text.',
    hintZh: '请用 --private-key 传入应用私钥（其公钥已配置在抖音开放平台控制台“开发 > 开发配置”）：PEM（“BEGIN PRIVATE KEY”或“BEGIN RSA PRIVATE KEY”）或其 base64 原文，可传 @文件、路径或文本。',
  },
  DOUYIN_WATERMARK_MISMATCH: APP_ID_WATERMARK_HINT,
};

/** What stdin held: the data, or the reason there is none (an answer with err_no). */
type DouyinInput = { readonly data: string } | { readonly refused: string };

const shown = (value: unknown): string => JSON.stringify(String(value).replace(/\p{Cc}+/gu, ' ').slice(0, 200));

/** stdin as the bare data, a JSON string literal of it, or the get_phonenumber_info answer. */
function readDouyinInput(text: string): DouyinInput | undefined {
  if (!text.startsWith('{') && !text.startsWith('"')) return { data: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value === 'string') return { data: value };
  if (typeof value !== 'object' || value === null) return undefined;
  const answer = value as Record<string, unknown>;
  const errNo = answer['err_no'];
  if (errNo !== undefined && errNo !== 0 && errNo !== '0') {
    const tips = answer['err_tips'] ?? answer['err_msg'];
    return { refused: `stdin is an error answer (err_no ${shown(errNo)}${tips === undefined ? '' : `, ${shown(tips)}`}): there is no data to decrypt. Trade a fresh code: each getPhoneNumber code is good for one call within 5 minutes.` };
  }
  const data = answer['data'];
  return typeof data === 'string' ? { data } : undefined;
}

/** Core's refusal of the data's text, told exactly (lib/base64-shape.ts) when it is not standard base64; key-dependent failures stay core's. */
function explained(err: PhonekitError, data: string): PhonekitError {
  if (err.code !== 'DOUYIN_PHONE_DATA_INVALID') return err;
  const problem = base64Problem('The phone data', data, { paddingOptional: true });
  return problem === undefined ? err : new PhonekitError(err.code, { message: problem });
}

/** `phonekit douyin decrypt-phone`: decrypt the data of a get_phonenumber_info answer with the application private key. */
export const douyinDecryptPhone: Command = async (argv, io) => {
  const help = DOUYIN_DECRYPT_PHONE_HELP;
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, help, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, help);
  if (options['private-key'] === undefined) return usageError(io, help, '--private-key is required.');
  const appIdOption = options['app-id'];
  const appId = appIdOption?.trim();
  if (appId === '') return usageError(io, help, '--app-id is empty: give the AppID, or leave the option out.');

  let privateKey: DouyinPrivateKey;
  try {
    privateKey = loadDouyinPrivateKey(readKeyText(options['private-key']).text);
  } catch (err) {
    // A file that cannot be read is the key's failure too: one catalogued code, naming the path, never the key.
    const error = err instanceof KeyFileError ? new PhonekitError('DOUYIN_PRIVATE_KEY_INVALID', { message: `Cannot read the key (--private-key): ${err.message}` }) : err;
    if (!(error instanceof PhonekitError)) throw error;
    io.stderr(platformErrorLine(error, HINTS));
    return EXIT_CODES.usage;
  }

  const text = await readInput(io);
  if (text === '') return usageError(io, help, 'nothing arrived on stdin: pipe the "data" of the get_phonenumber_info answer (or the whole answer) into the command.');
  const input = readDouyinInput(text);
  if (input === undefined) return usageError(io, help, 'stdin must be the "data" (base64) or the get_phonenumber_info answer as JSON {"err_no": 0, "data": "..."}.');
  if ('refused' in input) return usageError(io, help, input.refused);

  let data: Record<string, unknown>;
  try {
    data = decryptDouyinPhoneInfo({ data: input.data, privateKey, ...(appId === undefined ? {} : { appId }) });
  } catch (err) {
    // Anything but a PhonekitError is a bug in phonekit: main() reports it as an internal error.
    if (!(err instanceof PhonekitError)) throw err;
    io.stderr(platformErrorLine(explained(err, input.data), HINTS));
    return EXIT_CODES.rejected;
  }
  return printDecrypted(io, help, data, ['parts'], 'It is not the data of a get_phonenumber_info answer.');
};
