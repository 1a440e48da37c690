import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  PhonekitError,
  alipayCertSn,
  alipayRootCertSn,
  loadAlipayAesKey,
  loadAlipayAppPrivateKey,
  loadAlipayPublicKey,
  type AlipayAppPrivateKey,
  type AlipayPublicKey,
} from '@phonekit/core';
import { KeyFileError, readKeyText } from '@phonekit/express';
import { loadPublicKeyArgument } from '../lib/alipay-key-arguments';
import { certificatesIn, commonName, isSelfSigned, validityFinding } from './doctor-certificates';
import { isBlank, type FindingList, type Setting } from './doctor-findings';

/**
 * The Alipay login's settings of one app (POST /api/alipay/login): the
 * application private key (应用私钥) that signs alipay.system.oauth.token, and
 * in certificate mode (公钥证书) the app certificate and Alipay's root
 * bundle. Checked as express's loginConfigOf reads them, plus what the server
 * cannot tell at start but doctor can (expiry, a key pair mix-up).
 */
export interface LoginSettings {
  readonly appId: string | undefined;
  readonly publicKey: Setting<string> | undefined;
  readonly appPrivateKey: Setting<string> | undefined;
  readonly appCertPath: Setting<string> | undefined;
  readonly alipayRootCertPath: Setting<string> | undefined;
  readonly allowUnsigned: boolean;
  /** What each setting is called when it is not set (the option, variable or config field). */
  readonly names: {
    readonly appId: string;
    readonly publicKey: string;
    readonly appPrivateKey: string;
    readonly appCertPath: string;
    readonly alipayRootCertPath: string;
  };
  /** Whether the settings are the server's (environment, PHONEKIT_CONFIG) rather than options given to doctor alone. */
  readonly serverSettings: boolean;
  readonly baseDir: string;
}

const spkiOf = (key: KeyObject): Buffer => (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });

/** A setting's text: the value, or the file it names; a KeyFileError's message otherwise. */
function readText(value: string, baseDir: string): { ok: true; text: string; file: string | undefined } | { ok: false; message: string } {
  try {
    const { text, file } = readKeyText(value, baseDir);
    return { ok: true, text, file };
  } catch (err) {
    if (err instanceof KeyFileError) return { ok: false, message: `cannot be read: ${err.message}` };
    throw err;
  }
}

/** A certificate setting is always a path (`@` optional), never pasted text, as the server reads it. */
const asPath = (value: string): string => (value.trim().startsWith('@') ? value : `@${value.trim()}`);

function loadsAs<T>(load: (text: string) => T, text: string): T | undefined {
  try {
    return load(text);
  } catch {
    return undefined;
  }
}

const PUBLIC_KEY_FORMS: Readonly<Record<Exclude<AlipayPublicKey['format'], 'certificate'>, string>> = {
  'spki-base64': 'SPKI, bare base64',
  'spki-pem': 'SPKI PEM, "BEGIN PUBLIC KEY"',
  'pkcs1-pem': 'PKCS#1 PEM, "BEGIN RSA PUBLIC KEY"',
  'pkcs1-base64': 'PKCS#1, bare base64',
};

