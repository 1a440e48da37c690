// Fixtures for the development app's suites (the express package's suites
// have their own copy: tests never import another package's tests or src).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AlipayScenario, AlipaySandboxKeys, SandboxIdentity } from '@phonekit/sandbox';
import { buildAlipayPhoneResponse, generateSandboxIdentity } from '@phonekit/sandbox';
import { isRecord } from '@phonekit/core';
import { createLogger, type ApiErrorCode, type ApiErrorJson, type Logger, type PhoneJson } from '@phonekit/express';
import { loadDevConfig, type DevConfig } from '../../src/index';

// One sandbox identity per test process, given explicitly: a suite never
// reads or writes the repository's .phonekit/data/sandbox-identity.json.
let testIdentity: SandboxIdentity | undefined;

/** The development app's configuration from an env record (NODE_ENV=test unless given), as main.ts reads process.env. */
export function configFromEnv(env: Record<string, string | undefined>, baseDir?: string): DevConfig {
  testIdentity ??= generateSandboxIdentity();
  return loadDevConfig({ env: { NODE_ENV: 'test', ...env }, identity: testIdentity, ...(baseDir === undefined ? {} : { baseDir }) });
}

/** The env an operator sets for one app, from keys the sandbox generated. */
export function envForKeys(keys: AlipaySandboxKeys): Record<string, string> {
  return { ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 };
}

export function silentLogger(): Logger {
  return createLogger('silent');
}

/** A pino logger writing into memory: `lines()` is every line written so far. */
export function captureLogger(level = 'info'): { logger: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger(level, sink);
  const text = (): string => chunks.join('');
  return { logger, text, lines: () => text().split('\n').filter((line) => line !== '') };
}

