/**
 * The Douyin tab's state, shared by the `tt` shim, the consent sheet and the
 * panel: who is logged in to Douyin, the number and flow the getPhoneNumber
 * button plays, the failure Douyin should answer with, the tt.checkSession
 * state, tt's storage, and the wire log.
 */
import { storedClientLanguage, type ClientLanguage } from './client-language';
import { WireLog, type RequestWireEntry } from './wire-log';

export const DOUYIN_FLOWS = ['current', 'legacy'] as const;
/**
 * current: the event has a `code` (base library 3.51.0+) next to the legacy
 * data; legacy: only `encryptedData`/`iv` (older base libraries), per the
 * callback table of
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method
 */
export type DouyinFlow = (typeof DOUYIN_FLOWS)[number];

/** Where a chosen failure strikes. */
export const DOUYIN_FAILURE_STAGES = ['none', 'button', 'phone', 'token', 'login', 'watermark'] as const;
export type DouyinFailureStage = (typeof DOUYIN_FAILURE_STAGES)[number];

export interface DouyinFailure {
  readonly id: string;
  readonly stage: DouyinFailureStage;
  /** The err_no Douyin's server answers (phone, login), or undefined. */
  readonly errNo: number | undefined;
  /** What the button hands the page instead of the number (stage `button`), or undefined. */
  readonly errMsg: string | undefined;
  readonly label: string;
}

/**
 * A failure the panel can trigger. Server-side ones use the sandbox's
 * `sandbox-errcode-<n>` codes (its jscode2session and get_phonenumber_info
 * answer err_no n, as Douyin documents them); button ones are the errMsg
 * values the getPhoneNumber page lists (platform auth deny, no permission,
 * not login, ...):
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/acquire-phone-number-acquire
 */
export const DOUYIN_FAILURES: readonly DouyinFailure[] = [
  { id: 'none', stage: 'none', errNo: undefined, errMsg: undefined, label: 'Nothing: Douyin answers normally' },
  { id: 'button-platform-auth-deny', stage: 'button', errNo: undefined, errMsg: 'getPhoneNumber:fail platform auth deny', label: 'platform auth deny (the app may not ask for numbers)' },
  { id: 'button-no-permission', stage: 'button', errNo: undefined, errMsg: 'getPhoneNumber:fail no permission', label: 'no permission (the app never applied for it)' },
  { id: 'button-not-login', stage: 'button', errNo: undefined, errMsg: 'getPhoneNumber:fail not login', label: 'not login (log in again)' },
  { id: 'phone-28005187', stage: 'phone', errNo: 28005187, errMsg: undefined, label: '28005187 code expired or used' },
  { id: 'phone-28001007', stage: 'phone', errNo: 28001007, errMsg: undefined, label: '28001007 invalid parameter' },
  { id: 'phone-28001005', stage: 'phone', errNo: 28001005, errMsg: undefined, label: '28001005 system error, retry' },
  { id: 'phone-28003018', stage: 'phone', errNo: 28003018, errMsg: undefined, label: '28003018 rate limited' },
  { id: 'token-expired', stage: 'token', errNo: undefined, errMsg: undefined, label: '28001008 client_token expired (the server refreshes and retries)' },
  { id: 'login-40018', stage: 'login', errNo: 40018, errMsg: undefined, label: '40018 bad code' },
  { id: 'login--1', stage: 'login', errNo: -1, errMsg: undefined, label: '-1 system error' },
  { id: 'watermark', stage: 'watermark', errNo: undefined, errMsg: undefined, label: 'encryptedData made for another appid (watermark)' },
];

export function douyinFailure(id: string): DouyinFailure {
  return DOUYIN_FAILURES.find((failure) => failure.id === id) ?? { id: 'none', stage: 'none', errNo: undefined, errMsg: undefined, label: '' };
}

/** The code Douyin's sandbox answers `errNo` for (login or phone). */
export function douyinMagicCode(errNo: number): string {
  return `sandbox-errcode-${errNo}`;
}

export interface DouyinSettings {
  /** The Douyin user (the sandbox mints codes per user). */
  user: string;
  /** The number Douyin has for the user; '' lets the sandbox choose (13811112222). */
  mobile: string;
  flow: DouyinFlow;
  /** A DOUYIN_FAILURES id. */
  failure: string;
  /** What tt.getSystemInfoSync / tt.getSystemInfo answer as `language` (the page speaks it). */
  language: ClientLanguage;
}

export interface DouyinClientWireEntry {
  readonly kind: 'client';
  readonly id: number;
  /** What Douyin gave the page, e.g. `tt.login()` or `getPhoneNumber event`. */
  readonly api: string;
  readonly note: string;
  readonly payload: string;
}

export type DouyinWireEntry = DouyinClientWireEntry | RequestWireEntry;

export class DouyinSimulatorState extends WireLog<DouyinClientWireEntry> {
  readonly settings: DouyinSettings = { user: 'alice', mobile: '', flow: 'current', failure: 'none', language: storedClientLanguage() };
  /** tt.checkSession succeeds once tt.login has, in this page run. */
  loggedInThisRun = false;
  /** tt.setStorageSync / getStorageSync: kept for the tab's life (a page restart keeps it, as a device does). */
  readonly storage = new Map<string, unknown>();

  recordClient(api: string, note: string, payload: string): void {
    this.append((id) => ({ kind: 'client', id, api, note, payload }));
  }
}

/** The one Douyin state of this browser tab. */
export const douyinState = new DouyinSimulatorState();
