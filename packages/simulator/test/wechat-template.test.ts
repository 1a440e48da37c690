import { MINIPROGRAM_DIRS } from './support/miniprogram-dirs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate } from '../src/template/compile-template';
import type { CompiledElement, CompiledNode } from '../src/template/compile-template';
import { WECHAT_DIALECT } from '../src/template/dialect';
import { TemplateError } from '../src/template/template-error';
import { createSimulatorBundler, locateMiniProgram } from '../src/server/bundle-simulator';

function elements(nodes: readonly CompiledNode[]): CompiledElement[] {
  return nodes.filter((n): n is CompiledElement => n.kind === 'element');
}

function compileWxml(source: string): ReturnType<typeof compileTemplate> {
  return compileTemplate(source, 'pages/x/x.wxml', WECHAT_DIALECT);
}

/** The error compiling `source` as WXML throws. */
function refusal(source: string): TemplateError {
  try {
    compileWxml(source);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('compileTemplate in the WeChat dialect', () => {
  test("compiles the real WeChat page's template", () => {
    const file = join(MINIPROGRAM_DIRS.wechat, 'pages/phone/phone.wxml');
    const template = compileWxml(readFileSync(file, 'utf8'));
    expect(template.dialect).toBe('wechat');
    expect(template.handlers.map((handler) => `${handler.attribute}=${handler.name}`)).toEqual([
      'bindtap=onEraseAccount',
      'bindtap=onSandboxPhoneTap',
      'bindgetphonenumber=onGetPhoneNumber',
      'bindinput=onManualInput',
      'bindconfirm=onManualConfirm',
      'bindtap=onManualConfirm',
    ]);
  });

  test('reads wx:if / wx:elif / wx:else and wx:for with wx:for-item, wx:for-index and wx:key', () => {
    const template = compileWxml(
      '<view wx:if="{{a}}">a</view><view wx:elif="{{b}}">b</view><view wx:else>c</view>' +
        '<view wx:for="{{rows}}" wx:for-item="row" wx:for-index="i" wx:key="id">{{row.id}}</view>',
    );
    const [ifView, elifView, elseView, loop] = elements(template.nodes);
    expect(ifView?.condition?.kind).toBe('if');
    expect(elifView?.condition?.kind).toBe('elif');
    expect(elseView?.condition).toEqual({ kind: 'else' });
    expect(loop?.loop?.itemName).toBe('row');
    expect(loop?.loop?.indexName).toBe('i');
  });

  test('reads bindtap, bind:tap and catchtap as tap, and bindgetphonenumber as getPhoneNumber', () => {
    const [view, button] = elements(
      compileWxml('<view bindtap="a" catch:tap="b"></view><button open-type="getPhoneNumber" bindgetphonenumber="c">x</button>').nodes,
    );
    expect(view?.events.map((e) => [e.event, e.catches])).toEqual([
      ['tap', false],
      ['tap', true],
    ]);
    expect(button?.events.map((e) => e.event)).toEqual(['getPhoneNumber']);
  });

  test('refuses Alipay markup, naming it', () => {
    expect(refusal('<view a:if="{{x}}"></view>').message).toContain('the attribute a:if is not supported on <view>');
    expect(refusal('<button onTap="go"></button>').message).toContain('the attribute onTap is not supported on <button>');
    expect(refusal('<button open-type="getAuthorize"></button>').message).toBe('open-type="getAuthorize" is not supported (supported: getPhoneNumber)');
  });

  test('refuses directives, events and open-types outside the subset in WXML terms', () => {
    expect(refusal('<view wx:model="{{x}}"></view>').message).toContain('the directive wx:model is not supported (supported: wx:if, wx:elif');
    expect(refusal('<button bindgetrealtimephonenumber="x"></button>').message).toContain('the event bindgetrealtimephonenumber is not supported on <button>');
    expect(refusal('<button open-type="chooseAvatar"></button>').message).toContain('open-type="chooseAvatar" is not supported');
    expect(refusal('<view wx:else></view>').message).toBe('wx:else on <view> must follow an element with wx:if or wx:elif');
    expect(refusal('<view wx:key="id"></view>').message).toBe('wx:key on <view> needs wx:for on the same element');
  });
});

describe('the WeChat bundle', () => {
  test("finds the WeChat page's .wxml and .wxss", () => {
    const files = locateMiniProgram({ miniprogramDir: MINIPROGRAM_DIRS.wechat, dialect: 'wechat' });
    expect(files.templatePath).toMatch(/wechat-miniprogram\/src\/pages\/phone\/phone\.wxml$/);
    expect(files.stylePaths.map((p) => p.split('/').pop())).toEqual(['phone.wxss']);
  });

  test('bundles the real page code with the wx runtime', async () => {
    const bundle = await createSimulatorBundler({ miniprogramDir: MINIPROGRAM_DIRS.wechat, dialect: 'wechat' }).get();
    expect(bundle.ok).toBe(true);
    expect(bundle.js).toContain('startWechatSimulator');
    expect(bundle.inputs.some((input) => input.endsWith('wechat-miniprogram/src/lib/wechat-session.ts'))).toBe(true);
  });
});
