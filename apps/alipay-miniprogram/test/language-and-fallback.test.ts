/**
 * The page for the people who use it: it speaks the client's language
 * (Chinese unless Alipay says another), shows developer details only with
 * config.debug, and offers a typed-in number (checked on the page, never
 * sent) when the user declines or the client is too old for the button.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PHONE_PAGE_TEXT } from '../src/lib/phone-view';
import { MANUAL_ENTRY_TEXT, confirmManualEntry, normaliseTypedPhone, pageLanguageOf } from '../src/lib/manual-phone';
import { MINIPROGRAM_ROOT, attributeOf, findElements, hasAttribute, loadPhonePage, loadTemplate } from './harness';
import type { AxmlElement, AxmlNode, LoadPhonePageOptions } from './harness';
import { CONTRACT_SIGNATURE_INVALID, startFakePhonekitServer, unusedLocalUrl } from './support/fake-phonekit-server';
import type { FakePhonekitServer } from './support/fake-phonekit-server';

let server: FakePhonekitServer;

beforeEach(async () => {
  server = await startFakePhonekitServer();
});

afterEach(async () => {
  await server.close();
});

function load(options: LoadPhonePageOptions = {}) {
  return loadPhonePage({ ...options, config: { serverUrl: server.url, ...options.config } });
}

describe('pageLanguageOf', () => {
  it.each([
    ['zh', 'zh'],
    ['zh_CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-Hant', 'zh'],
    ['zh_TW', 'zh'],
    ['zh-HK', 'zh'],
    ['ZH_cn', 'zh'],
    ['en', 'en'],
    ['en_US', 'en'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['', 'zh'],
    ['???', 'zh'],
    [undefined, 'zh'],
    [42, 'zh'],
  ])('reads %p as %s', (language, expected) => {
    expect(pageLanguageOf(language)).toBe(expected);
  });
});

describe('normaliseTypedPhone', () => {
  it.each([
    ['13811112222', '13811112222', '+8613811112222'],
    [' 138 1111 2222 ', '13811112222', '+8613811112222'],
    ['138-1111-2222', '13811112222', '+8613811112222'],
    ['+8613811112222', '13811112222', '+8613811112222'],
    ['86-13811112222', '13811112222', '+8613811112222'],
    ['19912345678', '19912345678', '+8619912345678'],
    ['852-51234567', '852-51234567', '+85251234567'],
    ['+1-2125550123', '1-2125550123', '+12125550123'],
    ['1-1234432112', '1-1234432112', '+11234432112'],
    ['+85251234567', '+85251234567', '+85251234567'],
  ])('accepts %p as %s (%s)', (typed, mobile, e164) => {
    expect(normaliseTypedPhone(typed)).toEqual({ kind: 'phone', mobile, e164 });
  });

  it.each(['12811112222', '1381111222', '138111122223', 'abc', '+86123', '86-12345678901', '+12', '0-12345678', '123-456-789-0123456789', '1381111222a'])(
    'refuses %p',
    (typed) => {
      expect(normaliseTypedPhone(typed)).toEqual({ kind: 'refused', reason: 'invalid' });
    },
  );

  it('says empty for nothing typed', () => {
    expect(normaliseTypedPhone('   ')).toEqual({ kind: 'refused', reason: 'empty' });
    expect(confirmManualEntry('', 'zh').error).toBe(MANUAL_ENTRY_TEXT.zh.manualEmpty);
    expect(confirmManualEntry('12', 'en').error).toBe(MANUAL_ENTRY_TEXT.en.manualInvalid);
  });
});

describe('the text tables', () => {
  it('have the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(PHONE_PAGE_TEXT.zh).sort()).toEqual(Object.keys(PHONE_PAGE_TEXT.en).sort());
    for (const table of [PHONE_PAGE_TEXT.zh, PHONE_PAGE_TEXT.en]) {
      for (const value of Object.values(table)) expect(value.trim()).not.toBe('');
    }
  });

  it('write the decline and typed-in sentences exactly as the WeChat and Douyin pages do (one shared file)', () => {
    const alipay = readFileSync(path.join(MINIPROGRAM_ROOT, 'lib/manual-phone.ts'), 'utf8');
    const wechat = readFileSync(path.resolve(MINIPROGRAM_ROOT, '../../wechat-miniprogram/src/lib/manual-phone.ts'), 'utf8');
    const douyin = readFileSync(path.resolve(MINIPROGRAM_ROOT, '../../douyin-miniprogram/src/lib/manual-phone.ts'), 'utf8');
    expect(wechat).toBe(alipay);
    expect(douyin).toBe(alipay);
  });
});

/** Text nodes of the template that are not only `{{ }}` bindings and punctuation. */
function hardCodedSentences(root: AxmlElement): string[] {
  const found: string[] = [];
  const visit = (node: AxmlNode): void => {
    if (node.kind === 'text') {
      const left = node.text.replace(/\{\{[\s\S]*?\}\}/g, '').replace(/[\s"',.:;·()（），。：]/g, '');
      if (left !== '') found.push(node.text.trim());
      return;
    }
    for (const attribute of node.attributes) {
      if (attribute.name === 'placeholder' && !/^\{\{[^}]*\}\}$/.test(attribute.value ?? '')) found.push(`placeholder="${attribute.value ?? ''}"`);
    }
    node.children.forEach(visit);
  };
  visit(root);
  return found;
}

/** Whether `element` sits under an `a:if="{{debug}}"`. */
function underDebugGuard(element: AxmlElement): boolean {
  for (let current: AxmlElement | null = element; current !== null; current = current.parent) {
    if (attributeOf(current, 'a:if') === '{{debug}}') return true;
  }
  return false;
}

describe('phone.axml', () => {
  const root = loadTemplate();

  it('writes no sentence itself: every text is bound to the data', () => {
    expect(hardCodedSentences(root)).toEqual([]);
  });

  it('shows the developer details (message, developer hint, code, detail rows) only under a:if="{{debug}}"', () => {
    const developer = findElements(root, (el) =>
      el.children.some((child) => child.kind === 'text' && /error\.(code|message|devHint|hint|hintZh)|item\.(label|value)|text\.errorCode/.test(child.text)),
    );
    expect(developer.length).toBeGreaterThanOrEqual(4);
    expect(developer.filter((el) => !underDebugGuard(el)).map((el) => el.tag)).toEqual([]);
    const rows = findElements(root, (el) => attributeOf(el, 'a:for') === '{{error.details}}');
    expect(rows.every(underDebugGuard)).toBe(true);
  });

  it('has a manual-entry field with a confirm button, bound to onManualInput / onManualConfirm', () => {
    const [input] = findElements(root, (el) => el.tag === 'input');
    expect(input).toBeDefined();
    if (input === undefined) return;
    expect(attributeOf(input, 'onInput')).toBe('onManualInput');
    expect(attributeOf(input, 'onConfirm')).toBe('onManualConfirm');
    expect(attributeOf(input, 'value')).toBe('{{manual.value}}');
    expect(attributeOf(input, 'placeholder')).toBe('{{text.manualPlaceholder}}');
    const confirm = findElements(root, (el) => el.tag === 'button' && attributeOf(el, 'onTap') === 'onManualConfirm');
    expect(confirm).toHaveLength(1);
    const guard = findElements(root, (el) => hasAttribute(el, 'a:if') && el.children.includes(input));
    expect(attributeOf(guard[0] ?? root, 'a:if')).toContain("status === 'declined'");
    expect(attributeOf(guard[0] ?? root, 'a:if')).toContain('!canIUseAuthButton');
  });
});

describe('the language the page speaks', () => {
  it('is Chinese on a Chinese client (the default of the fake, as of most users)', async () => {
    const { page } = await load();
    expect(page.data.language).toBe('zh');
    expect(page.data.text).toEqual(PHONE_PAGE_TEXT.zh);
    expect(page.data.declinedText).toBe(PHONE_PAGE_TEXT.zh.declined);
  });

  it('is English on an English client, and on a client in another language', async () => {
    for (const language of ['en', 'en_US', 'fr']) {
      const { page } = await load({ my: { language } });
      expect(page.data.language).toBe('en');
      expect(page.data.text).toEqual(PHONE_PAGE_TEXT.en);
    }
  });

  it('reads my.getSystemInfo when the client has no getSystemInfoSync', async () => {
    const loaded = await load({ my: { language: 'en', systemInfoSync: false } });
    await loaded.waitForIdle();
    expect(loaded.page.data.language).toBe('en');
    expect(loaded.page.data.text.title).toBe(PHONE_PAGE_TEXT.en.title);
  });

  it('is Chinese when the client cannot say', async () => {
    const { page } = await load({ my: { overrides: { getSystemInfoSync: () => { throw new Error('not supported'); } } } });
    expect(page.data.language).toBe('zh');
  });

  it('shows a server error as a kind sentence, and its hint (hintZh in Chinese, hint in English) with debug', async () => {
    server.respondWith(() => CONTRACT_SIGNATURE_INVALID);
    const zh = await load({ config: { debug: true } });
    await zh.trigger('onGetAuthorize');
    expect(zh.page.data.error.userText).toBe(PHONE_PAGE_TEXT.zh.phoneUnavailable);
    expect(zh.page.data.error.devHint).toBe('验签失败：请确认 ALIPAY_PUBLIC_KEY 是该应用的“支付宝公钥”。');

    const en = await load({ config: { debug: true }, my: { language: 'en' } });
    await en.trigger('onGetAuthorize');
    expect(en.page.data.error.userText).toBe(PHONE_PAGE_TEXT.en.phoneUnavailable);
    expect(en.page.data.error.devHint).toMatch(/^Check ALIPAY_PUBLIC_KEY is the Alipay public key/);
    expect(en.page.data.debug).toBe(true);
  });

  it('tells a user of an unreachable server what they can do, in Chinese, with no developer steps outside debug', async () => {
    const loaded = await load({ config: { serverUrl: await unusedLocalUrl() } });
    await loaded.waitForIdle();
    await loaded.trigger('onGetAuthorize');
    const { data } = loaded.page;
    expect(data.debug).toBe(false);
    expect(data.error.userText).toBe('网络连接失败，请检查网络后重试，或手动输入手机号。');
    expect(data.error.userText).not.toMatch(/serverUrl|config\.ts|SERVER_UNREACHABLE/);
    // Why the login failed is a developer detail too.
    expect(data.account).toMatchObject({ status: 'signed-out', text: PHONE_PAGE_TEXT.zh.signedOut });
  });
});

describe('typing the number instead', () => {
  it('after a decline: a valid number is shown as typed, not verified, and nothing goes to the server', async () => {
    const loaded = await load({ my: { language: 'en' } });
    await loaded.waitForIdle();
    const before = server.received.length;
    await loaded.trigger('onAuthError', { error: 11, errorMessage: 'user cancelled' });
    expect(loaded.page.data.status).toBe('declined');
    expect(loaded.page.data.declinedText).toBe(MANUAL_ENTRY_TEXT.en.declined);

    await loaded.trigger('onManualInput', { value: '138 1111 2222' });
    await loaded.trigger('onManualConfirm', { x: 1, y: 1 });
    expect(loaded.page.data.status).toBe('manual');
    expect(loaded.page.data.manual).toEqual({ value: '138 1111 2222', error: '', accepted: '13811112222' });
    expect(loaded.page.data.text.manualNotVerified).toMatch(/Not verified/);
    expect(server.received.length).toBe(before);
  });

  it('refuses an invalid number with a clear message and keeps what was typed', async () => {
    const loaded = await load();
    await loaded.trigger('onAuthError', {});
    await loaded.trigger('onManualConfirm', { value: '12345' });
    expect(loaded.page.data.status).toBe('declined');
    expect(loaded.page.data.manual).toEqual({ value: '12345', error: MANUAL_ENTRY_TEXT.zh.manualInvalid, accepted: '' });
    // Typing again clears the refusal.
    await loaded.trigger('onManualInput', { value: '852-51234567' });
    expect(loaded.page.data.manual.error).toBe('');
    await loaded.trigger('onManualConfirm', { value: '852-51234567' });
    expect(loaded.page.data).toMatchObject({ status: 'manual', manual: { accepted: '852-51234567' } });
  });

  it('works on an old client without the button', async () => {
    const loaded = await load({ my: { canIUse: { 'button.open-type.getAuthorize': false } } });
    expect(loaded.page.data.canIUseAuthButton).toBe(false);
    await loaded.trigger('onManualConfirm', { value: '+85251234567' });
    expect(loaded.page.data).toMatchObject({ status: 'manual', manual: { accepted: '+85251234567' } });
  });
});
