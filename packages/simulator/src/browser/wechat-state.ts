/**
 * The WeChat tab's state, shared by the `wx` shim, the consent sheet and the
 * panel: who is logged in to WeChat, the number and flow the getPhoneNumber
 * button plays, the failure WeChat should answer with, the wx.checkSession
 * state, wx's storage, and the wire log.
 */
import { storedClientLanguage, type ClientLanguage } from './client-language';
import { WireLog, type RequestWireEntry } from './wire-log';

export const WECHAT_FLOWS = ['current', 'legacy'] as const;
/** current: the event has a `code` (base library 2.21.2+); legacy: only `encryptedData`/`iv`. */
export type WechatFlow = (typeof WECHAT_FLOWS)[number];

/** Where a chosen failure strikes. */
export const WECHAT_FAILURE_STAGES = ['none', 'login', 'phone', 'token', 'watermark'] as const;
export type WechatFailureStage = (typeof WECHAT_FAILURE_STAGES)[number];

export interface WechatFailure {
  readonly id: string;
  readonly stage: WechatFailureStage;
  /** The errcode WeChat answers (none for `none`, `token`, `watermark`). */
  readonly errcode: number | undefined;
  readonly label: string;
}

/** A failure the panel can trigger; `sandbox-errcode-<n>` codes make the sandbox WeChat answer errcode n. */
export const WECHAT_FAILURES: readonly WechatFailure[] = [
  { id: 'none', stage: 'none', errcode: undefined, label: 'Nothing: WeChat answers normally' },
  { id: 'phone-40163', stage: 'phone', errcode: 40163, label: '40163 code already used' },
  { id: 'phone-40029', stage: 'phone', errcode: 40029, label: '40029 invalid code' },
  { id: 'phone--1', stage: 'phone', errcode: -1, label: '-1 system busy' },
  { id: 'phone-45011', stage: 'phone', errcode: 45011, label: '45011 rate limited' },
  { id: 'phone-1400001', stage: 'phone', errcode: 1400001, label: '1400001 phone-number quota used up' },
  { id: 'token-expired', stage: 'token', errcode: undefined, label: '42001 access token expired (the server refreshes and retries)' },
  { id: 'login-40226', stage: 'login', errcode: 40226, label: '40226 risky user, login blocked' },
  { id: 'login-40029', stage: 'login', errcode: 40029, label: '40029 invalid code' },
  { id: 'login-40163', stage: 'login', errcode: 40163, label: '40163 code already used' },
  { id: 'login--1', stage: 'login', errcode: -1, label: '-1 system busy' },
  { id: 'login-45011', stage: 'login', errcode: 45011, label: '45011 rate limited' },
  { id: 'watermark', stage: 'watermark', errcode: undefined, label: 'encryptedData made for another appid (watermark)' },
];

export function wechatFailure(id: string): WechatFailure {
  return WECHAT_FAILURES.find((failure) => failure.id === id) ?? { id: 'none', stage: 'none', errcode: undefined, label: '' };
}

/** The code WeChat's sandbox answers `errcode` for (login or phone). */
export function magicCode(errcode: number): string {
  return `sandbox-errcode-${errcode}`;
}

export interface WechatSettings {
  /** The WeChat user (the sandbox mints codes per user). */
  user: string;
  /** The number WeChat has for the user; '' lets the sandbox choose (13811112222). */
  mobile: string;
  flow: WechatFlow;
  /** A WECHAT_FAILURES id. */
  failure: string;
  /** What wx.getAppBaseInfo / wx.getSystemInfo(Sync) answer as WeChat's language (the page speaks it). */
  language: ClientLanguage;
}

export interface ClientWireEntry {
  readonly kind: 'client';
  readonly id: number;
  /** What WeChat gave the page, e.g. `wx.login()` or `getPhoneNumber event`. */
  readonly api: string;
  readonly note: string;
  readonly payload: string;
}

export type WechatWireEntry = ClientWireEntry | RequestWireEntry;

export class WechatSimulatorState extends WireLog<ClientWireEntry> {
  readonly settings: WechatSettings = { user: 'alice', mobile: '', flow: 'current', failure: 'none', language: storedClientLanguage() };
  /** wx.checkSession succeeds once wx.login has, in this page run. */
  loggedInThisRun = false;
  /** wx.setStorageSync / getStorageSync: kept for the tab's life (a page restart keeps it, as a device does). */
  readonly storage = new Map<string, unknown>();

  recordClient(api: string, note: string, payload: string): void {
    this.append((id) => ({ kind: 'client', id, api, note, payload }));
  }
}

/** The one WeChat state of this browser tab. */
export const wechatState = new WechatSimulatorState();
