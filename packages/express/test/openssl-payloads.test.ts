// Payloads made by the openssl CLI, an implementation that shares no code with
// ours, sent to a listening server configured through env variables. If the
// server opens what openssl sealed, neither side is grading its own homework.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config';
import { startServer } from '../src/start-server';
import type { RunningServer } from '../src/start-server';
import { expectErrorEnvelope, expectPhoneBody, makeScratchDir, silentLogger } from './support/server-fixtures';

const OPENSSL = '/usr/bin/openssl';
const ZERO_IV_HEX = '0'.repeat(32);

function openssl(args: readonly string[], input?: string): Buffer {
  return execFileSync(OPENSSL, args, { input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
}

const scratch = makeScratchDir('phonekit-openssl-');
let privateKeyPath: string;
let publicKeyPath: string;
let publicKeyPem: string;
let aesKeyHex: string;
let aes256KeyHex: string;
let signed = 0;

beforeAll(() => {
  privateKeyPath = `${scratch.dir}/alipay-private.pem`;
  publicKeyPath = `${scratch.dir}/alipay-public.pem`;
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', privateKeyPath]);
  openssl(['pkey', '-in', privateKeyPath, '-pubout', '-out', publicKeyPath]);
  publicKeyPem = readFileSync(publicKeyPath, 'utf8');
  aesKeyHex = openssl(['rand', '-hex', '16']).toString('utf8').trim();
  aes256KeyHex = openssl(['rand', '-hex', '32']).toString('utf8').trim();
});

afterAll(() => {
  scratch.dispose();
});

const base64OfHex = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** `openssl enc -aes-<bits>-cbc -K <hex> -iv 0…0 -base64 -A` over the business body. */
function opensslEncrypt(body: string, keyHex = aesKeyHex): string {
  const cipher = `-aes-${(keyHex.length / 2) * 8}-cbc`;
  return openssl(['enc', cipher, '-K', keyHex, '-iv', ZERO_IV_HEX, '-base64', '-A'], body).toString('utf8').trim();
}

/** `openssl dgst -sha256 -sign` over `content`, base64. */
function opensslSign(content: string): string {
  signed += 1;
  const contentPath = scratch.write(`signed-${signed}.txt`, content);
  return openssl(['dgst', '-sha256', '-sign', privateKeyPath, contentPath]).toString('base64');
}

/** A res.response string as Alipay sends it, written by hand: sign over the QUOTED ciphertext. */
function opensslPayload(body: string, options: { keyHex?: string; signUnquoted?: boolean } = {}): string {
  const ciphertext = opensslEncrypt(body, options.keyHex);
  const sign = opensslSign(options.signUnquoted === true ? ciphertext : `"${ciphertext}"`);
  return `{"response":"${ciphertext}","sign":"${sign}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`;
}

async function post(server: RunningServer, payload: string, contentType = 'application/x-www-form-urlencoded'): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/alipay/phone-number`, { method: 'POST', headers: { 'content-type': contentType }, body: payload });
  return { status: res.status, body: await res.json() };
}

const KEY_FORMS = [
  { name: 'bare base64 SPKI', value: (): string => publicKeyPem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '') },
  { name: 'a PEM', value: (): string => publicKeyPem },
  { name: 'a path to a PEM file', value: (): string => publicKeyPath },
  { name: 'an @path to a PEM file', value: (): string => `@${publicKeyPath}` },
] as const;

describe('POST /api/alipay/phone-number', () => {
  for (const form of KEY_FORMS) {
    describe(`on a listening server in production with ALIPAY_PUBLIC_KEY given as ${form.name}`, () => {
      let server: RunningServer;
      beforeAll(async () => {
        const config = loadConfig({ env: { NODE_ENV: 'production', ALIPAY_PUBLIC_KEY: form.value(), ALIPAY_AES_KEY: base64OfHex(aesKeyHex) } });
        expect(config.mode).toBe('configured');
        server = await startServer(config, { port: 0, logger: silentLogger() });
      });
      afterAll(async () => {
        await server.close();
      });

      describe('with an openssl-made mainland success payload', () => {
        it('answers 200 with the phone', async () => {
          const { status, body } = await post(server, opensslPayload('{"code":"10000","msg":"Success","mobile":"13811112222"}'));
          expect(status).toBe(200);
          expect(expectPhoneBody(body)).toMatchObject({ mobile: '13811112222', countryCode: '86', e164: '+8613811112222', masked: '138****2222' });
        });
      });

      describe('with an openssl-made overseas success payload sent as text/plain', () => {
        it('answers 200 with countryCode 1', async () => {
          const { status, body } = await post(server, opensslPayload('{"code":"10000","msg":"Success","mobile":"1-1234432112"}'), 'text/plain');
          expect(status).toBe(200);
          expect(expectPhoneBody(body)).toMatchObject({ countryCode: '1', nationalNumber: '1234432112', e164: '+11234432112' });
        });
      });

      describe('with an openssl-made 40003 error body', () => {
        it('answers 403 ALIPAY_NOT_AUTHORISED with the upstream fields', async () => {
          const { status, body } = await post(
            server,
            opensslPayload('{"code":"40003","msg":"Insufficient Conditions","subCode":"isv.invalid-auth-relations","subMsg":"无效的授权关系"}'),
            'application/json',
          );
          expect(status).toBe(403);
          const error = expectErrorEnvelope(body, 'ALIPAY_NOT_AUTHORISED');
          expect(error.upstream).toEqual({ code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.invalid-auth-relations', subMsg: '无效的授权关系' });
        });
      });

      describe('with the sign made over the ciphertext WITHOUT its quotes', () => {
        it('answers 422 SIGNATURE_INVALID: the signed content is the string literal', async () => {
          const { status, body } = await post(server, opensslPayload('{"code":"10000","msg":"Success","mobile":"13811112222"}', { signUnquoted: true }));
          expect(status).toBe(422);
          expectErrorEnvelope(body, 'SIGNATURE_INVALID');
        });
      });
    });
  }

  describe('on a listening server with a 256-bit ALIPAY_AES_KEY and the public key as a relative path', () => {
    let server: RunningServer;
    beforeAll(async () => {
      const config = loadConfig({
        env: { NODE_ENV: 'production', ALIPAY_APP_ID: '2021000000000256', ALIPAY_PUBLIC_KEY: './alipay-public.pem', ALIPAY_AES_KEY: base64OfHex(aes256KeyHex) },
        baseDir: scratch.dir,
      });
      server = await startServer(config, { port: 0, logger: silentLogger() });
    });
    afterAll(async () => {
      await server.close();
    });

    describe('with an openssl-made aes-256-cbc payload', () => {
      it('answers 200 with the phone', async () => {
        const { status, body } = await post(server, opensslPayload('{"code":"10000","msg":"Success","mobile":"13922223333"}', { keyHex: aes256KeyHex }));
        expect(status).toBe(200);
        expect(expectPhoneBody(body).mobile).toBe('13922223333');
      });
    });

    describe('with an openssl-made aes-128-cbc payload (the wrong key size)', () => {
      it('answers 422 DECRYPTION_FAILED', async () => {
        const { status, body } = await post(server, opensslPayload('{"code":"10000","msg":"Success","mobile":"13922223333"}'));
        expect(status).toBe(422);
        expectErrorEnvelope(body, 'DECRYPTION_FAILED');
      });
    });
  });
});
