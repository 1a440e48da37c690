/**
 * The wire list both side panels show, newest first: every request the page
 * made with the server's answer, and what the client handed the page.
 */
import { byId, h, prettyJson } from './dom';
import type { WireAnswer, WireRequest } from './wire-log';

function pathOf(url: string): string {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.origin === window.location.origin ? `${parsed.pathname}${parsed.search}` : url;
  } catch {
    return url;
  }
}

function headerLines(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

function section(title: string, className: string, text: string): HTMLElement {
  return h('div', { className: 'wire-section' }, [h('h4', { text: title }), h('pre', { className, text })]);
}

/** What the client handed the page, as a list item: a summary, a note, and the raw payload under `title`. */
export function clientWireElement(
  kind: string,
  summary: ReadonlyArray<Node | string>,
  note: string,
  payload: { readonly title: string; readonly text: string },
  latest: boolean,
): HTMLElement {
  return h('li', { className: 'wire-entry', attrs: { 'data-kind': kind } }, [
    h('details', latest ? { attrs: { open: '' } } : {}, [
      h('summary', {}, summary),
      h('p', { className: 'wire-note', text: note }),
      section(payload.title, 'wire-raw', payload.text),
    ]),
  ]);
}

/**
 * One request on the wire (method, URL, headers, body, then the server's
 * answer), as a list item; `verb` names the API that made it (`my.request`,
 * `wx.request`).
 */
export function requestWireElement(request: WireRequest, answer: WireAnswer | undefined, verb: string, latest: boolean): HTMLElement {
  const status = answer === undefined ? 'waiting…' : answer.kind === 'http' ? String(answer.status) : 'failed';
  const statusClass = answer === undefined ? 'pending' : answer.kind === 'http' && answer.status < 400 ? 'ok' : 'bad';
  const requestText = `${request.method} ${request.url}\n${headerLines(request.headers)}${request.body === undefined ? '' : `\n\n${request.body}`}`;
  const answerText =
    answer === undefined ? 'waiting…'
    : answer.kind === 'failed' ? `no HTTP answer: ${answer.message}`
    : `HTTP ${answer.status}\ncontent-type: ${answer.headers['content-type'] ?? ''}\n\n${prettyJson(answer.body)}`;
  return h('li', { className: 'wire-entry', attrs: { 'data-kind': 'request' } }, [
    h('details', latest ? { attrs: { open: '' } } : {}, [
      h('summary', {}, [
        h('span', { className: 'wire-verb', text: `${verb} ${request.method}` }),
        ` ${pathOf(request.url)} `,
        h('span', { className: `wire-status wire-status--${statusClass}`, text: status }),
      ]),
      section('Request', 'wire-request', requestText),
      section('Answer', 'wire-answer', answerText),
    ]),
  ]);
}

/** The wire as a panel sees it: the tab's state. */
export interface WireSource<Entry> {
  readonly wire: readonly Entry[];
  onWireChange(listener: () => void): void;
  clearWire(): void;
}

/** Draws the wire into #wire (the two newest entries open) and redraws it on every change; #clear-wire empties it. */
export function initWireList<Entry>(state: WireSource<Entry>, entryElement: (entry: Entry, latest: boolean) => HTMLElement): void {
  const list = byId('wire', HTMLOListElement);
  const empty = byId('wire-empty', HTMLElement);
  const draw = (): void => {
    const entries = [...state.wire].reverse();
    list.replaceChildren(...entries.map((entry, i) => entryElement(entry, i < 2)));
    empty.hidden = entries.length > 0;
  };
  state.onWireChange(draw);
  byId('clear-wire', HTMLButtonElement).addEventListener('click', () => state.clearWire());
  draw();
}
