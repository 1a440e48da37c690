import type { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAlipayAesKey, loadAlipayPublicKey, type AlipayPublicKey } from '@phonekit/core';
import { KeyFileError, PHONEKIT_CONFIG_FILE_SCHEMA, readKeyText } from '@phonekit/express';
import { loadAesKeyArgument, loadPublicKeyArgument, readSignType } from '../lib/alipay-key-arguments';
import type { Command } from '../lib/command';
import type { CliEnv } from '../lib/env';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';
import { printJson } from '../lib/print';
import { certificatesIn, commonName, isSelfSigned, validityFinding } from './doctor-certificates';
import { CHECK_LABELS, FindingList, MARKS, isBlank, setting, type Finding, type FindingStatus, type Setting } from './doctor-findings';
import { checkLogin, type LoginSettings } from './doctor-login';

export { DOCTOR_CHECKS, FINDING_STATUSES } from './doctor-findings';
export type { DoctorCheck, Finding, FindingStatus } from './doctor-findings';

export const DOCTOR_HELP: CommandHelp = {
  name: 'doctor',
  usage: 'doctor [--public-key KEY] [--aes-key KEY] [--sign-type RSA2|RSA] [--app-id ID] [--app-private-key KEY] [--app-cert FILE --root-cert FILE] [--config FILE] [--json]',
  text: `Usage: phonekit doctor [--public-key KEY] [--aes-key KEY] [--sign-type RSA2|RSA]
                       [--app-id ID] [--app-private-key KEY] [--app-cert FILE --root-cert FILE]
                       [--config FILE] [--json]

Checks an Alipay configuration offline and names each classic mistake, one
line per finding:
  ✔  fine
  ✘  a problem to fix
  ℹ  worth knowing (what doctor cannot tell offline)

Checks: an AES key of the wrong length (and what it looks like instead), a
private key or the AES key in the public-key slot, the two keys swapped,
PKCS#1 vs SPKI (both accepted), an unreadable or expired certificate
(certificate mode), a sign type other than RSA2/RSA, unsigned payloads allowed.
The login (POST /api/alipay/login): the application private key's form
(PKCS#8 or PKCS#1, base64 or PEM; a public key, a certificate or the AES key
in its place), your own application public key pasted as the Alipay public
key, an app certificate of another key, one certificate path without the
other, unreadable or expired certificates, and app_cert_sn and
alipay_root_cert_sn as the server sends them; without a private key, that
the login is off (ALIPAY_LOGIN_NOT_CONFIGURED).

Options (each defaults to the environment variable in brackets):
  --public-key KEY   the Alipay public key: base64, PEM, certificate, @file or a path [ALIPAY_PUBLIC_KEY]
  --aes-key KEY      the AES key: base64, @file or a path [ALIPAY_AES_KEY]
  --sign-type TYPE   RSA2 or RSA [ALIPAY_SIGN_TYPE]
  --app-id ID        the mini-program's appId (digits), which the login needs [ALIPAY_APP_ID]
  --app-private-key KEY
                     the application private key (应用私钥) that signs the login: base64, PEM,
                     @file or a path [ALIPAY_APP_PRIVATE_KEY]; prefer @file or the variable,
                     a key typed on the command line stays in the shell's history
  --app-cert FILE    certificate mode: appCertPublicKey_<appId>.crt [ALIPAY_APP_CERT_PATH]
  --root-cert FILE   certificate mode: alipayRootCert.crt [ALIPAY_ROOT_CERT_PATH]
  --config FILE      a JSON file of several apps [PHONEKIT_CONFIG]:
                     {"alipay": {"apps": [{"appId": "...", "publicKey": "...", "aesKey": "...",
                                           "signType": "RSA2", "allowUnsigned": false,
                                           "appPrivateKey": "...", "appCertPath": "...",
                                           "alipayRootCertPath": "..."}]}}
                     (key paths in it are relative to the file)
  --json             print {"ok", "problems", "findings": [{app, check, setting, status, message}]}
                     instead of lines; status is "ok", "problem" or "note".
  -h, --help         show this help.
ALIPAY_ALLOW_UNSIGNED is read too, as the server reads it. Relative paths are
taken from the folder the command was run from (key paths in --config from
the file's folder).

Doctor never prints a key (certificate SNs are not secret: every request
carries them). Whether a public key is Alipay's (支付宝公钥) or
your application's (应用公钥) cannot be told offline: run
'phonekit alipay inspect' on a real payload; a valid signature settles it.

Exit codes:
  0  no ✘ findings.
  1  at least one ✘ finding (including nothing to check, or an unreadable --config).
  2  usage error.
`,
};

