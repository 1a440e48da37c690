import { MINIPROGRAM_DIRS } from './support/miniprogram-dirs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTemplate } from '../src/template/compile-template';
import type { CompiledElement, CompiledNode } from '../src/template/compile-template';
import { parseAxml } from '../src/template/parse-axml';
import type { AxmlElement } from '../src/template/parse-axml';
import { TemplateError } from '../src/template/template-error';

function onlyElement(source: string): AxmlElement {
  const [node] = parseAxml(source);
  if (node === undefined || node.kind !== 'element') throw new Error('expected one element');
  return node;
}

function elements(nodes: readonly CompiledNode[]): CompiledElement[] {
  return nodes.filter((n): n is CompiledElement => n.kind === 'element');
}

/** The error compileTemplate throws for `source`. */
function refusal(source: string): TemplateError {
  try {
    compileTemplate(source, 'pages/x/x.axml');
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('parseAxml', () => {
  test('reads tags, attributes in order, text and line numbers', () => {
    const view = onlyElement('<view class="a">\n  <text>hi {{name}}</text>\n  <image src="x.png" />\n</view>');
    expect(view.tag).toBe('view');
    expect(view.attributes).toEqual([{ name: 'class', value: 'a', bare: false, line: 1 }]);
    const [text, image] = view.children.filter((c): c is AxmlElement => c.kind === 'element');
    expect(text?.line).toBe(2);
    expect(text?.children).toEqual([{ kind: 'text', text: 'hi {{name}}', line: 2 }]);
    expect(image?.tag).toBe('image');
    expect(image?.line).toBe(3);
  });

  test('reads attributes spread over several lines with the line of each', () => {
    const button = onlyElement('<button\n  open-type="getAuthorize"\n  disabled\n>Go</button>');
    expect(button.attributes.map((a) => [a.name, a.line, a.bare])).toEqual([
      ['open-type', 2, false],
      ['disabled', 3, true],
    ]);
  });

  test('keeps a < inside {{ }} as text, not a tag', () => {
    const view = onlyElement('<view>{{count < 3 ? "few" : "many"}}</view>');
    expect(view.children).toEqual([{ kind: 'text', text: '{{count < 3 ? "few" : "many"}}', line: 1 }]);
  });

  test('drops comments and keeps counting lines through them', () => {
    const [first, second] = parseAxml('<!--\n a comment\n-->\n<view/>').filter((n) => n.kind === 'element');
    expect(first?.kind === 'element' && first.line).toBe(4);
    expect(second).toBeUndefined();
  });

  test('decodes entities in text and attribute values', () => {
    const view = onlyElement('<view data-x="a &amp; b">&lt;ok&gt;</view>');
    expect(view.attributes[0]?.value).toBe('a & b');
    expect(view.children[0]).toMatchObject({ text: '<ok>' });
  });

  test('refuses a closing tag that does not match, naming both lines', () => {
    expect(() => parseAxml('<view>\n<text>\n</view>')).toThrow(/<\/view> does not match <text> opened on line 2/);
  });

  test('refuses an element that is never closed', () => {
    expect(() => parseAxml('<view>\n<text>hi</text>')).toThrow(/<view> opened on line 1 is never closed/);
  });

  test('refuses an unquoted attribute value', () => {
    expect(() => parseAxml('<view class=a></view>')).toThrow(/must be quoted/);
  });

  test('refuses an attribute written twice', () => {
    expect(() => parseAxml('<view class="a" class="b"></view>')).toThrow(/appears twice/);
  });
});

describe('compileTemplate', () => {
  test('compiles the supported subset: tags, bindings, conditions, loops and events', () => {
    const template = compileTemplate(
      [
        '<view class="card {{status}}" data-user-id="{{id}}">',
        '  <text a:if="{{status === \'success\'}}">{{phone.shown}}</text>',
        '  <text a:elif="{{status === \'error\'}}">{{error.message}}</text>',
        '  <text a:else>idle</text>',
        '  <view a:for="{{rows}}" a:for-item="row" a:for-index="i" a:key="id">{{i}}: {{row.label}}</view>',
        '  <button open-type="getAuthorize" scope="phoneNumber" onGetAuthorize="onAuth" onError="onDeny" catchTap="onTap">Go</button>',
        '  <block a:if="{{shown}}"><image src="{{src}}" mode="aspectFit" /></block>',
        '</view>',
      ].join('\n'),
      'pages/x/x.axml',
    );
    const [root] = elements(template.nodes);
    expect(root?.tag).toBe('view');
    const children = elements(root?.children ?? []);
    expect(children.map((c) => [c.tag, c.condition?.kind, c.line])).toEqual([
      ['text', 'if', 2],
      ['text', 'elif', 3],
      ['text', 'else', 4],
      ['view', undefined, 5],
      ['button', undefined, 6],
      ['block', 'if', 7],
    ]);
    expect(children[3]?.loop).toMatchObject({ itemName: 'row', indexName: 'i' });
    expect(children[4]?.events.map((e) => [e.attribute, e.event, e.catches])).toEqual([
      ['onGetAuthorize', 'getAuthorize', false],
      ['onError', 'error', false],
      ['catchTap', 'tap', true],
    ]);
    expect(template.handlers.map((h) => h.name)).toEqual(['onAuth', 'onDeny', 'onTap']);
  });

  test("compiles the mini-program's real phone page, whose handlers it lists", () => {
    const file = join(MINIPROGRAM_DIRS.alipay, 'pages/phone/phone.axml');
    const template = compileTemplate(readFileSync(file, 'utf8'), 'pages/phone/phone.axml');
    const names = template.handlers.map((h) => h.name);
    expect(names).toEqual(expect.arrayContaining(['onGetAuthorize', 'onAuthError', 'onRetry', 'onToggleReveal']));
  });

  test('gives a:for the default names item and index', () => {
    const [view] = elements(compileTemplate('<view a:for="{{rows}}">{{item}}</view>', 'x.axml').nodes);
    expect(view?.loop).toMatchObject({ itemName: 'item', indexName: 'index' });
  });

  const refusals: ReadonlyArray<{ title: string; source: string; message: RegExp; line: number; subject: string }> = [
    {
      title: 'refuses an unknown tag, naming it and its line',
      source: '<view>\n  <video src="a.mp4" />\n</view>',
      message: /<video> is not supported by the simulator/,
      line: 2,
      subject: '<video>',
    },
    {
      title: 'refuses a template import',
      source: '<import src="./a.axml" />',
      message: /<import> is not supported/,
      line: 1,
      subject: '<import>',
    },
    {
      title: 'refuses an unknown directive',
      source: '<view\n  a:model="{{x}}"></view>',
      message: /the directive a:model is not supported/,
      line: 2,
      subject: 'a:model',
    },
    {
      title: 'refuses an event the simulator does not raise',
      source: '<view onTouchStart="go"></view>',
      message: /the event onTouchStart is not supported on <view>/,
      line: 1,
      subject: 'onTouchStart',
    },
    {
      title: 'refuses a getAuthorize handler on a view',
      source: '<view onGetAuthorize="go"></view>',
      message: /onGetAuthorize is not supported on <view>/,
      line: 1,
      subject: 'onGetAuthorize',
    },
    {
      title: 'refuses an unknown attribute',
      source: '<button form-type="submit">Go</button>',
      message: /the attribute form-type is not supported on <button>/,
      line: 1,
      subject: 'form-type',
    },
    {
      title: 'refuses an open-type it cannot play',
      source: '<button open-type="share">Go</button>',
      message: /open-type="share" is not supported/,
      line: 1,
      subject: 'open-type',
    },
    {
      title: 'refuses an unsupported expression, naming the attribute',
      source: '<view>\n<text a:if="{{format(x)}}">hi</text></view>',
      message: /a:if on <text>: function calls are not supported/,
      line: 2,
      subject: 'a:if on <text>',
    },
    {
      title: 'refuses an unsupported expression in text',
      source: '<view>\n\n{{ items.map(x) }}</view>',
      message: /text: function calls are not supported/,
      line: 3,
      subject: 'text',
    },
    {
      title: 'refuses a:else without a:if before it',
      source: '<view>\n  <text>a</text>\n  <text a:else>b</text>\n</view>',
      message: /a:else on <text> must follow an element with a:if or a:elif/,
      line: 3,
      subject: 'a:else',
    },
    {
      title: 'refuses a:if without {{ }}',
      source: '<view a:if="true"></view>',
      message: /a:if="true" needs a \{\{ \}\} expression/,
      line: 1,
      subject: 'a:if',
    },
    {
      title: 'refuses a:for-item without a:for',
      source: '<view a:for-item="row"></view>',
      message: /a:for-item on <view> needs a:for/,
      line: 1,
      subject: 'a:for-item',
    },
    {
      title: 'refuses a handler that is not a method name',
      source: '<view onTap="go()"></view>',
      message: /must name a page method/,
      line: 1,
      subject: 'onTap',
    },
  ];
  for (const { title, source, message, line, subject } of refusals) {
    test(title, () => {
      const error = refusal(source);
      expect(error.message).toMatch(message);
      expect(error.line).toBe(line);
      expect(error.subject).toBe(subject);
      expect(error.file).toBe('pages/x/x.axml');
      expect(error.describe()).toMatch(new RegExp(`^pages/x/x\\.axml:${line}: `));
    });
  }
});
