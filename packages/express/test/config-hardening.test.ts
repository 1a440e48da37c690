// SHUTDOWN_GRACE_MS and CORS_ORIGINS, read and refused with the others.
import { ConfigError } from '../src/config';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { configFromEnv, envForKeys } from './support/server-fixtures';

const keys = envForKeys(generateAlipaySandboxKeys());

function refusal(env: Record<string, string>): ConfigError {
  try {
    configFromEnv({ ...keys, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('SHUTDOWN_GRACE_MS', () => {
  it('defaults to 5 s longer than REQUEST_TIMEOUT_MS', () => {
    expect(configFromEnv(keys)).toMatchObject({ requestTimeoutMs: 10_000, shutdownGraceMs: 15_000 });
    expect(configFromEnv({ ...keys, REQUEST_TIMEOUT_MS: '30000' })).toMatchObject({ requestTimeoutMs: 30_000, shutdownGraceMs: 35_000 });
  });

  it('takes a value longer than REQUEST_TIMEOUT_MS', () => {
    expect(configFromEnv({ ...keys, SHUTDOWN_GRACE_MS: '10001' }).shutdownGraceMs).toBe(10_001);
    expect(configFromEnv({ ...keys, REQUEST_TIMEOUT_MS: '2000', SHUTDOWN_GRACE_MS: '60000' }).shutdownGraceMs).toBe(60_000);
  });

  it.each([
    [{ SHUTDOWN_GRACE_MS: '10000' }, /^SHUTDOWN_GRACE_MS: is 10000 ms, not longer than REQUEST_TIMEOUT_MS \(10000 ms\).*like 15000/],
    [{ SHUTDOWN_GRACE_MS: '3000' }, /^SHUTDOWN_GRACE_MS: is 3000 ms, not longer than REQUEST_TIMEOUT_MS \(10000 ms\)/],
    [{ REQUEST_TIMEOUT_MS: '20000', SHUTDOWN_GRACE_MS: '15000' }, /^SHUTDOWN_GRACE_MS: is 15000 ms, not longer than REQUEST_TIMEOUT_MS \(20000 ms\).*like 25000/],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, /^SHUTDOWN_GRACE_MS: /],
    [{ SHUTDOWN_GRACE_MS: '1.5' }, /^SHUTDOWN_GRACE_MS: /],
  ])('refuses %p', (env, message) => {
    const error = refusal(env);
    expect(error.variable).toBe('SHUTDOWN_GRACE_MS');
    expect(error.message).toMatch(message);
  });
});

describe('CORS_ORIGINS', () => {
  it('is empty by default: no CORS', () => {
    expect(configFromEnv(keys).corsOrigins).toEqual([]);
    expect(configFromEnv({ ...keys, CORS_ORIGINS: ' ' }).corsOrigins).toEqual([]);
  });

  it('reads a comma-separated list of origins', () => {
    expect(configFromEnv({ ...keys, CORS_ORIGINS: 'https://shop.example, http://localhost:5173,https://[::1]:8443' }).corsOrigins).toEqual([
      'https://shop.example',
      'http://localhost:5173',
      'https://[::1]:8443',
    ]);
  });

  it.each([
    ['*', /^CORS_ORIGINS: "\*": list the web origins allowed to call the API one by one.*wildcards \("\*"\) are not accepted/],
    ['https://shop.example/', /"https:\/\/shop\.example\/" is not a web origin: write scheme:\/\/host\[:port\] with no path and no trailing slash/],
    ['https://shop.example/app', /is not a web origin/],
    ['shop.example', /"shop\.example" is not a web origin/],
    ['https://SHOP.example', /is not a web origin/],
    ['https://shop.example:443', /is not a web origin/],
    ['ftp://shop.example', /is not a web origin/],
    ['null', /is not a web origin/],
    ['https://a.example,https://*.example', /"https:\/\/\*\.example": list the web origins .*wildcards/],
  ])('refuses %p', (value, message) => {
    const error = refusal({ CORS_ORIGINS: value });
    expect(error.variable).toBe('CORS_ORIGINS');
    expect(error.message).toMatch(message);
  });
});
