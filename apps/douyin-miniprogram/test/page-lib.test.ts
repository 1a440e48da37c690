// The page's pieces that need no client: what each getPhoneNumber errMsg
// means, the configuration, the text tables and the template's words, and
// the contract with the server (import type only, nothing of it bundled).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compileTemplate, DOUYIN_DIALECT, type CompiledNode } from '@phonekit/simulator';
import { resolveConfig } from '../src/config';
import { pageLanguageOf } from '../src/lib/manual-phone';
import { PAGE_TEXT } from '../src/lib/page-text';
import { NOT_LOGGED_IN, PHONE_BUTTON_FAILED, refusalOf } from '../src/lib/phone-event';
import { bundledScript } from './harness/douyin-runtime';

const SRC = resolve(__dirname, '..', 'src');

describe('refusalOf (a getPhoneNumber event without :ok)', () => {
  it.each([['getPhoneNumber:fail auth deny'], ['getPhoneNumber:fail user deny'], ['getPhoneNumber:fail cancel']])('reads %s as the user declining', (errMsg) => {
    expect(refusalOf(errMsg)).toEqual({ kind: 'declined' });
  });

  it.each([['getPhoneNumber:fail not login'], ['getPhoneNumber:fail invalid session']])('reads %s as not logged in: log in again, retryable', (errMsg) => {
    const refusal = refusalOf(errMsg);
    expect(refusal.kind === 'failed' && { code: refusal.error.code, retryable: refusal.error.retryable }).toEqual({ code: NOT_LOGGED_IN, retryable: true });
  });

  it.each([['getPhoneNumber:fail platform auth deny'], ['getPhoneNumber:fail no permission'], ['getPhoneNumber:fail no phone number']])(
    'reads %s as a refusal retrying cannot fix',
    (errMsg) => {
      const refusal = refusalOf(errMsg);
      expect(refusal.kind === 'failed' && { code: refusal.error.code, retryable: refusal.error.retryable, message: refusal.error.message }).toEqual({
        code: PHONE_BUTTON_FAILED,
        retryable: false,
        message: `Douyin's getPhoneNumber button answered "${errMsg}".`,
      });
    },
  );

  it('reads internal error, or anything unknown, as retryable, with hints in both languages', () => {
    for (const errMsg of ['getPhoneNumber:fail internal error', 'getPhoneNumber:fail something new', '']) {
      const refusal = refusalOf(errMsg);
      if (refusal.kind !== 'failed') throw new Error(`${errMsg} read as declined`);
      expect(refusal.error).toEqual(expect.objectContaining({ code: PHONE_BUTTON_FAILED, retryable: true }));
      expect(refusal.error.hint).not.toBe('');
      expect(refusal.error.hintZh).not.toBe('');
    }
  });
});

describe('resolveConfig', () => {
  it('lays the override over the defaults and drops a trailing slash', () => {
    expect(resolveConfig({ serverUrl: 'https://phonekit.example.com/', sandbox: true })).toEqual({
      serverUrl: 'https://phonekit.example.com',
      debug: false,
      sandbox: true,
      sandboxUser: 'sandbox-user',
      sandboxMobile: '',
    });
  });

  it('ignores fields of the wrong type', () => {
    expect(resolveConfig({ debug: 'yes', serverUrl: '' } as unknown as Parameters<typeof resolveConfig>[0])).toEqual(resolveConfig(undefined));
  });
});

describe('the page language', () => {
  it("follows Douyin's language values", () => {
    expect([pageLanguageOf('zh_CN'), pageLanguageOf('en'), pageLanguageOf(undefined)]).toEqual(['zh', 'en', 'zh']);
  });
});

describe('the text tables', () => {
  it('have the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(PAGE_TEXT.zh).sort()).toEqual(Object.keys(PAGE_TEXT.en).sort());
    for (const table of [PAGE_TEXT.zh, PAGE_TEXT.en]) for (const value of Object.values(table)) expect(value.trim()).not.toBe('');
  });

  it('leave no sentence written in the template itself', () => {
    const template = compileTemplate(readFileSync(join(SRC, 'pages/phone/phone.ttml'), 'utf8'), 'pages/phone/phone.ttml', DOUYIN_DIALECT);
    const written: string[] = [];
    const visit = (nodes: readonly CompiledNode[]): void => {
      for (const node of nodes) {
        if (node.kind === 'text') {
          const literal = node.content.parts.filter((part): part is string => typeof part === 'string').join('');
          if (/[A-Za-z\u4e00-\u9fff]/.test(literal)) written.push(literal.trim());
        } else visit(node.children);
      }
    };
    visit(template.nodes);
    expect(written).toEqual([]);
  });
});

function sources(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each import or re-export of a phonekit package in `text`, and whether it is type-only. */
function phonekitImports(text: string): Array<{ readonly statement: string; readonly typeOnly: boolean }> {
  return [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\bfrom\s+'(@phonekit\/[^']+)'/gm)].map((m) => ({ statement: m[0], typeOnly: m[2] !== undefined }));
}

describe('the contract with the server', () => {
  it('is imported from @phonekit/express by src/lib/phonekit-api.ts', () => {
    const api = readFileSync(join(SRC, 'lib', 'phonekit-api.ts'), 'utf8');
    expect(phonekitImports(api).map((i) => i.statement.match(/'(@phonekit\/[^']+)'/)?.[1])).toContain('@phonekit/express');
  });

  it.each(sources().map((file) => [relative(SRC, file), file]))('%s imports phonekit packages with import type only', (_name, file) => {
    const imports = phonekitImports(readFileSync(file, 'utf8'));
    expect(imports.filter((i) => !i.typeOnly).map((i) => i.statement)).toEqual([]);
  });

  it.each([['app.ts'], ['pages/phone/phone.ts']])('leaves no trace of the phonekit packages in the %s bundle', (entry) => {
    const bundle = bundledScript(entry);
    expect(bundle).not.toMatch(/@phonekit\//);
    expect(bundle).not.toMatch(/\brequire\(/);
    expect(bundle).not.toMatch(/PhonekitError|CORE_ERROR_CATALOGUE|HTTP_STATUS/);
  });
});