const OPTIONS = {
  'public-key': { type: 'string' },
  'aes-key': { type: 'string' },
  'sign-type': { type: 'string' },
  'app-id': { type: 'string' },
  'app-private-key': { type: 'string' },
  'app-cert': { type: 'string' },
  'root-cert': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One app to check, as configured before any key is parsed. */
interface AppSettings {
  readonly label: string;
  readonly appId: string | undefined;
  readonly publicKey: Setting<string> | undefined;
  readonly aesKey: Setting<string> | undefined;
  /** What to call a key that is not set: the option or variable or field the user would give it as. */
  readonly missingNames: { readonly publicKey: string; readonly aesKey: string } & LoginSettings['names'];
  readonly signType: Setting<string> | undefined;
  readonly allowUnsigned: Setting<boolean> | undefined;
  /** The login (POST /api/alipay/login): the application private key and, in certificate mode, the two certificate paths. */
  readonly appPrivateKey: Setting<string> | undefined;
  readonly appCertPath: Setting<string> | undefined;
  readonly alipayRootCertPath: Setting<string> | undefined;
  /** Whether these are the server's settings (environment, PHONEKIT_CONFIG) rather than options given to doctor alone. */
  readonly serverSettings: boolean;
  /** Where relative key paths start. */
  readonly baseDir: string;
}

/** Whether text would load as the other kind of key: the mix-ups doctor names outright. */
function loadsAsAesKey(text: string): boolean {
  try {
    loadAlipayAesKey(text);
    return true;
  } catch {
    return false;
  }
}

function loadsAsPublicKey(text: string): boolean {
  try {
    loadAlipayPublicKey(text);
    return true;
  } catch {
    return false;
  }
}

/** The key text of a setting, or undefined when it cannot be read (a file error). */
function keyTextOf(value: Setting<string>, baseDir: string): string | undefined {
  try {
    return readKeyText(value.value, baseDir).text;
  } catch (err) {
    if (err instanceof KeyFileError) return undefined;
    throw err;
  }
}

function describePublicKey(key: AlipayPublicKey, file: string | undefined): string {
  const bits = `${key.modulusBits}-bit RSA`;
  const from = file === undefined ? '' : ` (read from ${file})`;
  switch (key.format) {
    case 'spki-base64':
      return `SPKI, bare base64, ${bits}${from}: the form the Alipay console shows.`;
    case 'spki-pem':
      return `SPKI PEM ("BEGIN PUBLIC KEY"), ${bits}${from}: accepted; the console shows the same key as bare base64.`;
    case 'pkcs1-pem':
    case 'pkcs1-base64':
      return `PKCS#1 ${key.format === 'pkcs1-pem' ? 'PEM ("BEGIN RSA PUBLIC KEY")' : 'base64'}, ${bits}${from}: accepted, but the Alipay console shows SPKI (bare base64 starting MIIBIjAN); make sure it was converted from the 支付宝公钥, not from your own key.`;
    case 'certificate': {
      const cert = key.certificate;
      const details = cert === undefined ? '' : ` serial ${cert.serialNumber}, ${cert.subject}, valid ${cert.validFrom} to ${cert.validTo}`;
      return `certificate (certificate mode), ${bits}${from}:${details}.`;
    }
  }
}

/**
 * A file of several certificates, told as it is: the first one (whose key is
 * used) and, when each next one issued the one before, its CA chain, which is
 * how Alipay ships alipayCertPublicKey_RSA2.crt (the certificate and the CA
 * that issued it). Anything else is worth a note.
 */
function describeChain(certificates: readonly (X509Certificate | null)[]): [FindingStatus, string] {
  const [first, ...rest] = certificates;
  const count = `the file holds ${certificates.length} certificates`;
  if (first === null || first === undefined || rest.some((cert) => cert === null)) {
    return ['note', `${count}, not all of them readable; only the first is used.`];
  }
  let child = first;
  const issuers: string[] = [];
  for (const cert of rest) {
    if (cert === null || !child.checkIssued(cert) || !child.verify(cert.publicKey)) {
      return ['note', `${count}, and only the first (${commonName(first)}) is used; the others did not issue it, so they do not belong in this file: check that the first is the one from alipayCertPublicKey_RSA2.crt.`];
    }
    issuers.push(commonName(cert));
    child = cert;
  }
  const chain = issuers.length === 1 ? `the CA that issued it (${issuers[0] ?? ''})` : `the CAs that issued it (${issuers.join(', then ')})`;
  return ['ok', `${count}: the one whose key is used (${commonName(first)}) and ${chain}, as Alipay ships alipayCertPublicKey_RSA2.crt.`];
}

function checkCertificate(key: AlipayPublicKey, text: string, setting: string, now: Date, findings: FindingList): void {
  const cert = key.certificate;
  if (cert === undefined) return;
  const certificates = certificatesIn(text);
  if (certificates.length > 1) findings.add('public-key', setting, ...describeChain(certificates));
  const validity = validityFinding(cert, now, 'download the current alipayCertPublicKey_RSA2.crt from the Alipay console');
  if (validity !== undefined) findings.add('public-key', setting, ...validity);
}

function checkPublicKey(app: AppSettings, now: Date, findings: FindingList): void {
  const allowUnsigned = app.allowUnsigned?.value === true;
  if (app.publicKey === undefined || isBlank(app.publicKey)) {
    const name = app.publicKey?.name ?? app.missingNames.publicKey;
    findings.add(
      'public-key',
      name,
      allowUnsigned ? 'note' : 'problem',
      `not set: signed payloads cannot be verified${allowUnsigned ? ` (only unsigned ones are read, as ${app.allowUnsigned?.name ?? 'allowUnsigned'} is on)` : ''}. Give ${name} the Alipay public key (支付宝公钥) from the Alipay console (开发设置 > 接口加签方式).`,
    );
    return;
  }
  const { name, value } = app.publicKey;
  const loaded = loadPublicKeyArgument(value, app.baseDir);
  if (!loaded.ok) {
    const text = keyTextOf(app.publicKey, app.baseDir);
    if (text !== undefined && loadsAsAesKey(text)) {
      findings.add('public-key', name, 'problem', `holds an AES key, not the Alipay public key: the AES key belongs in the AES key setting; the public key is the long 支付宝公钥 (MIIBIjAN...).`);
    } else {
      findings.add('public-key', name, 'problem', loaded.error.message);
    }
    return;
  }
  const key = loaded.value;
  findings.add('public-key', name, 'ok', describePublicKey(key, loaded.file));
  if (key.modulusBits < 2048) {
    findings.add('public-key', name, 'note', `a ${key.modulusBits}-bit key: Alipay keys are 2048-bit; this may be an old key from before RSA2.`);
  }
  if (key.format === 'certificate') {
    const text = keyTextOf(app.publicKey, app.baseDir) ?? '';
    checkCertificate(key, text, name, now, findings);
    if (firstCertificateIsSelfSigned(text)) {
      findings.add('public-key', name, 'note', 'the certificate is self-signed: if this is alipayRootCert.crt (the root), use alipayCertPublicKey_RSA2.crt here instead.');
    }
  }
  findings.add(
    'public-key',
    name,
    'note',
    "doctor cannot tell offline whether this is the Alipay public key (支付宝公钥) or your application public key (应用公钥): both are RSA public keys. Run 'phonekit alipay inspect --public-key ... --aes-key ...' on a real payload: signature \"valid\" settles it.",
  );
}

function firstCertificateIsSelfSigned(text: string): boolean {
  const [first] = certificatesIn(text);
  return first !== undefined && first !== null && isSelfSigned(first);
}

function checkAesKey(app: AppSettings, findings: FindingList): void {
  if (app.aesKey === undefined || isBlank(app.aesKey)) {
    const name = app.aesKey?.name ?? app.missingNames.aesKey;
    findings.add('aes-key', name, 'problem', `not set: Alipay always encrypts phone numbers. Give ${name} the AES key from the Alipay console (开发设置 > 接口内容加密方式).`);
    return;
  }
  const { name, value } = app.aesKey;
  const loaded = loadAesKeyArgument(value, app.baseDir);
  if (!loaded.ok) {
    const text = keyTextOf(app.aesKey, app.baseDir);
    if (text !== undefined && loadsAsPublicKey(text)) {
      findings.add('aes-key', name, 'problem', `holds an RSA public key, not the AES key: the AES key is 24 base64 characters from 接口内容加密方式.`);
    } else {
      findings.add('aes-key', name, 'problem', loaded.error.message);
    }
    return;
  }
  const from = loaded.file === undefined ? '' : ` (read from ${loaded.file})`;
  const usual = loaded.value.bits === 128 ? ': the usual key from 接口内容加密方式' : '';
  findings.add('aes-key', name, 'ok', `AES-${loaded.value.bits}, ${loaded.value.bits / 8} bytes${from}${usual}.`);
}

function checkSwapped(app: AppSettings, findings: FindingList): void {
  if (app.publicKey === undefined || app.aesKey === undefined) return;
  const publicText = keyTextOf(app.publicKey, app.baseDir);
  const aesText = keyTextOf(app.aesKey, app.baseDir);
  if (publicText === undefined || aesText === undefined) return;
  if (loadsAsAesKey(publicText) && loadsAsPublicKey(aesText)) {
    findings.add('config', null, 'problem', `${app.publicKey.name} and ${app.aesKey.name} are swapped: exchange the two values.`);
  }
}

function checkSignType(app: AppSettings, findings: FindingList): void {
  if (app.signType === undefined || app.signType.value.trim() === '') {
    findings.add('sign-type', null, 'ok', 'RSA2 (SHA256withRSA), the default.');
    return;
  }
  const { name, value } = app.signType;
  const signType = readSignType(value);
  if (signType === undefined) {
    // Show the value only when it is short and plain: a key pasted here must not be echoed.
    const shown = /^[A-Za-z0-9_-]{1,12}$/.test(value.trim()) ? `"${value.trim()}"` : `A ${value.length}-character value`;
    findings.add('sign-type', name, 'problem', `${shown} is not a sign type: use RSA2 (SHA256withRSA, the console default) or RSA (SHA1withRSA, legacy).`);
    return;
  }
  const written = value.trim() === signType ? '' : ` (written "${value.trim()}", read as ${signType})`;
  if (signType === 'RSA2') findings.add('sign-type', name, 'ok', `RSA2 (SHA256withRSA)${written}.`);
  else findings.add('sign-type', name, 'ok', `RSA (SHA1withRSA, legacy)${written}: it must match 接口加签方式 in the console; RSA2 is recommended.`);
}

function checkApp(app: AppSettings, now: Date): Finding[] {
  const findings = new FindingList(app.label);
  checkPublicKey(app, now, findings);
  checkAesKey(app, findings);
  checkSwapped(app, findings);
  checkSignType(app, findings);
  if (app.allowUnsigned?.value === true) {
    findings.add('allow-unsigned', app.allowUnsigned.name, 'note', `on: unsigned payloads are accepted. Development only: the server refuses it when NODE_ENV=production.`);
  }
  checkLogin(
    {
      appId: app.appId,
      publicKey: app.publicKey,
      appPrivateKey: app.appPrivateKey,
      appCertPath: app.appCertPath,
      alipayRootCertPath: app.alipayRootCertPath,
      allowUnsigned: app.allowUnsigned?.value === true,
      names: app.missingNames,
      serverSettings: app.serverSettings,
      baseDir: app.baseDir,
    },
    now,
    findings,
  );
  return findings.items;
}

const TRUE_WORDS: readonly string[] = ['true', '1', 'yes'];

const ENV_LOGIN_NAMES = { appId: 'ALIPAY_APP_ID', appPrivateKey: 'ALIPAY_APP_PRIVATE_KEY', appCertPath: 'ALIPAY_APP_CERT_PATH', alipayRootCertPath: 'ALIPAY_ROOT_CERT_PATH' } as const;

interface SingleAppOptions {
  readonly appId: string | undefined;
  readonly publicKey: string | undefined;
  readonly aesKey: string | undefined;
  readonly signType: string | undefined;
  readonly appPrivateKey: string | undefined;
  readonly appCert: string | undefined;
  readonly rootCert: string | undefined;
}

/** The single app of --public-key/--aes-key/--sign-type and ALIPAY_*; undefined when none of them is set. */
function singleApp(options: SingleAppOptions, env: CliEnv): AppSettings | undefined {
  const publicKey = setting(options.publicKey, '--public-key') ?? setting(env.ALIPAY_PUBLIC_KEY, 'ALIPAY_PUBLIC_KEY');
  const aesKey = setting(options.aesKey, '--aes-key') ?? setting(env.ALIPAY_AES_KEY, 'ALIPAY_AES_KEY');
  const signType = setting(options.signType, '--sign-type') ?? setting(env.ALIPAY_SIGN_TYPE, 'ALIPAY_SIGN_TYPE');
  const appPrivateKey = setting(options.appPrivateKey, '--app-private-key') ?? setting(env.ALIPAY_APP_PRIVATE_KEY, 'ALIPAY_APP_PRIVATE_KEY');
  const appCertPath = setting(options.appCert, '--app-cert') ?? setting(env.ALIPAY_APP_CERT_PATH, 'ALIPAY_APP_CERT_PATH');
  const alipayRootCertPath = setting(options.rootCert, '--root-cert') ?? setting(env.ALIPAY_ROOT_CERT_PATH, 'ALIPAY_ROOT_CERT_PATH');
  if ([publicKey, aesKey, signType, appPrivateKey, appCertPath, alipayRootCertPath].every((value) => value === undefined) && options.appId === undefined) return undefined;
  // A key left out is named as the user gives the others: options, or variables.
  const usesOptions = Object.values(options).some((value) => value !== undefined);
  const allowUnsigned = env.ALIPAY_ALLOW_UNSIGNED === undefined ? undefined : setting(TRUE_WORDS.includes(env.ALIPAY_ALLOW_UNSIGNED.trim().toLowerCase()), 'ALIPAY_ALLOW_UNSIGNED');
  const appId = (options.appId ?? env.ALIPAY_APP_ID)?.trim();
  return {
    label: appId === undefined ? 'app (options and environment)' : `app ${appId} (options and environment)`,
    appId,
    publicKey,
    aesKey,
    missingNames: usesOptions
      ? { publicKey: '--public-key', aesKey: '--aes-key', appId: options.appId === undefined && env.ALIPAY_APP_ID !== undefined ? 'ALIPAY_APP_ID' : '--app-id', appPrivateKey: '--app-private-key', appCertPath: '--app-cert', alipayRootCertPath: '--root-cert' }
      : { publicKey: 'ALIPAY_PUBLIC_KEY', aesKey: 'ALIPAY_AES_KEY', ...ENV_LOGIN_NAMES },
    signType,
    allowUnsigned,
    appPrivateKey,
    appCertPath,
    alipayRootCertPath,
    serverSettings: !usesOptions,
    baseDir: process.cwd(),
  };
}

/** `alipay.apps[0]`: where in the file an issue is, down to the app it concerns. */
function appPathOf(path: readonly PropertyKey[]): string | undefined {
  const index = path.findIndex((key) => typeof key === 'number');
  if (index < 0) return undefined;
  return path
    .slice(0, index + 1)
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** Why the config file gave no JSON, naming the absolute path tried. */
function configReadFailure(err: unknown, path: string): string {
  if (err instanceof SyntaxError) return `is not valid JSON (${path}).`;
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code === 'ENOENT') return `there is no file at ${path}: give the path of the JSON file, absolute or from the folder the command was run in.`;
  if (code === 'EISDIR') return `${path} is a folder: give the JSON file in it.`;
  return `cannot read ${path}${code === undefined ? '' : ` (${code})`}.`;
}

/**
 * The apps of a PHONEKIT_CONFIG file, validated with the server's own schema
 * (PHONEKIT_CONFIG_FILE_SCHEMA), with a finding for each problem it names.
 */
function configApps(path: string, shownAs: string, findings: FindingList): AppSettings[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    findings.add('config', shownAs, 'problem', configReadFailure(err, path));
    return [];
  }
  const file = PHONEKIT_CONFIG_FILE_SCHEMA.safeParse(json);
  if (!file.success) {
    for (const issue of file.error.issues) {
      const at = appPathOf(issue.path);
      findings.add('config', at === undefined ? shownAs : `${shownAs} ${at}`, 'problem', `${issue.message}.`);
    }
    return [];
  }
  const apps = file.data.alipay?.apps ?? [];
  if (apps.length === 0) {
    findings.add('config', shownAs, 'problem', 'no apps: expected {"alipay": {"apps": [{"appId": "...", "publicKey": "...", "aesKey": "..."}]}}.');
  }
  return apps.map((entry, i) => {
    const at = `alipay.apps[${i}]`;
    return {
      label: `app ${entry.appId} (${shownAs})`,
      appId: entry.appId,
      publicKey: setting(entry.publicKey, `${at}.publicKey`),
      aesKey: setting(entry.aesKey, `${at}.aesKey`),
      missingNames: {
        publicKey: `${at}.publicKey`,
        aesKey: `${at}.aesKey`,
        appId: `${at}.appId`,
        appPrivateKey: `${at}.appPrivateKey`,
        appCertPath: `${at}.appCertPath`,
        alipayRootCertPath: `${at}.alipayRootCertPath`,
      },
      signType: setting(entry.signType, `${at}.signType`),
      allowUnsigned: setting(entry.allowUnsigned, `${at}.allowUnsigned`),
      appPrivateKey: setting(entry.appPrivateKey, `${at}.appPrivateKey`),
      appCertPath: setting(entry.appCertPath, `${at}.appCertPath`),
      alipayRootCertPath: setting(entry.alipayRootCertPath, `${at}.alipayRootCertPath`),
      serverSettings: true,
      baseDir: dirname(path),
    };
  });
}

