/**
 * @jest-environment jsdom
 */
// <input> in the simulator: compiled within the subset, drawn as a text
// field bound to the page's data, its input / confirm (Enter) / focus / blur
// events delivered with the platforms' detail shapes, and the focus and the
// caret kept across the redraw every setData causes.
import { deserialize, serialize } from 'node:v8';
import { compileTemplate } from '../src/template/compile-template';
import { WECHAT_DIALECT } from '../src/template/dialect';
import { TemplateError } from '../src/template/template-error';
import { PageHost } from '../src/browser/page-host';
import { renderTemplate, type MiniProgramEvent, type RenderHooks } from '../src/browser/render';

// jsdom has no structuredClone (browsers and node do); the page host copies data with it.
const globals = globalThis as { structuredClone?: (value: unknown) => unknown };
globals.structuredClone ??= (value: unknown): unknown => deserialize(serialize(value));

interface Call {
  readonly handler: string;
  readonly event: MiniProgramEvent;
}

function hooks(calls: Call[]): RenderHooks {
  return {
    callHandler: (handler, event) => calls.push({ handler, event }),
    requestAuthorization: () => Promise.reject(new Error('no consent sheet here')),
    reportError: (error) => {
      throw error;
    },
  };
}

function draw(source: string, data: unknown, calls: Call[] = [], dialect = 'alipay' as 'alipay' | 'wechat'): HTMLInputElement {
  const file = dialect === 'alipay' ? 'pages/x/x.axml' : 'pages/x/x.wxml';
  const template = dialect === 'alipay' ? compileTemplate(source, file) : compileTemplate(source, file, WECHAT_DIALECT);
  document.body.replaceChildren(...renderTemplate(template, data, hooks(calls)));
  const input = document.querySelector('input');
  if (input === null) throw new Error('no input drawn');
  return input;
}

function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function refusal(source: string): TemplateError {
  try {
    compileTemplate(source, 'pages/x/x.axml');
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('<input> in the template subset', () => {
  it('draws a text field with its value, placeholder, length limit, keyboard and disabled state from the data', () => {
    const input = draw('<input class="field" value="{{v}}" placeholder="{{p}}" maxlength="11" type="number" disabled="{{off}}" />', { v: '138', p: 'Your number', off: false });
    expect(input.className).toBe('pk-input field');
    expect(input.type).toBe('text');
    expect(input.value).toBe('138');
    expect(input.placeholder).toBe('Your number');
    expect(input.maxLength).toBe(11);
    expect(input.inputMode).toBe('numeric');
    expect(input.disabled).toBe(false);
    expect(draw('<input disabled="{{off}}" />', { off: true }).disabled).toBe(true);
    expect(draw('<input password />', {}).type).toBe('password');
  });

  it('fires onInput with {value, cursor} and onConfirm on Enter with {value} (Alipay)', () => {
    const calls: Call[] = [];
    const input = draw('<input value="{{v}}" onInput="onType" onConfirm="onDone" />', { v: '' }, calls);
    typeInto(input, '1381');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(calls.map((c) => [c.handler, c.event.type, c.event.detail])).toEqual([
      ['onType', 'input', { value: '1381', cursor: 4 }],
      ['onDone', 'confirm', { value: '1381' }],
    ]);
  });

  it('fires bindinput / bindconfirm / bindfocus / bindblur in the WeChat dialect, with lower-case event types', () => {
    const calls: Call[] = [];
    const input = draw('<input bindinput="onType" bindconfirm="onDone" bindfocus="onFocus" bindblur="onBlur" />', {}, calls, 'wechat');
    input.dispatchEvent(new Event('focus'));
    typeInto(input, '852-51234567');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    input.dispatchEvent(new Event('blur'));
    expect(calls.map((c) => `${c.handler}:${c.event.type}`)).toEqual(['onFocus:focus', 'onType:input', 'onDone:confirm', 'onBlur:blur']);
    expect(calls[2]?.event.detail).toEqual({ value: '852-51234567' });
  });

  it('refuses what it does not play: other input types, events an input does not raise, children', () => {
    expect(refusal('<input type="safe-password" />').message).toMatch(/<input type="safe-password"> is not supported \(supported: text, number, digit, idcard\)/);
    expect(refusal('<input onTap="go" />').message).toMatch(/the event onTap is not supported on <input> \(events here: input, confirm, focus, blur\)/);
    expect(refusal('<input cursor-spacing="10" />').message).toMatch(/the attribute cursor-spacing is not supported on <input>/);
    expect(refusal('<view onInput="go"></view>').message).toMatch(/the event onInput is not supported on <view>/);
  });
});

describe('typing into a page that keeps the field in its data', () => {
  it('keeps the focus and the caret on the field across the redraw each setData causes', async () => {
    const template = compileTemplate('<view><text>{{v}}</text><input value="{{v}}" onInput="onType" /></view>', 'pages/x/x.axml');
    const screen = document.createElement('div');
    document.body.replaceChildren(screen);
    const host = new PageHost(
      {
        data: { v: '' },
        onType(this: { setData(patch: Record<string, unknown>): void }, event: MiniProgramEvent) {
          this.setData({ v: (event.detail as { value: string }).value });
        },
      },
      'pages/x/x',
      template,
      screen,
      { requestAuthorization: () => Promise.reject(new Error('none')), reportError: (error) => {
        throw error;
      } },
    );
    host.start();
    const first = screen.querySelector('input');
    if (first === null) throw new Error('no input');
    first.focus();
    typeInto(first, '1381111');
    first.setSelectionRange(4, 4);
    await Promise.resolve();
    await Promise.resolve();
    const redrawn = screen.querySelector('input');
    expect(redrawn).not.toBe(first);
    expect(screen.querySelector('span')?.textContent).toBe('1381111');
    expect(redrawn?.value).toBe('1381111');
    expect(document.activeElement).toBe(redrawn);
    expect([redrawn?.selectionStart, redrawn?.selectionEnd]).toEqual([4, 4]);
  });
});
