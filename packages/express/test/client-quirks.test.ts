// What real clients send in place of res.response, through the real router
// over HTTP: each is answered with the code and words that name it exactly.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import express, { type Express } from 'express';
import request from 'supertest';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { alipayRouter } from '../src/routes/alipay';
import { defineAlipayApps } from '../src/services/alipay-apps';
import { configFromEnv, envForKeys, expectErrorEnvelope, expectPhoneBody, makeScratchDir, partsOf, silentLogger } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
/** What my.request sends for an object given as data, unless headers say otherwise. */
const MY_REQUEST_FORM = 'application/x-www-form-urlencoded; charset=UTF-8';

let keys: AlipaySandboxKeys;
let app: Express;
const scratch = makeScratchDir('phonekit-quirks-');

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
  app = createApp(configFromEnv(envForKeys(keys)), { logger: silentLogger() });
});

afterAll(() => {
  scratch.dispose();
});

describe('my.request({data: {response: res.response}}), form-encoded by default', () => {
  test('is PAYLOAD_FORM_ENCODED naming the content type it came with and both fixes', async () => {
    const raw = buildAlipayPhoneResponse(keys, 'success');
    const res = await request(app).post(ROUTE).set('Content-Type', MY_REQUEST_FORM).send(new URLSearchParams({ response: raw }).toString());
    expect(res.status).toBe(400);
    const error = expectErrorEnvelope(res.body, 'PAYLOAD_FORM_ENCODED');
    expect(error.message).toMatch(/^The payload is form-encoded \(response=\.\.\.\), not JSON: my\.request \(and my\.httpRequest\) send an object given as data as application\/x-www-form-urlencoded/);
    expect(error.message).toContain('data: res.response');
    expect(error.message).toContain("headers: {'content-type': 'application/json'} with data: JSON.stringify({response: res.response})");
    expect(error.message).toMatch(/This request came with Content-Type: application\/x-www-form-urlencoded\.$/);
    expect(error.hint).toContain("headers: {'content-type': 'application/json'}");
    expect(error.message).not.toMatch(/not JSON: expected/);
  });

  test('names a missing or odd Content-Type as it is, never echoing header junk', async () => {
    const raw = buildAlipayPhoneResponse(keys, 'success');
    const form = new URLSearchParams({ response: raw }).toString();
    const bare = await request(app).post(ROUTE).send(Buffer.from(form, 'utf8'));
    expect(expectErrorEnvelope(bare.body, 'PAYLOAD_FORM_ENCODED').message).toMatch(/This request came with no Content-Type header\.$/);
    const odd = await request(app).post(ROUTE).set('Content-Type', 'text/plain<script>').send(form);
    const message = expectErrorEnvelope(odd.body, 'PAYLOAD_FORM_ENCODED').message;
    expect(message).toMatch(/This request came with a Content-Type that is not a media type\.$/);
    expect(message).not.toContain('<script>');
  });

  test('the same fields form-encoded one by one (data: JSON.parse(res.response)) are named too', async () => {
    const { ciphertext, sign } = partsOf(buildAlipayPhoneResponse(keys, 'success'));
    const res = await request(app).post(ROUTE).set('Content-Type', MY_REQUEST_FORM).send(new URLSearchParams({ response: ciphertext, sign, sign_type: 'RSA2' }).toString());
    expect(expectErrorEnvelope(res.body, 'PAYLOAD_FORM_ENCODED').message).toMatch(/^The payload is form-encoded \(response=\.\.\.\)/);
  });

  test('is named before the app is looked up: with two apps it is not APP_ID_REQUIRED', async () => {
    const other = generateAlipaySandboxKeys({ appId: '2021000000000002' });
    const mine = generateAlipaySandboxKeys({ appId: '2021000000000001' });
    const apps = defineAlipayApps([
      { appId: '2021000000000001', publicKey: mine.publicKeyBase64, aesKey: mine.aesKeyBase64 },
      { appId: '2021000000000002', publicKey: other.publicKeyBase64, aesKey: other.aesKeyBase64 },
    ]);
    const twoApps = express().use('/api/alipay', alipayRouter({ alipayApps: apps }, { logger: silentLogger() }));
    const raw = buildAlipayPhoneResponse(mine, 'success');
    const form = await request(twoApps).post(ROUTE).set('Content-Type', MY_REQUEST_FORM).send(new URLSearchParams({ response: raw }).toString());
    expectErrorEnvelope(form.body, 'PAYLOAD_FORM_ENCODED');
    const parsed = await request(twoApps).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: JSON.parse(raw) as unknown }));
    expectErrorEnvelope(parsed.body, 'PAYLOAD_RESPONSE_PARSED');
  });

  test('sent right (JSON with the string inside, or the string itself) it gives the phone', async () => {
    const raw = buildAlipayPhoneResponse(keys, 'success');
    const json = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: raw }));
    expect(expectPhoneBody(json.body).masked).toBe('138****2222');
    const bare = await request(app).post(ROUTE).set('Content-Type', MY_REQUEST_FORM).send(raw);
    expect(expectPhoneBody(bare.body).masked).toBe('138****2222');
  });
});

