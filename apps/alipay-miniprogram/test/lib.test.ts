import { DEFAULT_CONFIG, resolveConfig } from '../src/config';
import type { PhonekitConfig } from '../src/config';
import { maskPhone } from '../src/lib/mask-phone';
import { phoneView, withRevealed } from '../src/lib/phone-view';

describe('resolveConfig', () => {
  it('defaults to the local server, no app id, no sandbox and no developer details', () => {
    expect(resolveConfig()).toEqual({
      serverUrl: 'http://127.0.0.1:3000',
      appId: '',
      sandbox: false,
      sandboxScenario: 'success',
      sandboxMobile: '',
      sandboxUser: 'sandbox-user',
      debug: false,
    });
    expect(resolveConfig()).toEqual(DEFAULT_CONFIG);
  });

  it('reads debug: true from the overrides', () => {
    expect(resolveConfig({ debug: true }).debug).toBe(true);
  });

  it('overlays overrides and drops a trailing slash from the server URL', () => {
    expect(resolveConfig({ serverUrl: 'http://10.0.0.2:3000/', sandbox: true, sandboxScenario: 'busy' })).toMatchObject({
      serverUrl: 'http://10.0.0.2:3000',
      sandbox: true,
      sandboxScenario: 'busy',
    });
  });

  it('ignores override fields of the wrong type', () => {
    // What a launch query or a simulator menu might hand over.
    const untyped: Record<string, unknown> = { sandbox: 'yes', serverUrl: 3000, debug: 'on' };
    expect(resolveConfig(untyped as Partial<PhonekitConfig>)).toEqual(DEFAULT_CONFIG);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13811112222', '138****2222'],
    ['+8613811112222', '+86138****2222'],
    ['1-1234432112', '1-*******112'],
    ['12345', '****5'],
    ['not a phone', '****'],
  ])('masks %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('phoneView', () => {
  it('prefers the server mask and reveals e164', () => {
    const english = { language: 'en', debug: false } as const;
    const view = phoneView({ mobile: '13811112222', e164: '+8613811112222', masked: '138****2222' }, false, english);
    expect(view).toMatchObject({ shown: '138****2222', revealLabel: 'tap to reveal' });
    expect(withRevealed(view, true, english)).toMatchObject({ shown: '+8613811112222', revealLabel: 'tap to hide' });
    // Chinese unless told otherwise.
    expect(phoneView({ mobile: '13811112222', e164: '', masked: '' }, false).revealLabel).toBe('点击显示完整号码');
  });
});