function printFindings(findings: readonly Finding[], stdout: (text: string) => void): void {
  let app: string | undefined;
  for (const finding of findings) {
    if (finding.app !== app) {
      stdout(`${app === undefined ? '' : '\n'}${finding.app}\n`);
      app = finding.app;
    }
    stdout(`${MARKS[finding.status]} ${CHECK_LABELS[finding.check]}${finding.setting === null ? '' : ` (${finding.setting})`}: ${finding.message}\n`);
  }
}

/** `phonekit doctor`: check an Alipay configuration offline, one finding per line. */
export const doctor: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, DOCTOR_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, DOCTOR_HELP);
  const env = io.env ?? {};
  const now = new Date();

  const findings: Finding[] = [];
  const apps: AppSettings[] = [];
  const single = singleApp(
    {
      appId: options['app-id'],
      publicKey: options['public-key'],
      aesKey: options['aes-key'],
      signType: options['sign-type'],
      appPrivateKey: options['app-private-key'],
      appCert: options['app-cert'],
      rootCert: options['root-cert'],
    },
    env,
  );
  if (single !== undefined) apps.push(single);

  const configPath = options.config ?? env.PHONEKIT_CONFIG;
  if (configPath !== undefined) {
    const shownAs = options.config === undefined ? `PHONEKIT_CONFIG ${configPath}` : configPath;
    const configFindings = new FindingList('configuration');
    apps.push(...configApps(resolve(configPath), shownAs, configFindings));
    findings.push(...configFindings.items);
  }

  if (apps.length === 0 && findings.length === 0) {
    findings.push({
      app: 'configuration',
      check: 'config',
      setting: null,
      status: 'problem',
      message:
        'no Alipay keys to check: pass --public-key and --aes-key, set ALIPAY_PUBLIC_KEY and ALIPAY_AES_KEY, or give --config FILE / PHONEKIT_CONFIG. (Without keys the server runs in sandbox mode, which it refuses when NODE_ENV=production.)',
    });
  }

  const seen = new Set<string>();
  for (const app of apps) {
    if (app.appId !== undefined) {
      if (seen.has(app.appId)) {
        findings.push({ app: app.label, check: 'config', setting: null, status: 'problem', message: `appId ${app.appId} is configured more than once: the server refuses that.` });
      }
      seen.add(app.appId);
    }
    findings.push(...checkApp(app, now));
  }

  const problems = findings.filter((f) => f.status === 'problem').length;
  if (options.json === true) {
    printJson(io, { ok: problems === 0, problems, findings });
  } else {
    printFindings(findings, io.stdout);
    io.stdout(`\n${problems === 0 ? 'No problems found.' : `${problems} problem${problems === 1 ? '' : 's'} found.`}\n`);
  }
  return problems === 0 ? EXIT_CODES.ok : EXIT_CODES.rejected;
};
