import { EXIT_CODES } from '../src/lib/exit-codes';
import { aes128Encrypt, phoneData, randomHex, withPlusAndSlash } from './support/openssl-platforms';
import { parseOneJson, runPhonekit, type RunResult } from './support/run';

// QQ, Kuaishou and Douyin's legacy flow encrypt as WeChat does (AES-128-CBC
// under the session_key; QQ and Douyin with watermark.appid, Kuaishou with no
// watermark): each command is run on data that `openssl enc -aes-128-cbc`
// made (test/support/openssl-platforms.ts).

interface Platform {
  readonly word: string;
  readonly prefix: string;
  readonly appId: string;
  readonly otherAppId: string;
  readonly login: string;
  /** Whether the data carries watermark.appid (and timestamp), checked against --app-id (and --max-age). */
  readonly watermark: boolean;
  /** The fields the "no phone" note says are missing. */
  readonly phoneFields: string;
}

const PLATFORMS: readonly Platform[] = [
  { word: 'qq', prefix: 'QQ', appId: '1112223334', otherAppId: '9998887776', login: 'code2Session', watermark: true, phoneFields: 'purePhoneNumber and countryCode' },
  { word: 'kuaishou', prefix: 'KUAISHOU', appId: 'ks671234567890123456', otherAppId: 'ks679999999999999999', login: 'code2session', watermark: false, phoneFields: 'purePhoneNumber and countryCode, nor phoneNumber' },
  { word: 'douyin', prefix: 'DOUYIN', appId: 'tt0123456789abcdef01', otherAppId: 'ttffffffffffffffff01', login: 'jscode2session', watermark: true, phoneFields: 'purePhoneNumber and countryCode' },
];

const WATERMARKED = PLATFORMS.filter((p) => p.watermark);

