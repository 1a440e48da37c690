import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Keys and payloads made with the openssl CLI: an implementation independent
 * of phonekit's, so the tests cross-check core and sandbox instead of
 * agreeing with themselves.
 */
export function openssl(args: readonly string[], input?: string): Buffer {
  return execFileSync('openssl', [...args], { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export interface OpensslAlipayKeys {
  readonly dir: string;
  /** PKCS#8 PEM, Alipay's private key in the sandbox. */
  readonly privateKeyPath: string;
  readonly privateKeyPem: string;
  /** SPKI PEM. */
  readonly publicKeyPath: string;
  readonly publicKeyPem: string;
  /** SPKI bare base64, as the Alipay console shows it. */
  readonly publicKeyBase64: string;
  /** PKCS#1 PEM ("BEGIN RSA PUBLIC KEY"). */
  readonly publicKeyPkcs1Path: string;
  /** A self-signed certificate over the same key (certificate mode), valid for a year. */
  readonly certificatePath: string;
  readonly aesKeyHex: string;
  readonly aesKeyBase64: string;
  readonly aesKeyPath: string;
}

/** A fresh RSA-2048 pair, its forms, a certificate and an AES-128 key, all from openssl, in `dir`. */
export function makeOpensslAlipayKeys(dir: string, name = 'alipay'): OpensslAlipayKeys {
  mkdirSync(dir, { recursive: true });
  const privateKeyPath = join(dir, `${name}-private.pem`);
  const publicKeyPath = join(dir, `${name}-public.pem`);
  const publicKeyPkcs1Path = join(dir, `${name}-public-pkcs1.pem`);
  const certificatePath = join(dir, `${name}CertPublicKey_RSA2.crt`);
  const aesKeyPath = join(dir, `${name}-aes.key`);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', privateKeyPath]);
  openssl(['pkey', '-in', privateKeyPath, '-pubout', '-out', publicKeyPath]);
  openssl(['rsa', '-in', privateKeyPath, '-RSAPublicKey_out', '-out', publicKeyPkcs1Path]);
  openssl(['req', '-x509', '-key', privateKeyPath, '-days', '365', '-subj', '/CN=phonekit test Alipay/O=phonekit', '-out', certificatePath]);
  const aesKeyHex = openssl(['rand', '-hex', '16']).toString('utf8').trim();
  const aesKeyBase64 = Buffer.from(aesKeyHex, 'hex').toString('base64');
  writeFileSync(aesKeyPath, `${aesKeyBase64}\n`);
  const publicKeyPem = readFileSync(publicKeyPath, 'utf8');
  return {
    dir,
    privateKeyPath,
    privateKeyPem: readFileSync(privateKeyPath, 'utf8'),
    publicKeyPath,
    publicKeyPem,
    publicKeyBase64: publicKeyPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''),
    publicKeyPkcs1Path,
    certificatePath,
    aesKeyHex,
    aesKeyBase64,
    aesKeyPath,
  };
}

const ZERO_IV_HEX = '0'.repeat(32);

/** `openssl enc -aes-128-cbc -K <hex> -iv <hex> -base64 -A` over `plaintext`. */
export function opensslEncrypt(plaintext: string, keyHex: string, ivHex: string = ZERO_IV_HEX): string {
  return openssl(['enc', '-aes-128-cbc', '-K', keyHex, '-iv', ivHex, '-base64', '-A'], plaintext).toString('utf8').trim();
}

/** `openssl dgst -sha256 -sign` (RSA2) or `-sha1` (RSA) over `content`, base64. */
export function opensslSign(content: string, privateKeyPath: string, signType: 'RSA2' | 'RSA' = 'RSA2'): string {
  return openssl(['dgst', signType === 'RSA2' ? '-sha256' : '-sha1', '-sign', privateKeyPath], content).toString('base64');
}

export interface OpensslPayloadOptions {
  readonly signType?: 'RSA2' | 'RSA';
  /** Sign with another key (e.g. the app's own) instead of Alipay's. */
  readonly privateKeyPath?: string;
}

/**
 * The res.response string Alipay would send for `body`: the ciphertext, and
 * the signature over the ciphertext's JSON string literal, quotes included.
 */
export function opensslAlipayResponse(keys: OpensslAlipayKeys, body: string, options: OpensslPayloadOptions = {}): string {
  const signType = options.signType ?? 'RSA2';
  const ciphertext = opensslEncrypt(body, keys.aesKeyHex);
  const sign = opensslSign(`"${ciphertext}"`, options.privateKeyPath ?? keys.privateKeyPath, signType);
  return `{"response":"${ciphertext}","sign":"${sign}","sign_type":"${signType}","encrypt_type":"AES","charset":"UTF-8"}`;
}

/** A success body as Alipay sends it. */
export function successBody(mobile = '13811112222'): string {
  return `{"code":"10000","msg":"Success","mobile":"${mobile}"}`;
}

/** Replaces one character of the sign in the middle with another base64 character: same length, no longer valid. */
export function tamperSign(response: string): string {
  return response.replace(/"sign":"([^"]+)"/, (_match, sign: string) => {
    const middle = Math.floor(sign.length / 2);
    const swapped = sign.charAt(middle) === 'A' ? 'B' : 'A';
    return `"sign":"${sign.slice(0, middle)}${swapped}${sign.slice(middle + 1)}"`;
  });
}