/** Why a text that is not a private key was given as one: a public key, a certificate, the AES key; or core's message. */
function notAPrivateKey(text: string, error: PhonekitError, app: LoginSettings): string {
  const publicKey = loadsAs(loadAlipayPublicKey, text);
  const publicKeyName = app.publicKey?.name ?? app.names.publicKey;
  if (publicKey?.format === 'certificate') {
    // core's subject is "C=CN, O=..., CN=...".
    const subject = publicKey.certificate?.subject.split(', ').find((part) => part.startsWith('CN='));
    return `holds a certificate${subject === undefined ? '' : ` (${subject})`}, not a private key. Certificates go in ${app.appCertPath?.name ?? app.names.appCertPath} (appCertPublicKey_<appId>.crt), ${app.alipayRootCertPath?.name ?? app.names.alipayRootCertPath} (alipayRootCert.crt) and ${publicKeyName} (alipayCertPublicKey_RSA2.crt); this setting takes the application private key (应用私钥) the certificate was issued for.`;
  }
  if (publicKey !== undefined) {
    return `holds an RSA public key (${PUBLIC_KEY_FORMS[publicKey.format]}), not a private key: requests are signed with the application private key (应用私钥), the other half of the pair the Alipay key tool (支付宝开放平台密钥工具) made. Its public half (应用公钥) is what you upload to the console; the Alipay public key (支付宝公钥) goes in ${publicKeyName}.`;
  }
  if (loadsAs(loadAlipayAesKey, text) !== undefined) {
    return 'holds an AES key, not the application private key: the AES key belongs in the AES key setting; the private key is the long 应用私钥 (MIIEv... or a "BEGIN PRIVATE KEY" PEM).';
  }
  return `${error.message} ${error.hint}`;
}

/** "with 3 line breaks and 2 spaces inside" for base64 written over several lines; '' for one clean line. */
function whitespaceInside(text: string): string {
  const inner = text.trim();
  const breaks = (inner.match(/\r?\n/g) ?? []).length;
  const spaces = (inner.match(/[ \t]/g) ?? []).length;
  const parts = [breaks > 0 ? `${breaks} line break${breaks === 1 ? '' : 's'}` : '', spaces > 0 ? `${spaces} space${spaces === 1 ? '' : 's'}` : ''].filter((part) => part !== '');
  return parts.length === 0 ? '' : `, written with ${parts.join(' and ')} inside (accepted: whitespace in base64 is ignored)`;
}

function describePrivateKey(key: AlipayAppPrivateKey, text: string, file: string | undefined): string {
  const bits = `${key.modulusBits}-bit RSA`;
  const from = file === undefined ? '' : ` (read from ${file})`;
  switch (key.format) {
    case 'pkcs8-base64':
      return `PKCS#8, bare base64${whitespaceInside(text)}, ${bits}${from}: the key tool's "PKCS8(Java适用)" form.`;
    case 'pkcs1-base64':
      return `PKCS#1, bare base64${whitespaceInside(text)}, ${bits}${from}: accepted (the server reads PKCS#1 and PKCS#8 alike); this is the key tool's "PKCS1(非Java适用)" form.`;
    case 'pkcs8-pem':
      return `PKCS#8 PEM ("BEGIN PRIVATE KEY"), ${bits}${from}: accepted.`;
    case 'pkcs1-pem':
      return `PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), ${bits}${from}: accepted (the server reads PKCS#1 and PKCS#8 alike).`;
  }
}

/** The application private key, checked and described; undefined when it cannot be used. */
function checkPrivateKey(app: LoginSettings, value: Setting<string>, findings: FindingList): AlipayAppPrivateKey | undefined {
  const read = readText(value.value, app.baseDir);
  if (!read.ok) {
    findings.add('app-private-key', value.name, 'problem', read.message);
    return undefined;
  }
  let key: AlipayAppPrivateKey;
  try {
    key = loadAlipayAppPrivateKey(read.text);
  } catch (err) {
    if (!(err instanceof PhonekitError)) throw err;
    findings.add('app-private-key', value.name, 'problem', notAPrivateKey(read.text, err, app));
    return undefined;
  }
  findings.add('app-private-key', value.name, 'ok', describePrivateKey(key, read.text, read.file));
  if (key.modulusBits < 2048) {
    findings.add('app-private-key', value.name, 'note', `a ${key.modulusBits}-bit key: the Alipay key tool makes 2048-bit keys (RSA2); make a new pair and upload its public half.`);
  }
  return key;
}

/**
 * The classic mix-up: the Alipay public key slot holds the private key's own
 * public half. Either the application public key (应用公钥) was pasted where
 * Alipay's belongs, or whoever configured this generated both pairs and
 * holds Alipay's private key, which only a sandbox does.
 */
