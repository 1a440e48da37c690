import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Inputs of the QQ, Kuaishou, Douyin and Baidu decrypt commands, made by the
 * openssl CLI (an implementation independent of core's), with the commands
 * written out where they run:
 *
 *   openssl rand -hex 16                                             (session_key, iv; 24 bytes for Baidu's key)
 *   openssl enc -aes-128-cbc -K <hex> -iv <hex> -base64 -A           (QQ, Kuaishou, Douyin legacy)
 *   openssl enc -aes-192-cbc -K <hex> -iv <hex> -nopad               (Baidu, over our own 32-byte PKCS#7 padding)
 *   openssl genrsa -out douyin-private.pem 2048                      (Douyin's application key pair)
 *   openssl rsa -in douyin-private.pem -pubout -out douyin-public.pem
 *   openssl rsa -in douyin-private.pem -traditional -out douyin-private-pkcs1.pem
 *   openssl pkeyutl -encrypt -pubin -inkey douyin-public.pem -pkeyopt rsa_padding_mode:pkcs1
 */
export function opensslBytes(args: readonly string[], input?: Buffer | string): Buffer {
  return execFileSync('openssl', [...args], { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `openssl rand -hex <bytes>`. */
export function randomHex(bytes: number): string {
  return opensslBytes(['rand', '-hex', String(bytes)]).toString('utf8').trim();
}

/** A WeChat-shaped phone object as QQ, Kuaishou and Douyin's legacy flow encrypt it. */
export function phoneData(appid: string, timestamp = Math.floor(Date.now() / 1000), phone = '13811112222'): string {
  return JSON.stringify({ phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { appid, timestamp } });
}

/** `openssl enc -aes-128-cbc -K <keyHex> -iv <ivHex> -base64 -A` over `plaintext`. */
export function aes128Encrypt(plaintext: string, keyHex: string, ivHex: string): string {
  return opensslBytes(['enc', '-aes-128-cbc', '-K', keyHex, '-iv', ivHex, '-base64', '-A'], plaintext).toString('utf8').trim();
}

/**
 * Baidu's ciphertext of `json` for `appKey`: 16 random bytes, the JSON's
 * length (4 bytes, big-endian), the JSON, the App Key, PKCS#7-padded to
 * 32-byte blocks as Baidu's own PHP sample unpads it, then
 * `openssl enc -aes-192-cbc -K <keyHex> -iv <ivHex> -nopad`.
 */
export function baiduEncrypt(json: string, appKey: string, keyHex: string, ivHex: string): string {
  const body = Buffer.from(json, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([opensslBytes(['rand', '16']), length, body, Buffer.from(appKey, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  return opensslBytes(['enc', '-aes-192-cbc', '-K', keyHex, '-iv', ivHex, '-nopad'], padded).toString('base64');
}

export interface DouyinKeyPair {
  /** PKCS#8 PEM, as openssl 3 genrsa writes it. */
  readonly privateKeyPath: string;
  readonly privateKeyPem: string;
  /** PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"). */
  readonly privateKeyPkcs1Path: string;
  readonly publicKeyPath: string;
}

/** An RSA-2048 pair made by openssl genrsa in `dir`, with `name` before each file's name. */
export function makeDouyinKeyPair(dir: string, name: string): DouyinKeyPair {
  const privateKeyPath = join(dir, `${name}-private.pem`);
  const privateKeyPkcs1Path = join(dir, `${name}-private-pkcs1.pem`);
  const publicKeyPath = join(dir, `${name}-public.pem`);
  opensslBytes(['genrsa', '-out', privateKeyPath, '2048']);
  opensslBytes(['rsa', '-in', privateKeyPath, '-pubout', '-out', publicKeyPath]);
  opensslBytes(['rsa', '-in', privateKeyPath, '-traditional', '-out', privateKeyPkcs1Path]);
  return { privateKeyPath, privateKeyPem: readFileSync(privateKeyPath, 'utf8'), privateKeyPkcs1Path, publicKeyPath };
}

/** get_phonenumber_info's "data" for `json`: `openssl pkeyutl -encrypt -pubin -pkeyopt rsa_padding_mode:pkcs1`, base64. */
export function douyinEncrypt(json: string, publicKeyPath: string): string {
  return opensslBytes(['pkeyutl', '-encrypt', '-pubin', '-inkey', publicKeyPath, '-pkeyopt', 'rsa_padding_mode:pkcs1'], json).toString('base64');
}

/**
 * `make()` again until its base64 holds both "+" and "/" (random ciphertexts
 * of a few hundred characters lack one about once in 250), so a test that
 * turns them into spaces or the URL-safe alphabet always changes something.
 */
export function withPlusAndSlash(make: () => string): string {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const base64 = make();
    if (base64.includes('+') && base64.includes('/')) return base64;
  }
  throw new Error('100 ciphertexts in a row without both "+" and "/"');
}