/**
 * A certificate that expired years ago, made with `openssl ca` (req -x509
 * only takes a positive -days).
 */
export function makeExpiredCertificate(dir: string, privateKeyPath: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    ['[ca]', 'default_ca = CA_default', '[CA_default]', `database = ${join(dir, 'index.txt')}`, `new_certs_dir = ${dir}`, `serial = ${join(dir, 'serial')}`, 'default_md = sha256', 'policy = policy_any', '[policy_any]', 'commonName = supplied', ''].join('\n'),
  );
  const csrPath = join(dir, 'expired.csr');
  const certificatePath = join(dir, 'expiredCertPublicKey_RSA2.crt');
  openssl(['req', '-new', '-key', privateKeyPath, '-subj', '/CN=phonekit expired', '-out', csrPath]);
  openssl(['ca', '-batch', '-selfsign', '-notext', '-config', join(dir, 'ca.cnf'), '-keyfile', privateKeyPath, '-in', csrPath, '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-out', certificatePath]);
  return certificatePath;
}

/** `openssl enc -d -aes-128-cbc` (zero IV unless given) of a base64 ciphertext: the plaintext, or throws. */
export function opensslDecrypt(ciphertextBase64: string, keyHex: string, ivHex: string = ZERO_IV_HEX): string {
  return openssl(['enc', '-d', '-aes-128-cbc', '-K', keyHex, '-iv', ivHex, '-base64', '-A'], ciphertextBase64).toString('utf8');
}

/** `openssl dgst -sha256 -verify` (RSA2) or `-sha1` (RSA): whether openssl accepts `signBase64` over `content`. */
export function opensslVerify(content: string, signBase64: string, publicKeyPath: string, signType: 'RSA2' | 'RSA' = 'RSA2'): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'phonekit-cli-verify-'));
  try {
    const contentPath = join(dir, 'content');
    const signPath = join(dir, 'sign');
    writeFileSync(contentPath, content, 'utf8');
    writeFileSync(signPath, Buffer.from(signBase64, 'base64'));
    openssl(['dgst', signType === 'RSA2' ? '-sha256' : '-sha1', '-verify', publicKeyPath, '-signature', signPath, contentPath]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CA and a leaf it issued (RSA, made by openssl req and x509 -req), as Alipay ships alipayCertPublicKey_RSA2.crt: leaf, then CA. */
export function makeLeafAndCa(dir: string, leafKeyPath: string): { leafPem: string; caPem: string } {
  mkdirSync(dir, { recursive: true });
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.crt');
  const csr = join(dir, 'leaf.csr');
  const leafCert = join(dir, 'leaf.crt');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', caKey]);
  openssl(['req', '-x509', '-new', '-key', caKey, '-days', '30', '-subj', '/C=CN/O=phonekit test/CN=phonekit test CA Class 2 R1', '-out', caCert]);
  openssl(['req', '-new', '-key', leafKeyPath, '-subj', '/C=CN/O=phonekit test/CN=phonekit test Alipay public key', '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-days', '30', '-out', leafCert]);
  return { leafPem: readFileSync(leafCert, 'utf8'), caPem: readFileSync(caCert, 'utf8') };
}
