import { MINIPROGRAM_DIRS } from './support/miniprogram-dirs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertAcss, convertRpx, scopeSelector } from '../src/template/convert-acss';
import { TemplateError } from '../src/template/template-error';

const options = { scope: '.pk-screen', file: 'pages/x/x.acss' };

describe('convertRpx', () => {
  test('converts rpx for a 375 px wide screen: 750rpx is 375px', () => {
    expect(convertRpx('width: 750rpx')).toBe('width: 375px');
    expect(convertRpx('padding: 32rpx 1rpx 0 -12rpx')).toBe('padding: 16px 0.5px 0 -6px');
    expect(convertRpx('margin: .5rpx 1.25rpx')).toBe('margin: 0.25px 0.625px');
  });

  test('leaves other units alone', () => {
    expect(convertRpx('font-size: 14px; line-height: 1.5; width: 50%')).toBe('font-size: 14px; line-height: 1.5; width: 50%');
  });
});

describe('scopeSelector', () => {
  test('nests a class selector inside the screen', () => {
    expect(scopeSelector('.title', '.pk-screen')).toBe('.pk-screen .title');
  });

  test('turns the page selector into the screen itself', () => {
    expect(scopeSelector('page', '.pk-screen')).toBe('.pk-screen');
    expect(scopeSelector('page .title', '.pk-screen')).toBe('.pk-screen .title');
  });

  test('maps tag selectors to what the renderer draws', () => {
    expect(scopeSelector('view > text', '.pk-screen')).toBe('.pk-screen .pk-view > .pk-text');
    expect(scopeSelector('image', '.pk-screen')).toBe('.pk-screen img.pk-image');
    expect(scopeSelector('button:disabled', '.pk-screen')).toBe('.pk-screen button:disabled');
  });

  test('leaves classes that merely contain a tag name alone', () => {
    expect(scopeSelector('.page .text-muted', '.pk-screen')).toBe('.pk-screen .page .text-muted');
  });
});

describe('convertAcss', () => {
  test('scopes every rule and converts rpx', () => {
    const css = convertAcss('page { padding: 32rpx; }\n.error-hint,\n.error-hint-zh { font-size: 26rpx; }', options);
    expect(css).toBe('.pk-screen { padding: 16px; }\n.pk-screen .error-hint,\n.pk-screen .error-hint-zh { font-size: 13px; }\n');
  });

  test('scopes rules inside @media and keeps @keyframes as they are', () => {
    const css = convertAcss('@media (max-width: 400px) { .a { width: 100rpx; } }\n@keyframes spin { from { opacity: 0; } to { opacity: 1; } }', options);
    expect(css).toContain('@media (max-width: 400px) {\n.pk-screen .a { width: 50px; }\n}');
    expect(css).toContain('@keyframes spin { from { opacity: 0; } to { opacity: 1; } }');
  });

  test('ignores braces inside comments and strings', () => {
    const css = convertAcss('/* { not a rule } */\n.a::before { content: "}"; }', options);
    expect(css).toBe('.pk-screen .a::before { content: "}"; }\n');
  });

  test('refuses @import loudly, naming the file and the line', () => {
    expect(() => convertAcss('.a {}\n\n@import "./b.acss";', options)).toThrow(TemplateError);
    try {
      convertAcss('.a {}\n\n@import "./b.acss";', options);
    } catch (err) {
      expect(err instanceof TemplateError && err.describe()).toMatch(/^pages\/x\/x\.acss:3: @import is not supported/);
    }
  });

  test('refuses a rule that is never closed', () => {
    expect(() => convertAcss('.a { color: red;', options)).toThrow(/never closed/);
  });

  test("converts the mini-program's real page styles without complaint", () => {
    const css = convertAcss(readFileSync(join(MINIPROGRAM_DIRS.alipay, 'pages/phone/phone.acss'), 'utf8'), options);
    expect(css).toMatch(/\.pk-screen \.page \{\s*padding: 16px;/);
    expect(css).not.toMatch(/rpx/);
  });
});
