/**
 * What the session-key tabs (WeChat, Douyin) keep, shared by their shim, their
 * consent sheet and their panel: who is logged in to the client, the number
 * and flow the getPhoneNumber button plays, the failure the client should
 * answer with, the checkSession state, the client's storage, and the wire log.
 * Each tab's own module (wechat-state, douyin-state) adds its failures and
 * names its client ({@link SessionKeyPlatform}).
 */
import { storedClientLanguage, type ClientLanguage } from './client-language';
import { WireLog, type RequestWireEntry } from './wire-log';

/** current: the event has a `code` next to the legacy data; legacy: only `encryptedData`/`iv` (older base libraries). */
export const SESSION_KEY_FLOWS = ['current', 'legacy'] as const;
export type SessionKeyFlow = (typeof SESSION_KEY_FLOWS)[number];

export interface SessionKeySettings {
  /** The client's user (the sandbox mints codes per user). */
  user: string;
  /** The number the client has for the user; '' lets the sandbox choose (13811112222). */
  mobile: string;
  flow: SessionKeyFlow;
  /** An id of the tab's failure list. */
  failure: string;
  /** What the client's system-info APIs answer as its language (the page speaks it). */
  language: ClientLanguage;
}

export interface SessionKeyClientWireEntry {
  readonly kind: 'client';
  readonly id: number;
  /** What the client gave the page, e.g. `wx.login()` or `getPhoneNumber event`. */
  readonly api: string;
  readonly note: string;
  readonly payload: string;
}

export type SessionKeyWireEntry = SessionKeyClientWireEntry | RequestWireEntry;

export class SessionKeySimulatorState extends WireLog<SessionKeyClientWireEntry> {
  readonly settings: SessionKeySettings = { user: 'alice', mobile: '', flow: 'current', failure: 'none', language: storedClientLanguage() };
  /** checkSession succeeds once login has, in this page run. */
  loggedInThisRun = false;
  /** setStorageSync / getStorageSync: kept for the tab's life (a page restart keeps it, as a device does). */
  readonly storage = new Map<string, unknown>();

  recordClient(api: string, note: string, payload: string): void {
    this.append((id) => ({ kind: 'client', id, api, note, payload }));
  }
}

/** A failure the panel can trigger, as the shared code reads it. */
export interface SessionKeyFailure {
  readonly id: string;
  /** Where it strikes: `none`, `login`, `phone`, `token`, `watermark`, or (Douyin) `button`. */
  readonly stage: string;
  readonly label: string;
  /** The error code the client's server answers (stages `login`, `phone`), played with {@link sandboxErrorCode}. */
  readonly serverCode: number | undefined;
  /** What the button hands the page instead of the number (stage `button`). */
  readonly buttonErrMsg: string | undefined;
}

/** The code the sandboxes' jscode2session and phone-number endpoints answer `code` for (`sandbox-errcode-<n>`). */
export function sandboxErrorCode(code: number): string {
  return `sandbox-errcode-${code}`;
}

/** The failure of `list` with `id`, else `none` (an unknown id plays nothing). */
export function failureById<Failure extends { readonly id: string }>(list: readonly Failure[], id: string, none: Failure): Failure {
  return list.find((failure) => failure.id === id) ?? none;
}

/** What names a session-key client in the code its tab shares. */
export interface SessionKeyPlatform {
  /** The client's name in notes and messages: `WeChat`, `Douyin`. */
  readonly client: string;
  /** The client's global: `wx`, `tt`. */
  readonly global: string;
  /** The sandbox that plays the client, e.g. `/sandbox/wechat`. */
  readonly sandbox: string;
  /** The server's routes for the client, e.g. `/api/wechat`. */
  readonly api: string;
  /** The panel's failure `id`, as the shared code reads it. */
  readonly failure: (id: string) => SessionKeyFailure;
}