function checkAgainstAlipayKey(app: LoginSettings, key: AlipayAppPrivateKey, alipayKey: AlipayPublicKey | undefined, findings: FindingList): void {
  if (app.publicKey === undefined || alipayKey === undefined) return;
  const privateName = app.appPrivateKey?.name ?? app.names.appPrivateKey;
  if (!spkiOf(key.key).equals(spkiOf(alipayKey.key))) {
    findings.add('app-private-key', privateName, 'ok', `its public half is not ${app.publicKey.name}: the Alipay key is not your own application public key pasted in its place.`);
    return;
  }
  const what =
    alipayKey.format === 'certificate'
      ? `holds a certificate of the public half of ${privateName}: that is your app certificate (appCertPublicKey_<appId>.crt), not Alipay's. ${app.publicKey.name} must be the Alipay public key certificate (alipayCertPublicKey_RSA2.crt) the console issues beside it`
      : `is the public half of ${privateName}: that is your app's public key (应用公钥), which you upload to Alipay. ${app.publicKey.name} must be the Alipay public key (支付宝公钥) the console shows after you upload it (开发设置 > 接口加签方式 > 查看)`;
  findings.add(
    'public-key',
    app.publicKey.name,
    'problem',
    `${what}. (Or ${privateName} is the Alipay private key, and this configuration signs as Alipay: only the sandbox holds that key.) The server refuses to start with this.`,
  );
}

function checkAppCertificate(app: LoginSettings, value: Setting<string>, key: AlipayAppPrivateKey | undefined, alipayKey: AlipayPublicKey | undefined, now: Date, findings: FindingList): void {
  const read = readText(asPath(value.value), app.baseDir);
  if (!read.ok) {
    findings.add('app-cert', value.name, 'problem', read.message);
    return;
  }
  const [first] = certificatesIn(read.text);
  if (first === undefined || first === null) {
    findings.add('app-cert', value.name, 'problem', `${notACertificate(read.text, 'appCertPublicKey_<appId>.crt')}`);
    return;
  }
  let sn: string;
  try {
    sn = alipayCertSn(read.text);
  } catch (err) {
    if (!(err instanceof PhonekitError)) throw err;
    findings.add('app-cert', value.name, 'problem', `${err.message} ${err.hint}`);
    return;
  }
  const certKey = spkiOf(first.publicKey);
  const privateName = app.appPrivateKey?.name ?? app.names.appPrivateKey;
  if (key !== undefined && !certKey.equals(spkiOf(key.key))) {
    const isAlipays = alipayKey !== undefined && certKey.equals(spkiOf(alipayKey.key));
    findings.add(
      'app-cert',
      value.name,
      'problem',
      `the app private key does not match the app certificate: ${value.name} (${commonName(first)}) certifies another key than ${privateName}${isAlipays ? `; it certifies the Alipay public key (it is alipayCertPublicKey_RSA2.crt, which goes in ${app.publicKey?.name ?? app.names.publicKey})` : ''}. Give the appCertPublicKey_<appId>.crt the console issued for this key pair, or set ${privateName} to the private key whose CSR the certificate was issued for. The server refuses to start with this.`,
    );
  }
  const from = read.file === undefined ? '' : ` (read from ${read.file})`;
  findings.add('app-cert', value.name, 'ok', `${commonName(first)}, valid ${first.validFrom} to ${first.validTo}${from}; app_cert_sn ${sn}.`);
  const validity = validityFinding(first, now, `download the new appCertPublicKey_<appId>.crt from the Alipay console (开发设置 > 接口加签方式 > 证书), with the key pair it was issued for`);
  if (validity !== undefined) findings.add('app-cert', value.name, ...validity);
}