/** A scratch directory under os.tmpdir(), removed by `dispose`. */
export function makeScratchDir(prefix = 'phonekit-server-'): { dir: string; write: (name: string, data: string | Buffer) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, data) {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// What must never reach a client: stack frames, file paths, parser internals.
const INTERNAL_TEXT = [/\bat .+:\d+:\d+/, /node_modules/, /\/work\//, /\.ts\b/, /SyntaxError/, /Unexpected token/, /TypeError/, /\bstack\b/i];

/**
 * Checks the error envelope {error: {code, message, hint, hintZh, retryable, upstream?}}
 * with nothing else in it and no internal text, and returns the error.
 */
export function expectErrorEnvelope(body: unknown, code: ApiErrorCode): ApiErrorJson {
  expect(isRecord(body)).toBe(true);
  if (!isRecord(body)) throw new Error('not an object');
  expect(Object.keys(body)).toEqual(['error']);
  const error = body['error'];
  if (!isRecord(error)) throw new Error('error is not an object');
  expect(error['code']).toBe(code);
  expect(typeof error['message']).toBe('string');
  expect(typeof error['hint']).toBe('string');
  expect(typeof error['hintZh']).toBe('string');
  expect(typeof error['retryable']).toBe('boolean');
  expect(String(error['message']).length).toBeGreaterThan(0);
  expect(String(error['hint']).length).toBeGreaterThan(0);
  expect(String(error['hintZh']).length).toBeGreaterThan(0);
  for (const key of Object.keys(error)) expect(['code', 'message', 'hint', 'hintZh', 'retryable', 'upstream']).toContain(key);
  const text = JSON.stringify(body);
  for (const pattern of INTERNAL_TEXT) expect(text).not.toMatch(pattern);
  return error as unknown as ApiErrorJson;
}

/** Checks the success body's shape and returns it typed. */
export function expectPhoneBody(body: unknown): PhoneJson {
  if (!isRecord(body)) throw new Error(`not an object: ${JSON.stringify(body)}`);
  for (const key of ['mobile', 'countryCode', 'nationalNumber', 'e164', 'masked']) expect(typeof body[key]).toBe('string');
  expect(typeof body['valid']).toBe('boolean');
  return body as unknown as PhoneJson;
}

/** The status and error code (or phone) the server answers for each sandbox scenario. */
export type ScenarioOutcome =
  | { readonly status: 200; readonly phone: Partial<PhoneJson> }
  | { readonly status: number; readonly code: ApiErrorCode; readonly retryable?: boolean; readonly upstream?: ApiErrorJson['upstream'] };

export const SCENARIO_OUTCOMES: Readonly<Record<AlipayScenario, ScenarioOutcome>> = {
  success: {
    status: 200,
    phone: { mobile: '13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', masked: '138****2222', region: 'CN' },
  },
  overseas: { status: 200, phone: { mobile: '1-1234432112', countryCode: '1', nationalNumber: '1234432112', e164: '+11234432112' } },
  'empty-mobile': { status: 422, code: 'NO_PHONE_BOUND', retryable: false },
  busy: { status: 503, code: 'ALIPAY_BUSY', retryable: true, upstream: { code: '20000', msg: 'Service Currently Unavailable', subCode: 'aop.unknow-error', subMsg: '系统繁忙' } },
  'missing-sign-type': {
    status: 502,
    code: 'ALIPAY_MISSING_SIGN_TYPE',
    retryable: false,
    upstream: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-default-signature-type', subMsg: '应用未设置默认签名类型' },
  },
  'missing-encrypt-key': {
    status: 502,
    code: 'ALIPAY_MISSING_ENCRYPT_KEY',
    retryable: false,
    upstream: { code: '40001', msg: 'Missing Required Arguments', subCode: 'isv.missing-encrypt-key', subMsg: '缺少加密配置' },
  },
  'invalid-encrypt': {
    status: 502,
    code: 'ALIPAY_INVALID_ENCRYPT',
    retryable: false,
    upstream: { code: '40002', msg: 'Invalid Arguments', subCode: 'isv.invalid-encrypt', subMsg: '加密异常' },
  },
  'not-authorised': {
    status: 403,
    code: 'ALIPAY_NOT_AUTHORISED',
    retryable: false,
    upstream: { code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.invalid-auth-relations', subMsg: '无效的授权关系' },
  },
  'insufficient-permissions': {
    status: 502,
    code: 'ALIPAY_INSUFFICIENT_PERMISSIONS',
    retryable: false,
    upstream: {
      code: '40006',
      msg: 'Insufficient Permissions',
      subCode: 'isv.insufficient-isv-permissions',
      subMsg: 'ISV权限不足，建议在开发者中心检查对应功能是否已经添加',
    },
  },
  unsigned: { status: 422, code: 'SIGNATURE_MISSING', retryable: false },
  'tampered-sign': { status: 422, code: 'SIGNATURE_INVALID', retryable: false },
};

/** The button-event form {encryptedData, sign} of a res.response string, when it has a ciphertext. */
export function eventDetailOf(raw: string): { encryptedData: string; sign?: string } | undefined {
  const parsed: unknown = JSON.parse(raw);
  if (!isRecord(parsed) || typeof parsed['response'] !== 'string') return undefined;
  const sign = parsed['sign'];
  return typeof sign === 'string' ? { encryptedData: parsed['response'], sign } : { encryptedData: parsed['response'] };
}

/** The ciphertext and sign of a signed res.response string. */
export function partsOf(raw: string): { ciphertext: string; sign: string } {
  const parsed: unknown = JSON.parse(raw);
  if (!isRecord(parsed) || typeof parsed['response'] !== 'string' || typeof parsed['sign'] !== 'string') throw new Error('expected a signed, encrypted payload');
  return { ciphertext: parsed['response'], sign: parsed['sign'] };
}

/**
 * A success payload whose ciphertext AND sign both contain '+': the character
 * a url-decoder turns into a space. Ciphertext and sign are deterministic for
 * a given body (zero IV, PKCS#1 v1.5), so the mobile is varied until one fits.
 */
export function successPayloadWithPlus(keys: AlipaySandboxKeys): { raw: string; mobile: string } {
  for (let i = 0; i < 1000; i++) {
    const mobile = `1381111${String(i).padStart(4, '0')}`;
    const raw = buildAlipayPhoneResponse(keys, 'success', { mobile });
    const { ciphertext, sign } = partsOf(raw);
    if (ciphertext.includes('+') && sign.includes('+')) return { raw, mobile };
  }
  throw new Error('no payload with a "+" in 1000 tries');
}
