import { alipayInspect, ALIPAY_INSPECT_HELP } from './commands/alipay-inspect';
import { alipayMakePayload, ALIPAY_MAKE_PAYLOAD_HELP } from './commands/alipay-make-payload';
import { baiduDecrypt, BAIDU_DECRYPT_HELP } from './commands/baidu-decrypt';
import { dbMigrate, DB_MIGRATE_HELP } from './commands/db-migrate';
import { dbRotateKey, DB_ROTATE_KEY_HELP } from './commands/db-rotate-key';
import { doctor, DOCTOR_HELP } from './commands/doctor';
import { douyinDecrypt, DOUYIN_DECRYPT_HELP } from './commands/douyin-decrypt';
import { douyinDecryptPhone, DOUYIN_DECRYPT_PHONE_HELP } from './commands/douyin-decrypt-phone';
import { keysGenerate, KEYS_GENERATE_HELP } from './commands/keys-generate';
import { kuaishouDecrypt, KUAISHOU_DECRYPT_HELP } from './commands/kuaishou-decrypt';
import { qqDecrypt, QQ_DECRYPT_HELP } from './commands/qq-decrypt';
import { wechatDecrypt, WECHAT_DECRYPT_HELP } from './commands/wechat-decrypt';
import type { Command, CommandIo } from './lib/command';
import { readCliEnv } from './lib/env';
import { EXIT_CODES, type ExitCode } from './lib/exit-codes';
import type { CommandHelp } from './lib/options';
import { readStream } from './lib/read-stdin';

/** A command and the words that name it. */
interface Route {
  readonly words: readonly [string] | readonly [string, string];
  readonly run: Command;
  readonly help: CommandHelp;
}

const ROUTES: readonly Route[] = [
  { words: ['alipay', 'inspect'], run: alipayInspect, help: ALIPAY_INSPECT_HELP },
  { words: ['alipay', 'make-payload'], run: alipayMakePayload, help: ALIPAY_MAKE_PAYLOAD_HELP },
  { words: ['wechat', 'decrypt'], run: wechatDecrypt, help: WECHAT_DECRYPT_HELP },
  { words: ['qq', 'decrypt'], run: qqDecrypt, help: QQ_DECRYPT_HELP },
  { words: ['kuaishou', 'decrypt'], run: kuaishouDecrypt, help: KUAISHOU_DECRYPT_HELP },
  { words: ['douyin', 'decrypt'], run: douyinDecrypt, help: DOUYIN_DECRYPT_HELP },
  { words: ['douyin', 'decrypt-phone'], run: douyinDecryptPhone, help: DOUYIN_DECRYPT_PHONE_HELP },
  { words: ['baidu', 'decrypt'], run: baiduDecrypt, help: BAIDU_DECRYPT_HELP },
  { words: ['keys', 'generate'], run: keysGenerate, help: KEYS_GENERATE_HELP },
  { words: ['doctor'], run: doctor, help: DOCTOR_HELP },
  { words: ['db', 'migrate'], run: dbMigrate, help: DB_MIGRATE_HELP },
  { words: ['db', 'rotate-key'], run: dbRotateKey, help: DB_ROTATE_KEY_HELP },
];

export const MAIN_HELP = `phonekit: inspect and decrypt mini-program phone-number payloads, check a
configuration, make sandbox keys (all offline); migrate the accounts
database and rotate its data key.

Usage:
  phonekit ${ALIPAY_INSPECT_HELP.usage}
  phonekit ${ALIPAY_MAKE_PAYLOAD_HELP.usage}
  phonekit ${WECHAT_DECRYPT_HELP.usage}
  phonekit ${QQ_DECRYPT_HELP.usage}
  phonekit ${KUAISHOU_DECRYPT_HELP.usage}
  phonekit ${DOUYIN_DECRYPT_HELP.usage}
  phonekit ${DOUYIN_DECRYPT_PHONE_HELP.usage}
  phonekit ${BAIDU_DECRYPT_HELP.usage}
  phonekit ${KEYS_GENERATE_HELP.usage}
  phonekit ${DOCTOR_HELP.usage}
  phonekit ${DB_MIGRATE_HELP.usage}
  phonekit ${DB_ROTATE_KEY_HELP.usage}
  phonekit <command> --help

Commands:
  alipay inspect       verify, decrypt and explain a my.getPhoneNumber res.response (JSON on stdout)
  alipay make-payload  make a res.response with your own keys, to test a set-up end to end
  wechat decrypt       decrypt WeChat's legacy encryptedData and show what it holds (JSON on stdout)
  qq decrypt           the same for a QQ mini-program's encryptedData
  kuaishou decrypt     the same for a Kuaishou mini-program's encryptedData
  douyin decrypt       the same for Douyin's legacy encryptedData
  douyin decrypt-phone decrypt the data of Douyin's get_phonenumber_info with the app's private key
  baidu decrypt        the same for a Baidu smart program's encryptedData (AES-192, checked against --app-key)
  keys generate        make sandbox keys (Alipay RSA pair + AES key) for local development
  doctor               check Alipay keys and configuration, naming each classic mistake
  db migrate           bring the accounts database (DATABASE_URL or PHONEKIT_DATA_DIR) to the latest schema
  db rotate-key        re-encrypt every stored phone and session secret under PHONEKIT_DATA_KEY's newest key

Keys are given as text (base64 or PEM), as @file, or as a path to a file;
relative paths are taken from the folder the command was run from.
phonekit never prints an AES or private key, except 'keys generate', which
exists to make them, nor a data key or a database URL's password; full
phone numbers appear only in the JSON of the decrypting commands (diagnosis
lines use the masked form, 138****2222).

Exit codes:
  0  success
  1  rejected: the payload failed verification or decryption, doctor found a ✘ problem, a stored row failed authentication
  2  usage or configuration error: unknown command or option, missing or unusable key, no database or an unreachable one
  3  internal error (a bug in phonekit)
`;