function checkRootCertificate(app: LoginSettings, value: Setting<string>, key: AlipayAppPrivateKey | undefined, now: Date, findings: FindingList): void {
  const read = readText(asPath(value.value), app.baseDir);
  if (!read.ok) {
    findings.add('root-cert', value.name, 'problem', read.message);
    return;
  }
  const certificates = certificatesIn(read.text);
  if (certificates.length === 0) {
    findings.add('root-cert', value.name, 'problem', notACertificate(read.text, 'alipayRootCert.crt'));
    return;
  }
  let sn: string;
  try {
    sn = alipayRootCertSn(read.text);
  } catch (err) {
    if (!(err instanceof PhonekitError)) throw err;
    findings.add('root-cert', value.name, 'problem', `${err.message} ${err.hint}`);
    return;
  }
  const [first] = certificates;
  if (first !== null && first !== undefined && key !== undefined && spkiOf(first.publicKey).equals(spkiOf(key.key))) {
    findings.add(
      'root-cert',
      value.name,
      'problem',
      `holds the app certificate (of ${app.appPrivateKey?.name ?? app.names.appPrivateKey}'s key), not Alipay's root bundle: give alipayRootCert.crt here (if ${app.appCertPath?.name ?? app.names.appCertPath} holds the root, the two paths are swapped).`,
    );
    return;
  }
  const from = read.file === undefined ? '' : ` (read from ${read.file})`;
  const rsaSigned = sn.split('_').length;
  findings.add('root-cert', value.name, 'ok', `${certificates.length} certificate${certificates.length === 1 ? '' : 's'}, ${rsaSigned} RSA-signed${from}; alipay_root_cert_sn ${sn}.`);
  if (first !== null && first !== undefined && !isSelfSigned(first)) {
    findings.add('root-cert', value.name, 'note', `its first certificate (${commonName(first)}) is not a self-signed root: alipayRootCert.crt holds only roots. Check that this is the alipayRootCert.crt the console gives.`);
  }
  for (const [index, cert] of certificates.entries()) {
    if (cert === null) continue;
    const validity = validityFinding(cert, now, 'download the current alipayRootCert.crt from the Alipay console');
    if (validity !== undefined) findings.add('root-cert', value.name, validity[0], `certificate ${index + 1} (${commonName(cert)}): ${validity[1]}`);
  }
}

/** What a certificate file holds instead of a certificate, never echoing it. */
function notACertificate(text: string, expected: string): string {
  if (/PRIVATE KEY-----/.test(text)) return `holds a private key, not a certificate: this setting takes ${expected}, and a private key must never be copied beside certificates.`;
  if (/PUBLIC KEY-----/.test(text)) return `holds a public key, not a certificate: in certificate mode (公钥证书) this setting takes ${expected} from the Alipay console.`;
  return `holds no PEM certificate ("-----BEGIN CERTIFICATE-----"): this setting takes ${expected} from the Alipay console.`;
}

/**
 * The login checks of one app, in the order the server reads its settings
 * (express config.ts loginConfigOf): without a private key the login is off
 * (POST /api/alipay/login answers 503 ALIPAY_LOGIN_NOT_CONFIGURED) and a
 * certificate path alone refuses the start; with one, the key, the appId,
 * the Alipay key, and in certificate mode both certificates.
 */
