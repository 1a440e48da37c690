/**
 * The loud failure: a red panel above the phone naming what went wrong and
 * where. Shown for templates or styles outside the supported subset, for a
 * page method the template names but the page lacks, for `my` APIs the shim
 * does not simulate, and for anything the page code throws.
 */
import { TemplateError } from '../template/template-error';
import { h } from './dom';

const PANEL_ID = 'sim-error';

function panel(): HTMLElement {
  const existing = document.getElementById(PANEL_ID);
  if (existing !== null) return existing;
  // The page skeleton always has one; this keeps errors visible even if it does not.
  const created = h('div', { className: 'sim-error', attrs: { id: PANEL_ID, role: 'alert' } });
  document.body.prepend(created);
  return created;
}

/** A `my` API, page method or feature the simulator does not provide. */
export class SimulatorUnsupportedError extends Error {
  override readonly name = 'SimulatorUnsupportedError';
}

function titleFor(error: unknown): string {
  if (error instanceof TemplateError) return 'Not supported by the simulator';
  if (error instanceof SimulatorUnsupportedError) return 'Not simulated';
  return 'The mini-program threw an error';
}

function messageFor(error: unknown): string {
  if (error instanceof TemplateError) return error.describe();
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

let templateHelp =
  'The simulator renders a subset of AXML (view, text, button, image, block; {{ }}; a:if/a:elif/a:else; a:for; ' +
  'on*/catch* for tap, getAuthorize, getPhoneNumber, error) and refuses the rest rather than show it wrongly.';

/** The WeChat tab describes its subset in WXML's terms. */
export function useWechatTemplateHelp(): void {
  templateHelp =
    'The simulator renders a subset of WXML (view, text, button, image, block; {{ }}; wx:if/wx:elif/wx:else; wx:for, wx:key; ' +
    'bind*/catch* for tap, getphonenumber, error; open-type="getPhoneNumber") and refuses the rest rather than show it wrongly.';
}

/** The Douyin tab describes its subset in TTML's terms. */
export function useDouyinTemplateHelp(): void {
  templateHelp =
    'The simulator renders a subset of TTML (view, text, button, image, input, block; {{ }}; tt:if/tt:elif/tt:else; tt:for, tt:key; ' +
    'bind*/catch* for tap, getphonenumber; open-type="getPhoneNumber") and refuses the rest rather than show it wrongly.';
}

/**
 * Shows `error` on screen (and in the console). Several errors stack up, so
 * the first cause is not hidden by what it broke next.
 */
export function showSimulatorError(error: unknown): void {
  console.error('[phonekit simulator]', error);
  const target = panel();
  target.hidden = false;
  const entry = h('div', { className: 'sim-error-entry' }, [
    h('strong', { className: 'sim-error-title', text: titleFor(error) }),
    h('pre', { className: 'sim-error-message', text: messageFor(error) }),
  ]);
  if (error instanceof TemplateError) {
    entry.append(
      h('p', { className: 'sim-error-help', text: templateHelp }),
    );
  }
  target.append(entry);
}

/** Errors that escape the page's own code (callbacks, promises) end up on screen too. */
export function catchUncaughtErrors(): void {
  window.addEventListener('error', (event) => showSimulatorError(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => showSimulatorError(event.reason));
}
