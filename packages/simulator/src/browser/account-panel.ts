/**
 * The "Account" section both side panels show: the rows the server's
 * database holds for the user the page logged in as, exactly as stored
 * (GET /sandbox/accounts/stored, the development app's sandbox route): the
 * phone as AES-256-GCM ciphertext with its key id, the blind index, hashed
 * session tokens; never the number itself. Redrawn whenever a login, a
 * phone answer or an erasure crosses the wire.
 */
import { byId, h } from './dom';
import { isRecord } from './records';
import type { RequestWireEntry } from './wire-log';

/** A tab's wire, as far as this panel reads it. */
export interface AccountWireSource {
  readonly wire: ReadonlyArray<{ readonly kind: string; readonly id: number }>;
  onWireChange(listener: () => void): void;
}

/** The paths whose answers say who the user is (or that the user is gone). */
export interface AccountPaths {
  /** `/api/alipay/login` or `/api/wechat/login`. */
  readonly login: string;
  /** `/api/alipay/phone-number` or `/api/wechat/phone-number`. */
  readonly phoneNumber: string;
}

function pathOf(url: string): string {
  try {
    return new URL(url, window.location.href).pathname;
  } catch {
    return url;
  }
}

function userIdOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const user = isRecord(parsed) ? parsed['user'] : undefined;
    return isRecord(user) && typeof user['id'] === 'string' ? user['id'] : undefined;
  } catch {
    return undefined;
  }
}

function isRequest(entry: { readonly kind: string }): entry is RequestWireEntry {
  return entry.kind === 'request';
}

/** The user the latest relevant answer names, and that answer's id (to redraw only when it changes). */
function latestAccountEvent(source: AccountWireSource, paths: AccountPaths): { readonly id: number; readonly userId: string | undefined } | undefined {
  let userId: string | undefined;
  let id: number | undefined;
  for (const entry of source.wire) {
    if (!isRequest(entry) || entry.answer?.kind !== 'http') continue;
    const path = pathOf(entry.request.url);
    const { status, body } = entry.answer;
    if ((path === paths.login || path === paths.phoneNumber) && status === 200) {
      const named = userIdOf(body);
      if (named !== undefined) {
        userId = named;
        id = entry.id;
      }
    } else if (path === '/api/me' && entry.request.method === 'DELETE' && status === 204) {
      id = entry.id;
    }
  }
  return id === undefined ? undefined : { id, userId };
}

function tableElement(table: string, rows: readonly unknown[]): HTMLElement {
  return h('details', { className: 'account-table', attrs: { open: '', 'data-table': table } }, [
    h('summary', { text: `${table} (${rows.length} row${rows.length === 1 ? '' : 's'})` }),
    h('pre', { className: 'account-rows-json', text: rows.length === 0 ? '—' : JSON.stringify(rows, null, 2) }),
  ]);
}

async function drawStored(target: HTMLElement, userId: string): Promise<void> {
  const response = await fetch(`/sandbox/accounts/stored?userId=${encodeURIComponent(userId)}`);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok || !isRecord(body) || !isRecord(body['tables'])) {
    const error = isRecord(body) && isRecord(body['error']) && typeof body['error']['message'] === 'string' ? body['error']['message'] : `HTTP ${response.status}`;
    target.replaceChildren(h('p', { className: 'muted', text: `The server shows no stored rows: ${error}` }));
    return;
  }
  const tables = body['tables'];
  const note = typeof body['note'] === 'string' ? body['note'] : '';
  const total = Object.values(tables).reduce<number>((sum, rows) => sum + (Array.isArray(rows) ? rows.length : 0), 0);
  target.replaceChildren(
    h('p', { className: 'account-user', attrs: { 'data-user-id': userId } }, ['User ', h('code', { text: userId }), total === 0 ? ': nothing stored (erased).' : '']),
    ...(note === '' ? [] : [h('p', { className: 'muted', text: note })]),
    ...Object.entries(tables).map(([table, rows]) => tableElement(table, Array.isArray(rows) ? rows : [])),
  );
}

/** Draws #account-rows and keeps it current with the wire. */
export function initAccountPanel(source: AccountWireSource, paths: AccountPaths): void {
  const target = byId('account-rows', HTMLElement);
  let shown: number | undefined;
  let userId: string | undefined;
  source.onWireChange(() => {
    const event = latestAccountEvent(source, paths);
    if (event === undefined || event.id === shown) return;
    shown = event.id;
    userId = event.userId ?? userId;
    if (userId === undefined) return;
    drawStored(target, userId).catch((cause: unknown) => {
      target.replaceChildren(h('p', { className: 'muted', text: `Could not read the stored rows: ${cause instanceof Error ? cause.message : String(cause)}` }));
    });
  });
}
