// Issue 12, point 5: the client names the app (X-Alipay-App-Id, or "appId"
// in the body), so the configuration must not hold an app a client can aim
// at to get what it should not, and nothing a client sends is ever a 500.
// Refused at start: an app with neither a public key nor allowUnsigned, and a
// development allowUnsigned app with the AES key of an app that requires
// signatures (an unsigned ciphertext of that app would be read by naming the
// development one). Answered 4xx: a signed payload aimed at an allowUnsigned
// app without a public key, and an appId the server does not have.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { buildAlipayEventDetail, buildAlipayPhoneResponse, encryptAlipayContent, generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { createApp } from '../src/app';
import { ConfigError } from '../src/config';
import { isApiErrorCode } from '../src/errors/catalogue';
import { defineAlipayApps } from '../src/services/alipay-apps';
import { configFromEnv, envForKeys, expectErrorEnvelope, makeScratchDir, silentLogger } from './support/server-fixtures';

const ROUTE = '/api/alipay/phone-number';
const APP_A = '2021000000000001';
const APP_B = '2021000000000002';
const APP_C = '2021000000000003';
const scratch = makeScratchDir('phonekit-app-choice-');

let keysA: AlipaySandboxKeys;
let keysB: AlipaySandboxKeys;
let keysC: AlipaySandboxKeys;
let stranger: AlipaySandboxKeys;

beforeAll(() => {
  keysA = generateAlipaySandboxKeys({ appId: APP_A });
  keysB = generateAlipaySandboxKeys({ appId: APP_B });
  keysC = generateAlipaySandboxKeys({ appId: APP_C });
  stranger = generateAlipaySandboxKeys();
});

afterAll(() => {
  scratch.dispose();
});

let written = 0;
const configFile = (apps: readonly Record<string, unknown>[]): string => {
  written += 1;
  return scratch.write(`phonekit-${written}.json`, JSON.stringify({ alipay: { apps } }));
};