const HELP_FLAGS: readonly string[] = ['--help', '-h', 'help'];

function groupHelp(word: string): string {
  const routes = ROUTES.filter((r) => r.words[0] === word);
  return `Usage:\n${routes.map((r) => `  phonekit ${r.help.usage}`).join('\n')}\n\nRun 'phonekit ${word} <command> --help' for details.\n`;
}

function findRoute(argv: readonly string[]): Route | undefined {
  return ROUTES.find((route) => route.words.every((word, i) => argv[i] === word));
}

/**
 * Runs one phonekit command line (without `node` and the script) and
 * resolves to its exit code. Never throws: a bug becomes exit code 3.
 *
 * @example
 * ```ts
 * const code = await main(['alipay', 'inspect', '--aes-key', aesKey], { stdin: payload, stdout, stderr });
 * ```
 */
export async function main(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [first, second] = argv;
  if (first === undefined) {
    io.stderr(MAIN_HELP);
    return EXIT_CODES.usage;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(MAIN_HELP);
    return EXIT_CODES.ok;
  }
  if (first === 'help') {
    const route = findRoute(argv.slice(1));
    io.stdout(route === undefined ? MAIN_HELP : route.help.text);
    return EXIT_CODES.ok;
  }
  const route = findRoute(argv);
  if (route === undefined) {
    const isGroup = ROUTES.some((r) => r.words.length === 2 && r.words[0] === first);
    if (isGroup && second !== undefined && HELP_FLAGS.includes(second)) {
      io.stdout(groupHelp(first));
      return EXIT_CODES.ok;
    }
    const what = isGroup ? (second === undefined ? `'${first}' needs a command.` : `unknown command '${first} ${second.slice(0, 32)}'.`) : `unknown command '${first.slice(0, 32)}'.`;
    io.stderr(`phonekit: ${what}\n\n${isGroup ? groupHelp(first) : MAIN_HELP}`);
    return EXIT_CODES.usage;
  }
  try {
    return await route.run(argv.slice(route.words.length), io);
  } catch (err) {
    // Only the error's class: a message could carry input the user did not mean to print.
    io.stderr(`phonekit: internal error (${err instanceof Error ? err.name : typeof err}). Please report it.\n`);
    return EXIT_CODES.internal;
  }
}

/**
 * A reader that went away (`phonekit doctor | head -3`) is not an error:
 * the rest of the output is dropped, without node's EPIPE stack, and the
 * exit code stays the command's.
 */
function writerOf(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** Runs `main` on this process: argv, stdin (read only if a command asks), stdout, stderr, env. */
export async function runAsProcess(): Promise<void> {
  let stdin: Promise<string> | undefined;
  const io: CommandIo = {
    get stdin(): Promise<string> {
      if (stdin === undefined) {
        if (process.stdin.isTTY === true) process.stderr.write('phonekit: reading stdin: paste, then press Ctrl-D (or pipe a file: ... < payload.json).\n');
        stdin = readStream(process.stdin);
      }
      return stdin;
    },
    stdout: writerOf(process.stdout),
    stderr: writerOf(process.stderr),
    env: readCliEnv(),
  };
  process.exitCode = await main(process.argv.slice(2), io);
}

// `tsx src/main.ts ...` (the root `pnpm phonekit` script) runs this file directly;
// bin/phonekit.cjs requires it and calls runAsProcess itself.
if (require.main === module) void runAsProcess();
