import { MINIPROGRAM_DIRS } from './support/miniprogram-dirs';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { compileTemplate } from '../src/template/compile-template';
import type { CompiledElement, CompiledNode } from '../src/template/compile-template';
import { DIALECTS, DOUYIN_DIALECT } from '../src/template/dialect';
import { TemplateError } from '../src/template/template-error';
import { createSimulatorBundler, locateMiniProgram } from '../src/server/bundle-simulator';
import { simulatorRouter, type SimulatorRouterOptions } from '../src/server/simulator-router';

function elements(nodes: readonly CompiledNode[]): CompiledElement[] {
  return nodes.filter((n): n is CompiledElement => n.kind === 'element');
}

function compileTtml(source: string): ReturnType<typeof compileTemplate> {
  return compileTemplate(source, 'pages/x/x.ttml', DOUYIN_DIALECT);
}

/** The error compiling `source` as TTML throws. */
function refusal(source: string): TemplateError {
  try {
    compileTtml(source);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('compileTemplate in the Douyin dialect', () => {
  test('is the dialect named douyin, with .ttml, .ttss and tt:', () => {
    expect(DIALECTS.douyin).toBe(DOUYIN_DIALECT);
    expect([DOUYIN_DIALECT.templateExtension, DOUYIN_DIALECT.styleExtension, DOUYIN_DIALECT.directivePrefix]).toEqual(['.ttml', '.ttss', 'tt:']);
  });

  test("compiles the real Douyin page's template", () => {
    const file = join(MINIPROGRAM_DIRS.douyin, 'pages/phone/phone.ttml');
    const template = compileTtml(readFileSync(file, 'utf8'));
    expect(template.dialect).toBe('douyin');
    expect(template.handlers.map((handler) => `${handler.attribute}=${handler.name}`)).toEqual([
      'bindtap=onEraseAccount',
      'bindtap=onSandboxPhoneTap',
      'bindgetphonenumber=onGetPhoneNumber',
      'bindinput=onManualInput',
      'bindconfirm=onManualConfirm',
      'bindtap=onManualConfirm',
    ]);
  });

  test('reads tt:if / tt:elif / tt:else and tt:for with tt:for-item, tt:for-index and tt:key', () => {
    const template = compileTtml(
      '<view tt:if="{{a}}">a</view><view tt:elif="{{b}}">b</view><view tt:else>c</view>' +
        '<view tt:for="{{rows}}" tt:for-item="row" tt:for-index="i" tt:key="id">{{row.id}}</view>' +
        '<block tt:for="{{names}}" tt:key="*this"><view>{{item}}</view></block>',
    );
    const [ifView, elifView, elseView, loop, block] = elements(template.nodes);
    expect(ifView?.condition?.kind).toBe('if');
    expect(elifView?.condition?.kind).toBe('elif');
    expect(elseView?.condition).toEqual({ kind: 'else' });
    expect(loop?.loop?.itemName).toBe('row');
    expect(loop?.loop?.indexName).toBe('i');
    expect(block?.loop?.itemName).toBe('item');
  });

  test('reads bindtap, bind:tap and catchtap as tap, and bindgetphonenumber as getPhoneNumber', () => {
    const [view, button] = elements(
      compileTtml('<view bindtap="a" catch:tap="b"></view><button open-type="getPhoneNumber" bindgetphonenumber="c">x</button>').nodes,
    );
    expect(view?.events.map((e) => [e.event, e.catches])).toEqual([
      ['tap', false],
      ['tap', true],
    ]);
    expect(button?.events.map((e) => e.event)).toEqual(['getPhoneNumber']);
  });

  test('takes the input events a page binds: bindinput, bindconfirm, bindfocus, bindblur', () => {
    const [input] = elements(compileTtml('<input bindinput="a" bindconfirm="b" bindfocus="c" bindblur="d" />').nodes);
    expect(input?.events.map((e) => e.event)).toEqual(['input', 'confirm', 'focus', 'blur']);
  });

  test('refuses Alipay and WeChat markup, naming it', () => {
    expect(refusal('<view a:if="{{x}}"></view>').message).toContain('the attribute a:if is not supported on <view>');
    expect(refusal('<view wx:if="{{x}}"></view>').message).toContain('the attribute wx:if is not supported on <view>');
    expect(refusal('<button onTap="go"></button>').message).toContain('the attribute onTap is not supported on <button>');
    expect(refusal('<button open-type="getAuthorize"></button>').message).toBe('open-type="getAuthorize" is not supported (supported: getPhoneNumber)');
  });

  test("refuses what Douyin's button does not have: plain, binderror", () => {
    expect(refusal('<button plain>x</button>').message).toContain('the attribute plain is not supported on <button>');
    expect(refusal('<button open-type="getPhoneNumber" binderror="x">y</button>').message).toBe('the event binderror is not supported on <button> (events here: tap, getPhoneNumber)');
  });

  test('refuses directives, events and open-types outside the subset in TTML terms', () => {
    expect(refusal('<view tt:model="{{x}}"></view>').message).toContain('the directive tt:model is not supported (supported: tt:if, tt:elif');
    expect(refusal('<button open-type="share"></button>').message).toContain('open-type="share" is not supported');
    expect(refusal('<view tt:else></view>').message).toBe('tt:else on <view> must follow an element with tt:if or tt:elif');
    expect(refusal('<view tt:key="id"></view>').message).toBe('tt:key on <view> needs tt:for on the same element');
    expect(refusal('<view tt:if="x"></view>').message).toBe('tt:if="x" needs a {{ }} expression');
  });
});

describe('the Douyin bundle', () => {
  test("finds the Douyin page's .ttml and .ttss", () => {
    const files = locateMiniProgram({ miniprogramDir: MINIPROGRAM_DIRS.douyin, dialect: 'douyin' });
    expect(files.dialect).toBe('douyin');
    expect(files.templatePath).toMatch(/douyin-miniprogram\/src\/pages\/phone\/phone\.ttml$/);
    expect(files.stylePaths.map((p) => p.split('/').pop())).toEqual(['phone.ttss']);
  });

  test('bundles the real page code with the tt runtime installed before the page runs', async () => {
    const bundle = await createSimulatorBundler({ miniprogramDir: MINIPROGRAM_DIRS.douyin, dialect: 'douyin' }).get();
    expect(bundle.ok).toBe(true);
    const globalsAt = bundle.js.indexOf('browser/install-douyin-globals.ts');
    const pageAt = bundle.js.indexOf('pages/phone/phone.ts');
    expect(globalsAt).toBeGreaterThan(-1);
    expect(pageAt).toBeGreaterThan(globalsAt);
    // Checked as booleans: a failing toContain would print the whole bundle.
    expect(bundle.js.includes('startDouyinSimulator')).toBe(true);
    expect(bundle.inputs.some((input) => input.endsWith('douyin-miniprogram/src/lib/douyin-session.ts'))).toBe(true);
    expect(bundle.inputs.some((input) => input.endsWith('douyin-miniprogram/src/pages/phone/phone.ttml'))).toBe(true);
  });
});

describe('simulatorRouter with douyin', () => {
  let server: Server | undefined;

  async function serve(options: SimulatorRouterOptions): Promise<string> {
    const app = express();
    app.use(simulatorRouter(options));
    server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(0, '127.0.0.1', (err?: Error) => (err === undefined ? resolve(listening) : reject(err)));
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    const running = server;
    server = undefined;
    if (running !== undefined) await new Promise<void>((resolve) => running.close(() => resolve()));
  });

  test('serves the Douyin tab and its script', async () => {
    const base = await serve({ miniprogramDir: MINIPROGRAM_DIRS.alipay, douyin: { miniprogramDir: MINIPROGRAM_DIRS.douyin } });
    const page = await fetch(`${base}/douyin`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/simulator/douyin.js" defer></script>');
    expect(html).toContain('id="douyin-failure"');
    const script = await fetch(`${base}/simulator/douyin.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await script.text()).includes('startDouyinSimulator')).toBe(true);
  });

  test('serves no Douyin tab without the douyin option', async () => {
    const base = await serve({ miniprogramDir: MINIPROGRAM_DIRS.alipay });
    expect((await fetch(`${base}/douyin`)).status).toBe(404);
    expect((await fetch(`${base}/simulator/douyin.js`)).status).toBe(404);
  });
});