function refusal(load: () => unknown): ConfigError {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

const keyTexts = (): string[] => [keysA.aesKeyBase64, keysB.aesKeyBase64, keysC.aesKeyBase64, keysA.publicKeyBase64, keysB.publicKeyBase64];
const expectNoKeys = (text: string): void => {
  for (const key of keyTexts()) expect(text).not.toContain(key);
};

describe('refused at start', () => {
  test('an ALIPAY_* app with neither a public key nor ALIPAY_ALLOW_UNSIGNED', () => {
    expect(refusal(() => configFromEnv({ ALIPAY_AES_KEY: keysA.aesKeyBase64 })).variable).toBe('ALIPAY_PUBLIC_KEY');
  });

  test('a PHONEKIT_CONFIG app with neither a public key nor allowUnsigned', () => {
    const err = refusal(() => configFromEnv({ PHONEKIT_CONFIG: configFile([{ appId: APP_A, aesKey: keysA.aesKeyBase64 }]) }));
    expect(err.variable).toBe(`PHONEKIT_CONFIG alipay.apps[0] (${APP_A}).publicKey`);
  });

  test('an app given in code with neither', () => {
    expect(refusal(() => defineAlipayApps([{ appId: APP_A, aesKey: keysA.aesKeyBase64 }])).variable).toBe(`apps[0] (${APP_A}).publicKey`);
  });

  describe('an allowUnsigned app with the AES key of an app that requires signatures', () => {
    test('two PHONEKIT_CONFIG apps: names the allowUnsigned one, and both appIds', () => {
      const err = refusal(() =>
        configFromEnv({
          NODE_ENV: 'development',
          PHONEKIT_CONFIG: configFile([
            { appId: APP_A, publicKey: keysA.publicKeyBase64, aesKey: keysA.aesKeyBase64 },
            { appId: APP_B, aesKey: keysA.aesKeyBase64, allowUnsigned: true },
          ]),
        }),
      );
      expect(err.variable).toBe(`PHONEKIT_CONFIG alipay.apps[1] (${APP_B}).allowUnsigned`);
      expect(err.message).toContain(`app ${APP_B} reads unsigned payloads (allowUnsigned) with the same AES key as app ${APP_A}`);
      expect(err.message).toContain('AES key of its own');
      expectNoKeys(err.message);
    });

    test('the same key bytes given as a key file count as the same key', () => {
      const keyFile = scratch.write('shared.aes', `${keysA.aesKeyBase64}\n`);
      const err = refusal(() =>
        configFromEnv({
          NODE_ENV: 'development',
          PHONEKIT_CONFIG: configFile([
            { appId: APP_A, publicKey: keysA.publicKeyBase64, aesKey: keysA.aesKeyBase64 },
            { appId: APP_B, publicKey: keysB.publicKeyBase64, aesKey: keyFile, allowUnsigned: true },
          ]),
        }),
      );
      expect(err.variable).toBe(`PHONEKIT_CONFIG alipay.apps[1] (${APP_B}).allowUnsigned`);
    });

    test('the ALIPAY_* app signed, a PHONEKIT_CONFIG app allowUnsigned', () => {
      const err = refusal(() =>
        configFromEnv({
          NODE_ENV: 'development',
          ...envForKeys(keysA),
          ALIPAY_APP_ID: APP_A,
          PHONEKIT_CONFIG: configFile([{ appId: APP_B, aesKey: keysA.aesKeyBase64, allowUnsigned: true }]),
        }),
      );
      expect(err.variable).toBe(`PHONEKIT_CONFIG alipay.apps[0] (${APP_B}).allowUnsigned`);
      expect(err.message).toContain(`as app ${APP_A}`);
    });

    test('the ALIPAY_* app allowUnsigned, a PHONEKIT_CONFIG app signed', () => {
      const err = refusal(() =>
        configFromEnv({
          NODE_ENV: 'development',
          ALIPAY_AES_KEY: keysA.aesKeyBase64,
          ALIPAY_ALLOW_UNSIGNED: 'true',
          ALIPAY_APP_ID: APP_A,
          PHONEKIT_CONFIG: configFile([{ appId: APP_B, publicKey: keysB.publicKeyBase64, aesKey: keysA.aesKeyBase64 }]),
        }),
      );
      expect(err.variable).toBe('ALIPAY_ALLOW_UNSIGNED');
      expect(err.message).toContain(`app ${APP_A} reads unsigned payloads (allowUnsigned) with the same AES key as app ${APP_B}`);
    });

    test('apps given in code', () => {
      const err = refusal(() =>
        defineAlipayApps([
          { appId: APP_A, publicKey: keysA.publicKeyBase64, aesKey: keysA.aesKeyBase64 },
          { appId: APP_B, aesKey: keysA.aesKeyBase64, allowUnsigned: true },
        ]),
      );
      expect(err.variable).toBe(`apps[1] (${APP_B}).allowUnsigned`);
      expect(err.message).toContain(`as app ${APP_A}`);
    });
  });

  test('still allowed: an allowUnsigned app with a key of its own, and two allowUnsigned apps sharing one', () => {
    const own = configFromEnv({
      NODE_ENV: 'development',
      PHONEKIT_CONFIG: configFile([
        { appId: APP_A, publicKey: keysA.publicKeyBase64, aesKey: keysA.aesKeyBase64 },
        { appId: APP_B, aesKey: keysB.aesKeyBase64, allowUnsigned: true },
        { appId: APP_C, aesKey: keysB.aesKeyBase64, allowUnsigned: true },
      ]),
    });
    expect([...own.alipayApps.keys()].sort()).toEqual([APP_A, APP_B, APP_C]);
  });
});

describe('the probe\'s configuration: an allowUnsigned app sharing a signed app\'s AES key', () => {
  test('cannot be configured, so an unsigned ciphertext of the signed app is never read by naming it', () => {
    // The probe's configuration: it used to start, and an unsigned body
    // encrypted with app A's key, sent naming B, answered 200 with a phone.
    const load = (): unknown =>
      configFromEnv({
        NODE_ENV: 'development',
        PHONEKIT_CONFIG: configFile([
          { appId: APP_A, publicKey: keysA.publicKeyBase64, aesKey: keysA.aesKeyBase64 },
          { appId: APP_B, aesKey: keysA.aesKeyBase64, allowUnsigned: true },
        ]),
      });
    expect(load).toThrow(ConfigError);
  });
});

describe('what a client aims at an app', () => {
  test('a signed payload sent to an allowUnsigned app without a public key is 422 PUBLIC_KEY_MISSING, not a 500', async () => {
    const app = createApp(configFromEnv({ NODE_ENV: 'development', ALIPAY_AES_KEY: keysA.aesKeyBase64, ALIPAY_ALLOW_UNSIGNED: 'true' }), { logger: silentLogger() });
    const res = await request(app).post(ROUTE).set('Content-Type', 'text/plain').send(buildAlipayPhoneResponse(keysA, 'success'));
    expect(res.status).toBe(422);
    expect(expectErrorEnvelope(res.body, 'PUBLIC_KEY_MISSING').hint).toContain('ALIPAY_PUBLIC_KEY');
  });

  test('with one app and ALIPAY_APP_ID set, another X-Alipay-App-Id or "appId" is 400 APP_NOT_CONFIGURED, never read with its keys', async () => {
    const app = createApp(configFromEnv({ ...envForKeys(keysA), ALIPAY_APP_ID: APP_A }), { logger: silentLogger() });
    const payload = buildAlipayPhoneResponse(keysA, 'success');
    const byHeader = await request(app).post(ROUTE).set('X-Alipay-App-Id', APP_B).set('Content-Type', 'text/plain').send(payload);
    expect(byHeader.status).toBe(400);
    expect(expectErrorEnvelope(byHeader.body, 'APP_NOT_CONFIGURED').message).toContain(APP_B);
    const byBody = await request(app).post(ROUTE).set('Content-Type', 'application/json').send(JSON.stringify({ response: payload, appId: APP_B }));
    expect(byBody.status).toBe(400);
    expectErrorEnvelope(byBody.body, 'APP_NOT_CONFIGURED');
    expect((await request(app).post(ROUTE).set('X-Alipay-App-Id', APP_A).set('Content-Type', 'text/plain').send(payload)).status).toBe(200);
  });
});

describe('no 5xx for what a client sends (seeded property loop)', () => {
  interface Served {
    readonly name: string;
    readonly server: Server;
  }
  const served: Served[] = [];

  beforeAll(async () => {
    const configs: [string, Record<string, string>][] = [
      ['one signed app, no ALIPAY_APP_ID', envForKeys(keysA)],
      ['one signed app with ALIPAY_APP_ID', { ...envForKeys(keysA), ALIPAY_APP_ID: APP_A }],
      ['one allowUnsigned app without a public key', { NODE_ENV: 'development', ALIPAY_AES_KEY: keysC.aesKeyBase64, ALIPAY_ALLOW_UNSIGNED: 'true', ALIPAY_APP_ID: APP_C }],
      [
        'three apps: A and B signed, C allowUnsigned without a public key',
        {
          NODE_ENV: 'development',
          ...envForKeys(keysA),
          ALIPAY_APP_ID: APP_A,
          PHONEKIT_CONFIG: configFile([
            { appId: APP_B, publicKey: keysB.publicKeyBase64, aesKey: keysB.aesKeyBase64 },
            { appId: APP_C, aesKey: keysC.aesKeyBase64, allowUnsigned: true },
          ]),
        },
      ],
    ];
    for (const [name, env] of configs) {
      const server = createServer(createApp(configFromEnv(env), { logger: silentLogger() }));
      await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
      served.push({ name, server });
    }
  });

  afterAll(async () => {
    await Promise.all(served.map(({ server }) => new Promise((closed) => server.close(closed))));
  });

  const HEADER_TEXT = /^[\x20-\x7e\t]*$/;
  const oddAppId = fc.oneof(
    fc.constantFrom(APP_A, APP_B, APP_C, '2021000000000009', '', ' ', '\t', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', `${APP_A} `, ` ${APP_B}`, `${APP_A},${APP_B}`, 'x'.repeat(4000), '%00', '../..'),
    fc.string({ maxLength: 64 }).filter((text) => HEADER_TEXT.test(text)),
  );

  type Body = (appId: string) => string;
  const bodies: Record<string, Body> = {
    'A success': () => buildAlipayPhoneResponse(keysA, 'success', { mobile: '13811110001' }),
    'B success': () => buildAlipayPhoneResponse(keysB, 'success', { mobile: '13811110002' }),
    'C signed success (C has no public key)': () => buildAlipayPhoneResponse(keysC, 'success', { mobile: '13811110003' }),
    'C unsigned success': () => buildAlipayPhoneResponse(keysC, 'unsigned', { mobile: '13811110003' }),
    'A unsigned success': () => buildAlipayPhoneResponse(keysA, 'unsigned'),
    'stranger success': () => buildAlipayPhoneResponse(stranger, 'success'),
    'A tampered sign': () => buildAlipayPhoneResponse(keysA, 'tampered-sign'),
    'A event detail': () => JSON.stringify(buildAlipayEventDetail(keysA)),
    'wrapper naming an odd appId': (appId) => JSON.stringify({ response: buildAlipayPhoneResponse(keysB, 'success'), appId }),
    'wrapper with a non-string appId': () => JSON.stringify({ response: buildAlipayPhoneResponse(keysA, 'success'), appId: { toString: 1 } }),
    'unsigned unencrypted success body': () => JSON.stringify({ response: { code: '10000', msg: 'Success', mobile: '13811112222' } }),
    'C key, garbage plaintext': () => JSON.stringify({ response: encryptAlipayContent('not json', keysC.aesKeyBase64) }),
    'C key, array plaintext': () => JSON.stringify({ response: encryptAlipayContent('[1,2]', keysC.aesKeyBase64) }),
    'C key, no code': () => JSON.stringify({ response: encryptAlipayContent('{"mobile":"13811112222"}', keysC.aesKeyBase64) }),
    'C key, numeric mobile': () => JSON.stringify({ response: encryptAlipayContent('{"code":"10000","mobile":13811112222}', keysC.aesKeyBase64) }),
    'empty': () => '',
    'not base64': () => JSON.stringify({ response: '***' }),
  };
  const contentTypes = ['text/plain', 'application/json', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data', 'foo', undefined] as const;

  const arbitraryRequest = fc.record({
    // No header at all half the time, so the body's appId (or the only app) decides often enough to reach phones.
    header: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      { arbitrary: fc.constantFrom(APP_A, APP_B, APP_C), weight: 2 },
      { arbitrary: oddAppId, weight: 1 },
      { arbitrary: fc.array(oddAppId, { minLength: 2, maxLength: 3 }), weight: 1 },
    ),
    bodyAppId: oddAppId,
    body: fc.oneof(fc.constantFrom(...Object.keys(bodies)), fc.json({ maxDepth: 2 }).map((json) => `json:${json}`), fc.string({ maxLength: 200 }).map((text) => `text:${text}`)),
    contentType: fc.constantFrom(...contentTypes),
  });

  function bodyFor(kind: string, appId: string): string {
    if (kind.startsWith('json:') || kind.startsWith('text:')) return kind.slice(5);
    const make = bodies[kind];
    if (make === undefined) throw new Error(`no body ${kind}`);
    return make(appId);
  }

  test('odd app ids, headers, content types and bodies, against four configurations: every answer below 500, in the envelope', async () => {
    const seen: Record<string, number> = {};
    for (const [index, { name, server }] of served.entries()) {
      const { port } = server.address() as AddressInfo;
      const samples = fc.sample(arbitraryRequest, { seed: 0x5ee5 + index, numRuns: 150 });
      for (const sample of samples) {
        let call = request(`http://127.0.0.1:${port}`).post(ROUTE);
        // Several X-Alipay-App-Id lines reach the route joined with ", " (node joins repeated x- headers): send them so.
        if (sample.header !== undefined) call = call.set('X-Alipay-App-Id', Array.isArray(sample.header) ? sample.header.join(', ') : sample.header);
        if (sample.contentType !== undefined) call = call.set('Content-Type', sample.contentType);
        const res = await call.send(bodyFor(sample.body, sample.bodyAppId));
        const bodyKind = sample.body.includes(':') ? sample.body.slice(0, 4) : sample.body;
        const code = (res.body as { error?: { code?: unknown } }).error?.code;
        // The whole picture on a failure: which configuration, which request, what came back.
        expect({ name, bodyKind, header: sample.header, status: res.status < 500, code }).toEqual({ name, bodyKind, header: sample.header, status: true, code });
        if (res.status === 200) expect((res.body as { mobile?: unknown }).mobile).toMatch(/^1381111/);
        else expect(isApiErrorCode(code)).toBe(true);
        seen[`${res.status}`] = (seen[`${res.status}`] ?? 0) + 1;
      }
    }
    // The loop reached phones and refusals both, so it tested something.
    expect(seen['200']).toBeGreaterThan(10);
    expect(seen['422']).toBeGreaterThan(10);
    expect(seen['400']).toBeGreaterThan(10);
  }, 180_000);
});