describe.each(PLATFORMS)('phonekit $word decrypt', ({ word, prefix, appId, login, watermark, phoneFields }) => {
  const sessionKeyHex = randomHex(16);
  let ivHex = randomHex(16);
  const encryptedData = withPlusAndSlash(() => {
    ivHex = randomHex(16);
    return aes128Encrypt(phoneData(appId), sessionKeyHex, ivHex);
  });
  const sessionKey = Buffer.from(sessionKeyHex, 'hex').toString('base64');
  const iv = Buffer.from(ivHex, 'hex').toString('base64');
  const args = ['--app-id', appId, '--session-key', sessionKey, '--iv', iv];
  const decrypt = (argv: readonly string[], stdin: string): Promise<RunResult> => runPhonekit([word, 'decrypt', ...argv], { stdin });
  const neverShowsKeys = (result: RunResult): void => {
    expect(result.stdout + result.stderr).not.toContain(sessionKey);
    expect(result.stdout + result.stderr).not.toContain(sessionKeyHex);
  };

  it('prints the decrypted object, exit 0, nothing on stderr', async () => {
    const result = await decrypt(args, encryptedData);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)).toMatchObject({ phoneNumber: '13811112222', purePhoneNumber: '13811112222', countryCode: '86', watermark: { appid: appId } });
    neverShowsKeys(result);
  });

  it('takes the event detail {encryptedData, iv} as JSON on stdin, without --iv', async () => {
    const result = await decrypt(args.slice(0, 4), JSON.stringify({ detail: { encryptedData, iv, errMsg: 'getPhoneNumber:ok' } }));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)['purePhoneNumber']).toBe('13811112222');
  });

  it(`fails with one ${prefix}_DECRYPTION_FAILED line for another session_key, printing nothing on stdout`, async () => {
    const stale = Buffer.from(randomHex(16), 'hex').toString('base64');
    const result = await decrypt(['--app-id', appId, '--session-key', stale, '--iv', iv], encryptedData);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^phonekit: ${prefix}_DECRYPTION_FAILED: .+ Hint: .+\\n$`));
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).not.toContain(stale);
  });

  it(`exits 2 with ${prefix}_SESSION_KEY_INVALID for a session_key that is not base64 of 16 bytes, saying what it is, not echoing it`, async () => {
    const result = await decrypt(['--app-id', appId, '--session-key', 'c2hvcnQ=', '--iv', iv], encryptedData);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(new RegExp(`^phonekit: ${prefix}_SESSION_KEY_INVALID: The session_key \\(--session-key\\) decodes to 5 bytes, not 16\\. Hint: Pass --session-key with the session_key exactly as ${login} returned it`));
    expect(result.stderr).not.toContain('c2hvcnQ=');
  });

  it(`says exactly what is wrong with an encryptedData that is not base64 (${prefix}_ENCRYPTED_DATA_INVALID)`, async () => {
    const result = await decrypt(args, encryptedData.replace(/\+/g, '-').replace(/\//g, '_'));
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stderr).toMatch(new RegExp(`^phonekit: ${prefix}_ENCRYPTED_DATA_INVALID: The encryptedData uses the URL-safe base64 alphabet`));
  });

  it('names where an iv of the wrong size came from', async () => {
    const result = await decrypt(args.slice(0, 4), JSON.stringify({ encryptedData, iv: 'c2hvcnQ=' }));
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stderr).toMatch(new RegExp(`^phonekit: ${prefix}_IV_INVALID: The iv \\(the "iv" on stdin\\) decodes to 5 bytes, not 16\\. Hint: Pass the iv of the same getPhoneNumber event unchanged`));
  });

  it('prints data that holds no phone, and says so on stderr without its values, exit 0', async () => {
    const userInfo = { openId: 'o-user-1', nickName: 'Band', gender: 1, watermark: { appid: appId, timestamp: Math.floor(Date.now() / 1000) } };
    const result = await decrypt(args, aes128Encrypt(JSON.stringify(userInfo), sessionKeyHex, ivHex));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(parseOneJson(result.stdout)).toEqual(userInfo);
    expect(result.stderr).toMatch(new RegExp(`^phonekit ${word} decrypt: decrypted, but there is no phone number in it \\(no ${phoneFields}; its fields: openId, nickName, gender, watermark\\)\\. It is not the encryptedData of a getPhoneNumber button: \\S+\\.getUserInfo`));
    expect(result.stderr).not.toContain('Band');
  });

  const usage = watermark
    ? `Usage: phonekit ${word} decrypt --app-id ID --session-key KEY [--iv B64] [--max-age SECONDS] < encryptedData`
    : `Usage: phonekit ${word} decrypt [--app-id ID] --session-key KEY [--iv B64] < encryptedData`;

  it.each<[string, readonly string[], RegExp]>([
    ['--session-key is missing', ['--app-id', 'A', '--iv', 'I'], /--session-key is required/],
    ['--app-key is given (it is Baidu\'s)', ['--app-key', 'A', '--session-key', 'S', '--iv', 'I'], /unknown option --app-key/],
    ...(watermark
      ? ([
          ['--app-id is missing', ['--session-key', 'S', '--iv', 'I'], /--app-id is required/],
          ['--max-age is not a number', ['--app-id', 'A', '--session-key', 'S', '--iv', 'I', '--max-age', 'soon'], /--max-age must be a whole number of seconds/],
        ] satisfies [string, readonly string[], RegExp][])
      : ([['--max-age is given (there is no timestamp)', ['--session-key', 'S', '--iv', 'I', '--max-age', '300'], /unknown option --max-age/]] satisfies [string, readonly string[], RegExp][])),
  ])('exits 2 with the usage on stderr when %s', async (_title, argv, message) => {
    const result = await decrypt(argv, encryptedData);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(usage);
  });

  it('exits 2 without --iv when stdin carries none', async () => {
    const result = await decrypt(args.slice(0, 4), encryptedData);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/--iv is required \(or pipe the event detail with its "iv"\)/);
  });

  it('exits 2 when stdin is empty', async () => {
    const result = await decrypt(args, '');
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/nothing arrived on stdin/);
  });

  it('prints its help on stdout for --help, with exit code 0', async () => {
    const result = await runPhonekit([word, 'decrypt', '--help']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout.startsWith(`${usage.replace(' [--iv B64]', ' --iv B64')}\n`)).toBe(true);
    expect(result.stdout).toContain(`phonekit: ${prefix}_DECRYPTION_FAILED: <message> Hint: <hint>`);
    expect(result.stdout).toMatch(/^Exit codes:$/m);
  });
});

describe.each(WATERMARKED)('phonekit $word decrypt on a watermark', ({ word, prefix, appId, otherAppId }) => {
  const sessionKeyHex = randomHex(16);
  const ivHex = randomHex(16);
  const sessionKey = Buffer.from(sessionKeyHex, 'hex').toString('base64');
  const iv = Buffer.from(ivHex, 'hex').toString('base64');
  const encryptedData = aes128Encrypt(phoneData(appId), sessionKeyHex, ivHex);
  const args = ['--app-id', appId, '--session-key', sessionKey, '--iv', iv];
  const decrypt = (argv: readonly string[], stdin: string): Promise<RunResult> => runPhonekit([word, 'decrypt', ...argv], { stdin });

  it(`refuses data made for another app with ${prefix}_WATERMARK_MISMATCH, naming --app-id in the fix`, async () => {
    const result = await decrypt(['--app-id', otherAppId, ...args.slice(2)], encryptedData);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^phonekit: ${prefix}_WATERMARK_MISMATCH: The data's watermark\\.appid is "${appId}", not this app's "${otherAppId}"\\. Hint: .*--app-id`));
    expect(result.stderr).not.toContain(sessionKey);
  });

  it(`refuses data older than --max-age with ${prefix}_DATA_EXPIRED, and reads it without --max-age`, async () => {
    const old = aes128Encrypt(phoneData(appId, Math.floor(Date.now() / 1000) - 3600), sessionKeyHex, ivHex);
    const result = await decrypt([...args, '--max-age', '300'], old);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stderr).toMatch(new RegExp(`^phonekit: ${prefix}_DATA_EXPIRED: .* Hint: .*--max-age`));
    const anyAge = await decrypt(args, old);
    expect(anyAge.code).toBe(EXIT_CODES.ok);
  });
});

