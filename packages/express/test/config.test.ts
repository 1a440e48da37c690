import type { AlipaySandboxKeys } from '@phonekit/sandbox';
import { generateAlipaySandboxKeys } from '@phonekit/sandbox';
import { ConfigError, loadConfig } from '../src/config';
import { makeScratchDir } from './support/server-fixtures';

// Configuration mistakes stop the server with a ConfigError naming the
// variable and the fix, and never with the key material in the message.

const scratch = makeScratchDir('phonekit-config-');
let keys: AlipaySandboxKeys;

beforeAll(() => {
  keys = generateAlipaySandboxKeys();
});

afterAll(() => {
  scratch.dispose();
});

function load(env: Record<string, string>, baseDir = scratch.dir) {
  return loadConfig({ env, baseDir });
}

function configErrorOf(env: Record<string, string>, baseDir?: string): ConfigError {
  try {
    load(env, baseDir);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const compact = (key: string): string => key.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');

/** No 12-character run of any secret appears in the text. */
function expectNoKeyMaterial(text: string, secrets: readonly string[]): void {
  for (const secret of secrets.map(compact)) {
    for (let i = 0; i + 12 <= secret.length; i++) {
      const window = secret.slice(i, i + 12);
      if (text.includes(window)) throw new Error(`key material "${window}" found in: ${text}`);
    }
  }
}

const URL_SAFE_AES_KEY = 'q83vEjRWeJCrze8SNFZ4k-_=';

describe('loadConfig', () => {
  for (const nodeEnv of ['development', 'test', 'production']) {
    describe(`with no keys of any platform and NODE_ENV=${nodeEnv}`, () => {
      it('throws a ConfigError naming ALIPAY_PUBLIC_KEY and pointing at the sandbox app: there is no sandbox here', () => {
        const err = configErrorOf({ NODE_ENV: nodeEnv });
        expect(err).toBeInstanceOf(Error);
        expect(err.name).toBe('ConfigError');
        expect(err.variable).toBe('ALIPAY_PUBLIC_KEY');
        expect(err.message).toMatch(/^ALIPAY_PUBLIC_KEY: no platform is configured/);
        expect(err.message).toContain('apps/dev');
      });
    });
  }

  describe('with only WeChat keys', () => {
    it('loads, with no Alipay app and WeChat configured', () => {
      const config = load({ NODE_ENV: 'production', WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'secret' });
      expect(config.mode).toBe('configured');
      expect(config.alipayApps.size).toBe(0);
      expect(config.wechat.mode).toBe('configured');
    });
  });

  describe('with ALIPAY_ALLOW_UNSIGNED=true in production', () => {
    it('throws a ConfigError naming ALIPAY_ALLOW_UNSIGNED', () => {
      const err = configErrorOf({ NODE_ENV: 'production', ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ALIPAY_ALLOW_UNSIGNED: 'true' });
      expect(err.variable).toBe('ALIPAY_ALLOW_UNSIGNED');
      expect(err.message).toContain('production');
      expectNoKeyMaterial(err.message, [keys.publicKeyBase64, keys.aesKeyBase64]);
    });
  });

  describe('with ALIPAY_ALLOW_UNSIGNED=maybe', () => {
    it('throws a ConfigError naming ALIPAY_ALLOW_UNSIGNED', () => {
      expect(configErrorOf({ ALIPAY_ALLOW_UNSIGNED: 'maybe' }).variable).toBe('ALIPAY_ALLOW_UNSIGNED');
    });
  });

  describe('with an ALIPAY_AES_KEY that is not an AES key', () => {
    const cases: ReadonlyArray<readonly [string, () => string, RegExp]> = [
      ['base64 of 10 bytes', () => Buffer.alloc(10, 9).toString('base64'), /10 bytes/],
      ['32 hex digits', () => 'a1b2c3d4e5f60718293a4b5c6d7e8f90', /hex/],
      ['the RSA public key', () => keys.publicKeyBase64, /RSA key/],
      ['a PEM', () => keys.publicKeyPem, /PEM/],
      ['URL-safe base64', () => URL_SAFE_AES_KEY, /URL-safe/],
      ['base64 in stray quotes', () => `'${keys.aesKeyBase64}'`, /not base64/],
      ['base64 with a "/" in stray double quotes', () => `"${Buffer.alloc(16, 0xff).toString('base64')}"`, /not base64/],
    ];
    for (const [name, value, looksLike] of cases) {
      it(`throws a ConfigError naming ALIPAY_AES_KEY and saying what ${name} looks like, without echoing it`, () => {
        const err = configErrorOf({ ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: value() });
        expect(err.variable).toBe('ALIPAY_AES_KEY');
        expect(err.message).toMatch(/^ALIPAY_AES_KEY: /);
        expect(err.message).toMatch(looksLike);
        expectNoKeyMaterial(err.message, [value(), keys.aesKeyBase64, keys.publicKeyBase64]);
      });
    }
  });

  describe('with a private key as ALIPAY_PUBLIC_KEY', () => {
    const cases: ReadonlyArray<readonly [string, () => string]> = [
      ['a PKCS#8 PEM', () => keys.privateKeyPem],
      ['bare base64 PKCS#8', () => compact(keys.privateKeyPem)],
    ];
    for (const [name, value] of cases) {
      it(`throws a ConfigError naming ALIPAY_PUBLIC_KEY and saying PRIVATE for ${name}`, () => {
        const err = configErrorOf({ ALIPAY_PUBLIC_KEY: value(), ALIPAY_AES_KEY: keys.aesKeyBase64 });
        expect(err.variable).toBe('ALIPAY_PUBLIC_KEY');
        expect(err.message).toContain('PRIVATE');
        expectNoKeyMaterial(err.message, [keys.privateKeyPem, keys.aesKeyBase64]);
      });
    }
  });

  describe('with the AES key as ALIPAY_PUBLIC_KEY', () => {
    it('throws a ConfigError saying it looks like the AES key', () => {
      const err = configErrorOf({ ALIPAY_PUBLIC_KEY: keys.aesKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64 });
      expect(err.variable).toBe('ALIPAY_PUBLIC_KEY');
      expect(err.message).toContain('AES key');
      expectNoKeyMaterial(err.message, [keys.aesKeyBase64]);
    });
  });

  describe('with ALIPAY_PUBLIC_KEY pasted with stray quotes', () => {
    it('throws a ConfigError naming ALIPAY_PUBLIC_KEY without echoing the key', () => {
      const err = configErrorOf({ ALIPAY_PUBLIC_KEY: `"${keys.publicKeyBase64}"`, ALIPAY_AES_KEY: keys.aesKeyBase64 });
      expect(err.variable).toBe('ALIPAY_PUBLIC_KEY');
      expect(err.message).toContain('not base64 or PEM');
      expectNoKeyMaterial(err.message, [keys.publicKeyBase64, keys.aesKeyBase64]);
    });
  });

  describe('with a path to a key file that does not exist', () => {
    it('throws a ConfigError naming ALIPAY_PUBLIC_KEY and the path', () => {
      const err = configErrorOf({ ALIPAY_PUBLIC_KEY: './keys/alipay-public.pem', ALIPAY_AES_KEY: keys.aesKeyBase64 });
      expect(err.variable).toBe('ALIPAY_PUBLIC_KEY');
      expect(err.message).toContain('./keys/alipay-public.pem');
      expect(err.message).toContain('no file');
    });

    it('throws a ConfigError naming ALIPAY_AES_KEY for an @path', () => {
      const err = configErrorOf({ ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: '@/nonexistent/phonekit/aes.key' });
      expect(err.variable).toBe('ALIPAY_AES_KEY');
      expect(err.message).toContain('/nonexistent/phonekit/aes.key');
    });
  });

  describe('with the keys given as files', () => {
    it('reads both, relative to baseDir', () => {
      scratch.write('alipay-public.pem', keys.publicKeyPem);
      scratch.write('aes.key', `${keys.aesKeyBase64}\n`);
      const config = load({ ALIPAY_PUBLIC_KEY: 'alipay-public.pem', ALIPAY_AES_KEY: './aes.key' });
      expect(config.mode).toBe('configured');
      const app = config.alipayApps.get('');
      expect(app?.publicKey?.modulusBits).toBe(2048);
      expect(app?.aesKey?.bits).toBe(128);
    });
  });

  describe('with only one of the two keys', () => {
    it('throws a ConfigError naming ALIPAY_AES_KEY when it is missing', () => {
      expect(configErrorOf({ ALIPAY_PUBLIC_KEY: keys.publicKeyBase64 }).variable).toBe('ALIPAY_AES_KEY');
    });

    it('throws a ConfigError naming ALIPAY_PUBLIC_KEY when it is missing', () => {
      const err = configErrorOf({ ALIPAY_AES_KEY: keys.aesKeyBase64 });
      expect(err.variable).toBe('ALIPAY_PUBLIC_KEY');
      expectNoKeyMaterial(err.message, [keys.aesKeyBase64]);
    });
  });

  describe('with a bad ALIPAY_SIGN_TYPE', () => {
    it('throws a ConfigError naming ALIPAY_SIGN_TYPE', () => {
      const err = configErrorOf({ ALIPAY_PUBLIC_KEY: keys.publicKeyBase64, ALIPAY_AES_KEY: keys.aesKeyBase64, ALIPAY_SIGN_TYPE: 'SHA256' });
      expect(err.variable).toBe('ALIPAY_SIGN_TYPE');
      expect(err.message).toContain('RSA2');
    });
  });

  describe('with a bad NODE_ENV or PORT', () => {
    it('throws a ConfigError naming NODE_ENV', () => {
      expect(configErrorOf({ NODE_ENV: 'staging' }).variable).toBe('NODE_ENV');
    });

    it('throws a ConfigError naming PORT', () => {
      expect(configErrorOf({ PORT: 'http' }).variable).toBe('PORT');
    });
  });

  describe('with PHONEKIT_CONFIG', () => {
    const app = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      appId: '2021000000000001',
      publicKey: keys.publicKeyBase64,
      aesKey: keys.aesKeyBase64,
      ...extra,
    });
    let written = 0;
    const configFile = (content: unknown): string => {
      written += 1;
      return scratch.write(`phonekit-${written}.json`, typeof content === 'string' ? content : JSON.stringify(content));
    };

    it('throws a ConfigError when the file is not JSON, without quoting it', () => {
      const path = configFile(`{"alipay": {"apps": [{"appId": "1", "aesKey": "${keys.aesKeyBase64}",]}}`);
      const err = configErrorOf({ PHONEKIT_CONFIG: path });
      expect(err.variable).toBe('PHONEKIT_CONFIG');
      expect(err.message).toContain('not valid JSON');
      expectNoKeyMaterial(err.message, [keys.aesKeyBase64]);
    });

    it('throws a ConfigError when the file does not exist', () => {
      const err = configErrorOf({ PHONEKIT_CONFIG: './no-such-config.json' });
      expect(err.variable).toBe('PHONEKIT_CONFIG');
      expect(err.message).toContain('cannot be read');
    });

    const schemaCases: ReadonlyArray<readonly [string, () => unknown, RegExp]> = [
      ['an empty app list', () => ({ alipay: { apps: [] } }), /alipay\.apps.*at least one app/],
      ['an app without appId', () => ({ alipay: { apps: [{ publicKey: keys.publicKeyBase64, aesKey: keys.aesKeyBase64 }] } }), /alipay\.apps\.0\.appId/],
      ['an aesKey that is a number', () => ({ alipay: { apps: [app({ aesKey: 1234 })] } }), /alipay\.apps\.0\.aesKey/],
      ['a publicKey given as an array of lines', () => ({ alipay: { apps: [app({ publicKey: keys.publicKeyPem.split('\n') })] } }), /alipay\.apps\.0\.publicKey/],
      ['apps that is not an array', () => ({ alipay: { apps: app() } }), /alipay\.apps/],
    ];
    for (const [name, content, names] of schemaCases) {
      it(`throws a ConfigError naming the field for ${name}, without key material`, () => {
        const err = configErrorOf({ PHONEKIT_CONFIG: configFile(content()) });
        expect(err.variable).toBe('PHONEKIT_CONFIG');
        expect(err.message).toMatch(names);
        expectNoKeyMaterial(err.message, [keys.publicKeyBase64, keys.aesKeyBase64]);
      });
    }

    it('throws a ConfigError naming the app and field for a bad AES key', () => {
      const err = configErrorOf({ PHONEKIT_CONFIG: configFile({ alipay: { apps: [app(), app({ appId: '2021000000000002', aesKey: URL_SAFE_AES_KEY })] } }) });
      expect(err.variable).toBe('PHONEKIT_CONFIG alipay.apps[1] (2021000000000002).aesKey');
      expectNoKeyMaterial(err.message, [URL_SAFE_AES_KEY, keys.aesKeyBase64]);
    });

    it('throws a ConfigError for an app without an aesKey', () => {
      const err = configErrorOf({ PHONEKIT_CONFIG: configFile({ alipay: { apps: [app({ aesKey: undefined })] } }) });
      expect(err.variable).toBe('PHONEKIT_CONFIG alipay.apps[0] (2021000000000001).aesKey');
    });

    it('throws a ConfigError for an appId configured twice', () => {
      const err = configErrorOf({ PHONEKIT_CONFIG: configFile({ alipay: { apps: [app(), app()] } }) });
      expect(err.message).toContain('twice');
    });

    it('throws a ConfigError for allowUnsigned in production', () => {
      const err = configErrorOf({ NODE_ENV: 'production', PHONEKIT_CONFIG: configFile({ alipay: { apps: [app({ allowUnsigned: true })] } }) });
      expect(err.variable).toBe('PHONEKIT_CONFIG alipay.apps[0] (2021000000000001).allowUnsigned');
    });

    it('loads a valid file in production', () => {
      const config = load({ NODE_ENV: 'production', PHONEKIT_CONFIG: configFile({ alipay: { apps: [app(), app({ appId: '2021000000000002', signType: 'rsa' })] } }) });
      expect(config.mode).toBe('configured');
      expect(config.alipayApps.get('2021000000000002')?.signType).toBe('RSA');
    });
  });
});
