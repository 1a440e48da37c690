/**
 * Makes a page's .acss usable in the simulator's phone frame:
 * - `rpx` becomes `px` for a 375 px wide screen (750rpx = 375px, 1rpx = 0.5px);
 * - every rule is scoped under the screen element, so the page's styles never
 *   reach the side panel; the `page` selector means the screen itself;
 * - tag selectors (`view`, `text`, `image`) match what the renderer draws.
 *
 * A small scanner, not a full CSS parser: rules, comments, strings and
 * nested at-rules (@media, @supports) are understood; @import is refused
 * loudly, because the simulator cannot follow it.
 */
import { TemplateError } from './template-error';

/** The phone frame's width in CSS pixels; the design width is 750rpx. */
export const SCREEN_WIDTH_PX = 375;
export const RPX_TO_PX = SCREEN_WIDTH_PX / 750;

export interface ConvertAcssOptions {
  /** The selector of the screen element, e.g. `.pk-screen`. */
  readonly scope: string;
  /** For error messages, e.g. `pages/phone/phone.acss`. */
  readonly file: string;
}

function formatPx(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return `${rounded}px`;
}

/**
 * `32rpx` -> `16px`, everywhere outside strings.
 *
 * @example
 * ```ts
 * convertRpx('padding: 32rpx 1rpx'); // 'padding: 16px 0.5px'
 * ```
 */
export function convertRpx(css: string): string {
  return css.replace(/(-?(?:\d+\.?\d*|\.\d+))rpx\b/g, (_whole, amount: string) => formatPx(Number(amount) * RPX_TO_PX));
}

function stripComments(css: string): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const ch = css.charAt(i);
    if (ch === '"' || ch === "'") {
      const end = css.indexOf(ch, i + 1);
      const stop = end === -1 ? css.length : end + 1;
      out += css.slice(i, stop);
      i = stop;
      continue;
    }
    if (css.startsWith('/*', i)) {
      const end = css.indexOf('*/', i + 2);
      // Keep the newlines so line numbers in errors stay right.
      const comment = css.slice(i, end === -1 ? css.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

/** How the renderer draws each tag a selector can name (button stays a <button>). */
const DRAWN_AS: Readonly<Record<string, string>> = { view: '.pk-view', text: '.pk-text', image: 'img.pk-image' };

/** Scopes one selector: `page` -> the screen; anything else is nested inside it. */
export function scopeSelector(selector: string, scope: string): string {
  const trimmed = selector.trim();
  if (trimmed === '') return trimmed;
  // Tag selectors written in the template's names become what the renderer draws.
  const renamed = trimmed.replace(/(^|[\s>+~,(])(page|view|text|image)(?=$|[\s.#:[>+~,)])/g, (_whole, before: string, tag: string) => {
    const drawnAs = tag === 'page' ? scope : (DRAWN_AS[tag] ?? tag);
    return `${before}${drawnAs}`;
  });
  if (renamed.startsWith(scope)) return renamed;
  return `${scope} ${renamed}`;
}

/** Splits a selector list on top-level commas (not those inside `:not(a, b)`). */
function splitSelectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i += 1) {
    const ch = list.charAt(i);
    if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/** Index of the `}` matching the `{` at `open`, skipping strings. */
function matchingBrace(css: string, open: number, file: string): number {
  let depth = 0;
  for (let i = open; i < css.length; i += 1) {
    const ch = css.charAt(i);
    if (ch === '"' || ch === "'") {
      const end = css.indexOf(ch, i + 1);
      i = end === -1 ? css.length : end;
      continue;
    }
    if (ch === '{') depth += 1;
    else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new TemplateError('a "{" is never closed', { file, line: lineAt(css, open) });
}

function lineAt(css: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < css.length; i += 1) if (css.charAt(i) === '\n') line += 1;
  return line;
}

const PASS_THROUGH_AT_RULES = ['@keyframes', '@-webkit-keyframes', '@font-face'];
const NESTING_AT_RULES = ['@media', '@supports'];

function convertBlock(css: string, offset: number, whole: string, options: ConvertAcssOptions): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    const semicolonAt = css.indexOf(';', i);
    const prelude = css.slice(i, open === -1 ? css.length : open).trim();
    if (prelude.startsWith('@import') || (open === -1 && css.slice(i).trim().startsWith('@import'))) {
      throw new TemplateError('@import is not supported by the simulator: put the styles in the page\'s .acss or app.acss', {
        file: options.file,
        line: lineAt(whole, offset + i + css.slice(i).indexOf('@import')),
        subject: '@import',
      });
    }
    if (open === -1) {
      if (css.slice(i).trim() !== '') {
        throw new TemplateError(`unexpected text "${css.slice(i).trim().slice(0, 40)}"`, { file: options.file, line: lineAt(whole, offset + i) });
      }
      break;
    }
    if (semicolonAt !== -1 && semicolonAt < open && prelude.startsWith('@')) {
      // A statement at-rule such as @charset: keep it as it is.
      out += `${css.slice(i, semicolonAt + 1).trim()}\n`;
      i = semicolonAt + 1;
      continue;
    }
    const close = matchingBrace(css, open, options.file);
    const body = css.slice(open + 1, close);
    if (NESTING_AT_RULES.some((rule) => prelude.startsWith(rule))) {
      out += `${prelude} {\n${convertBlock(body, offset + open + 1, whole, options)}}\n`;
    } else if (PASS_THROUGH_AT_RULES.some((rule) => prelude.startsWith(rule))) {
      out += `${prelude} {${convertRpx(body)}}\n`;
    } else if (prelude.startsWith('@')) {
      throw new TemplateError(`${prelude.split(/\s/)[0] ?? prelude} is not supported by the simulator`, {
        file: options.file,
        line: lineAt(whole, offset + i),
        subject: prelude,
      });
    } else {
      const selectors = splitSelectors(prelude).map((s) => scopeSelector(s, options.scope));
      out += `${selectors.join(',\n')} {${convertRpx(body)}}\n`;
    }
    i = close + 1;
  }
  return out;
}

/**
 * Converts a whole .acss file.
 *
 * @example
 * ```ts
 * convertAcss('page { padding: 32rpx; } .title { font-size: 40rpx; }', { scope: '.pk-screen', file: 'app.acss' });
 * // '.pk-screen { padding: 16px; }\n.pk-screen .title { font-size: 20px; }\n'
 * ```
 */
export function convertAcss(source: string, options: ConvertAcssOptions): string {
  const css = stripComments(source);
  return convertBlock(css, 0, css, options);
}