describe('phonekit kuaishou decrypt without a watermark', () => {
  const sessionKeyHex = randomHex(16);
  const ivHex = randomHex(16);
  const sessionKey = Buffer.from(sessionKeyHex, 'hex').toString('base64');
  const iv = Buffer.from(ivHex, 'hex').toString('base64');
  const phone = { phoneNumber: '13811112222', countryCode: '86' };
  const encryptedData = aes128Encrypt(JSON.stringify(phone), sessionKeyHex, ivHex);

  it('reads data with only phoneNumber and countryCode as a phone, with or without --app-id', async () => {
    for (const argv of [['--session-key', sessionKey, '--iv', iv], ['--app-id', 'ks671234567890123456', '--session-key', sessionKey, '--iv', iv]]) {
      const result = await runPhonekit(['kuaishou', 'decrypt', ...argv], { stdin: encryptedData });
      expect(result.code).toBe(EXIT_CODES.ok);
      expect(result.stderr).toBe('');
      expect(parseOneJson(result.stdout)).toEqual(phone);
    }
  });

  it('says in its help that --app-id checks nothing', async () => {
    const result = await runPhonekit(['kuaishou', 'decrypt', '--help']);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain("--app-id ID this mini-program's AppID; accepted, but Kuaishou's data has no watermark to check it against.");
    expect(result.stdout).not.toContain('--max-age');
  });
});

describe('phonekit --help', () => {
  it('lists every decrypt command', async () => {
    const result = await runPhonekit(['--help']);
    for (const usage of ['phonekit qq decrypt', 'phonekit kuaishou decrypt', 'phonekit douyin decrypt ', 'phonekit douyin decrypt-phone', 'phonekit baidu decrypt']) {
      expect(result.stdout).toContain(usage);
    }
  });

  it("lists both of douyin's commands for 'phonekit douyin --help'", async () => {
    const result = await runPhonekit(['douyin', '--help']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/^Usage:\n {2}phonekit douyin decrypt --app-id ID .*\n {2}phonekit douyin decrypt-phone --private-key KEY/);
  });
});