describe('{"response": <an object>}: res.response JSON.parse\'d before it was wrapped', () => {
  test.each([
    ['a signed, encrypted answer', 'success'],
    ['a signed, unencrypted answer (40001 isv.missing-encrypt-key)', 'missing-encrypt-key'],
    ['an unsigned answer', 'unsigned'],
  ] as const)('%s is PAYLOAD_RESPONSE_PARSED, not SIGNATURE_MISSING and not the console', async (_title, scenario) => {
    const raw = buildAlipayPhoneResponse(keys, scenario);
    const res = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: JSON.parse(raw) as unknown }));
    expect(res.status).toBe(400);
    const error = expectErrorEnvelope(res.body, 'PAYLOAD_RESPONSE_PARSED');
    expect(error.message).toMatch(/^"response" must be the res\.response STRING as my\.getPhoneNumber gave it; you sent a parsed object \(JSON\.parse\(res\.response\)\).*post the string unchanged/);
    expect(`${error.message} ${error.hint}`).not.toMatch(/console|接口加签方式|ALIPAY_/);
  });
});

describe('a ciphertext response re-serialised on the way (Gson, PHP json_encode)', () => {
  /** A sandbox payload whose ciphertext holds both "/" and "=", so both escapes change its text. */
  function payloadWithSlashAndPadding(): string {
    for (let i = 0; i < 500; i++) {
      const raw = buildAlipayPhoneResponse(keys, 'success', { mobile: `1381111${String(i).padStart(4, '0')}` });
      const { ciphertext } = partsOf(raw);
      if (ciphertext.includes('/') && ciphertext.includes('=')) return raw;
    }
    throw new Error('no ciphertext with "/" and "=" in 500 tries');
  }

  test.each([
    ['Gson (= as \\u003d)', (text: string): string => text.replace(/=/g, '\\u003d')],
    ["PHP json_encode (/ as \\/)", (text: string): string => text.replace(/\//g, '\\/')],
  ] as const)('%s verifies over the quoted decoded string and gives the phone', async (_title, reserialise) => {
    const raw = payloadWithSlashAndPadding();
    const sent = reserialise(raw);
    expect(sent).not.toBe(raw);
    const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(sent);
    expect(res.status).toBe(200);
    expect(expectPhoneBody(res.body).e164).toMatch(/^\+86138111\d{5}$/);
  });
});

describe("Alipay's root certificate given as the public key", () => {
  test('the server refuses to start naming alipayRootCert.crt and the file ALIPAY_PUBLIC_KEY takes', () => {
    const openssl = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: scratch.dir, stdio: 'pipe' });
    };
    // Like the real bundle: an SM2 root first (as NRCAC ROOTCA), then an RSA root.
    openssl('ecparam', '-name', 'SM2', '-genkey', '-noout', '-out', 'sm2.key');
    openssl('req', '-x509', '-new', '-key', 'sm2.key', '-sm3', '-subj', '/C=CN/O=NRCAC/CN=ROOTCA', '-days', '30', '-out', 'sm2-root.crt');
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa-root.key', '-subj', '/C=CN/O=Ant Financial/CN=Ant Financial Certification Authority R1', '-days', '30', '-out', 'rsa-root.crt');
    const bundle = execFileSync('cat', ['sm2-root.crt', 'rsa-root.crt'], { cwd: scratch.dir, encoding: 'utf8' });
    scratch.write('alipayRootCert.crt', bundle);
    expect(() => configFromEnv({ ...envForKeys(keys), ALIPAY_PUBLIC_KEY: `@${join(scratch.dir, 'alipayRootCert.crt')}` })).toThrow(
      /^ALIPAY_PUBLIC_KEY: This is the Alipay ROOT certificate \(alipayRootCert\.crt\).*As the Alipay public key use alipayCertPublicKey_RSA2\.crt/,
    );
  });
});