export function checkLogin(app: LoginSettings, now: Date, findings: FindingList): void {
  const appCert = isBlank(app.appCertPath) ? undefined : app.appCertPath;
  const rootCert = isBlank(app.alipayRootCertPath) ? undefined : app.alipayRootCertPath;
  if (app.appPrivateKey === undefined || isBlank(app.appPrivateKey)) {
    const name = app.appPrivateKey?.name ?? app.names.appPrivateKey;
    for (const [check, given] of [['app-cert', appCert], ['root-cert', rootCert]] as const) {
      if (given !== undefined) {
        findings.add(check, given.name, 'problem', `is only used by the login, which needs ${name} (应用私钥) too: the server refuses to start with it alone. Set ${name}, or remove ${given.name}.`);
      }
    }
    if (appCert !== undefined || rootCert !== undefined) return;
    findings.add(
      'login',
      name,
      'note',
      app.serverSettings
        ? `not set: the Alipay login is off, and POST /api/alipay/login answers 503 ALIPAY_LOGIN_NOT_CONFIGURED until ${name} holds the application private key (应用私钥) whose public half is uploaded under 接口加签方式. The phone-number route works without it.`
        : `not given: the Alipay login's keys were not checked. Add ${name} (and, in certificate mode, ${app.names.appCertPath} and ${app.names.alipayRootCertPath}) to check them.`,
    );
    return;
  }

  const key = checkPrivateKey(app, app.appPrivateKey, findings);
  const privateName = app.appPrivateKey.name;
  if (app.appId === undefined || !/^\d{1,32}$/.test(app.appId)) {
    findings.add(
      'login',
      app.names.appId,
      'problem',
      `${app.appId === undefined ? 'not set' : 'is not all digits'}: the login needs the appId (${privateName} is set), since alipay.system.oauth.token names the app by it: the digits the Alipay console shows (16 for a mini-program). The server refuses to start without it.`,
    );
  }
  const loaded = app.publicKey === undefined || isBlank(app.publicKey) ? undefined : loadPublicKeyArgument(app.publicKey.value, app.baseDir);
  const alipayKey = loaded?.ok === true ? loaded.value : undefined;
  if (loaded === undefined && app.allowUnsigned) {
    // Without allowUnsigned the public-key check has already called the missing key a problem.
    findings.add(
      'login',
      app.publicKey?.name ?? app.names.publicKey,
      'problem',
      `not set, and the login needs it (${privateName} is set): every answer of Alipay's gateway is verified with the Alipay public key (支付宝公钥), whatever allowUnsigned says. The server refuses to start without it.`,
    );
  }
  if (key !== undefined) checkAgainstAlipayKey(app, key, alipayKey, findings);

  if (appCert === undefined && rootCert === undefined) {
    if (alipayKey?.format === 'certificate') {
      findings.add(
        'login',
        null,
        'note',
        `${app.publicKey?.name ?? app.names.publicKey} is a certificate, but ${app.names.appCertPath} and ${app.names.alipayRootCertPath} are not set: the login signs in public key mode (公钥模式). If the app uses 公钥证书 in the console, the gateway refuses requests without app_cert_sn and alipay_root_cert_sn: set both.`,
      );
    }
    return;
  }
  if (appCert === undefined || rootCert === undefined) {
    const [check, missing, present] = appCert === undefined ? (['app-cert', app.names.appCertPath, rootCert?.name ?? ''] as const) : (['root-cert', app.names.alipayRootCertPath, appCert.name] as const);
    findings.add(
      check,
      missing,
      'problem',
      `not set, but ${present} is: certificate mode (公钥证书) needs both appCertPublicKey_<appId>.crt (${app.names.appCertPath}) and alipayRootCert.crt (${app.names.alipayRootCertPath}), or neither (public key mode). The server refuses to start with one alone.`,
    );
  }
  if (appCert !== undefined) checkAppCertificate(app, appCert, key, alipayKey, now, findings);
  if (rootCert !== undefined) checkRootCertificate(app, rootCert, key, now, findings);
  if (appCert !== undefined && rootCert !== undefined && alipayKey !== undefined && alipayKey.format !== 'certificate') {
    findings.add(
      'public-key',
      app.publicKey?.name ?? app.names.publicKey,
      'problem',
      `must be the Alipay public key certificate (alipayCertPublicKey_RSA2.crt) in certificate mode (${app.names.appCertPath} and ${app.names.alipayRootCertPath} are set): the gateway signs with the key of that certificate. The server refuses to start with a bare key here.`,
    );
  }
}
