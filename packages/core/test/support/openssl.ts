/**
 * Independent test vectors from the openssl CLI: keys, certificates, AES-CBC
 * ciphertexts and RSA signatures made by a different implementation than the
 * node:crypto code under test. Everything lives in one temp directory per
 * test file; call `dispose()` in afterAll.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';
export const ZERO_IV_HEX = '00000000000000000000000000000000';

/** One RSA key pair, in every form the Alipay console, SDKs and users hand out. */
export interface OpensslRsaKey {
  readonly privateKeyPath: string;
  /** PKCS#8 PEM (`BEGIN PRIVATE KEY`), as genpkey writes it. */
  readonly privateKeyPem: string;
  /** Traditional PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`). */
  readonly privateKeyPkcs1Pem: string;
  /** Bare base64 of the PKCS#8 DER: what a user pastes when they grab the wrong key. */
  readonly privateKeyPkcs8Base64: string;
  readonly privateKeyPkcs8Bytes: number;
  /** Bare base64 of the PKCS#1 RSAPrivateKey DER (`MIIEow...`). */
  readonly privateKeyPkcs1Base64: string;
  /** SPKI PEM (`BEGIN PUBLIC KEY`), from `openssl pkey -pubout`. */
  readonly publicKeyPem: string;
  /** PKCS#1 PEM (`BEGIN RSA PUBLIC KEY`), from `openssl rsa -RSAPublicKey_out`. */
  readonly publicKeyPkcs1Pem: string;
  /** Bare base64 of the SPKI DER (`MIIBIjANBg...`), as the Alipay console shows the 支付宝公钥. */
  readonly publicKeyBase64: string;
  /** Bare base64 of the PKCS#1 RSAPublicKey DER (`MIIBCgKCAQEA...`). */
  readonly publicKeyPkcs1Base64: string;
  /** Self-signed certificate, CN=alipayCertPublicKey_RSA2, valid for a day. */
  readonly certificatePem: string;
  /** The certificate's serial number as `openssl x509 -serial` prints it (upper-case hex). */
  readonly certificateSerial: string;
}

export type OpensslDigest = 'sha256' | 'sha1';

export interface EncryptOptions {
  /** Hex IV; the Alipay zero IV when absent. */
  readonly ivHex?: string;
  /** Encrypt without PKCS#7 padding (the plaintext must be a multiple of 16 bytes). */
  readonly noPad?: boolean;
}

export interface OpensslWorkspace {
  readonly dir: string;
  /** Runs openssl with `args`, feeding `input` on stdin; returns stdout. */
  run(args: readonly string[], input?: string | Buffer): Buffer;
  /** Generates a 2048-bit RSA key (`genpkey`) and exports it in every form. */
  rsaKey(name: string): OpensslRsaKey;
  /** `openssl rand -hex <bytes>`. */
  randomHex(bytes: number): string;
  /** AES-CBC with a hex key (16, 24 or 32 bytes picks 128, 192 or 256), base64 on one line. */
  encrypt(plaintext: string | Buffer, keyHex: string, options?: EncryptOptions): string;
  /** `openssl dgst -<digest> -sign` over the UTF-8 bytes of `content`; base64. */
  sign(content: string | Buffer, key: OpensslRsaKey, digest?: OpensslDigest): string;
  dispose(): void;
}

function cipherForKey(keyHex: string): string {
  const bits = (keyHex.length / 2) * 8;
  if (bits !== 128 && bits !== 192 && bits !== 256) throw new Error(`AES key of ${bits} bits`);
  return `-aes-${bits}-cbc`;
}

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** Creates a workspace in a fresh temp directory. RSA keys are made on demand. */
export function createOpensslWorkspace(): OpensslWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-core-openssl-'));
  const run = (args: readonly string[], input?: string | Buffer): Buffer =>
    execFileSync(OPENSSL, [...args], { input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  const text = (args: readonly string[]): string => run(args).toString('utf8');
  const base64 = (args: readonly string[]): string => run(args).toString('base64');

  return {
    dir,
    run,
    rsaKey(name: string): OpensslRsaKey {
      const privateKeyPath = join(dir, `${name}.key.pem`);
      const certificatePath = join(dir, `${name}.crt`);
      run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', privateKeyPath]);
      run(['req', '-x509', '-new', '-key', privateKeyPath, '-subj', '/CN=alipayCertPublicKey_RSA2', '-days', '1', '-out', certificatePath]);
      const pkcs8Der = run(['pkcs8', '-topk8', '-nocrypt', '-in', privateKeyPath, '-outform', 'DER']);
      const serialLine = text(['x509', '-in', certificatePath, '-noout', '-serial']).trim();
      return {
        privateKeyPath,
        privateKeyPem: readFileSync(privateKeyPath, 'utf8'),
        privateKeyPkcs1Pem: text(['rsa', '-in', privateKeyPath, '-traditional']),
        privateKeyPkcs8Base64: pkcs8Der.toString('base64'),
        privateKeyPkcs8Bytes: pkcs8Der.length,
        privateKeyPkcs1Base64: base64(['rsa', '-in', privateKeyPath, '-traditional', '-outform', 'DER']),
        publicKeyPem: text(['pkey', '-in', privateKeyPath, '-pubout']),
        publicKeyPkcs1Pem: text(['rsa', '-in', privateKeyPath, '-RSAPublicKey_out']),
        publicKeyBase64: base64(['pkey', '-in', privateKeyPath, '-pubout', '-outform', 'DER']),
        publicKeyPkcs1Base64: base64(['rsa', '-in', privateKeyPath, '-RSAPublicKey_out', '-outform', 'DER']),
        certificatePem: readFileSync(certificatePath, 'utf8'),
        certificateSerial: serialLine.replace(/^serial=/, ''),
      };
    },
    randomHex(bytes: number): string {
      return text(['rand', '-hex', String(bytes)]).trim();
    },
    encrypt(plaintext: string | Buffer, keyHex: string, options: EncryptOptions = {}): string {
      const args = ['enc', cipherForKey(keyHex), '-K', keyHex, '-iv', options.ivHex ?? ZERO_IV_HEX, '-base64', '-A'];
      if (options.noPad === true) args.push('-nopad');
      return run(args, plaintext).toString('utf8').trim();
    },
    sign(content: string | Buffer, key: OpensslRsaKey, digest: OpensslDigest = 'sha256'): string {
      const contentPath = join(dir, 'content.bin');
      writeFileSync(contentPath, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      return base64(['dgst', `-${digest}`, '-sign', key.privateKeyPath, contentPath]);
    },
    dispose(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Assembles a res.response JSON string by hand, field order and spacing as Alipay sends it. */
export function alipayResponseText(ciphertext: string, sign: string, signType = 'RSA2'): string {
  return `{"response":"${ciphertext}","sign":"${sign}","sign_type":"${signType}","encrypt_type":"AES","charset":"UTF-8"}`;
}
