/**
 * The Douyin tab's state (the shared {@link SessionKeySimulatorState}) and
 * what is Douyin's own: the failures Douyin can be made to answer with,
 * including the button's refusals before any sheet. Its flows: current, the
 * event has a `code` (base library 3.51.0+) next to the legacy data; legacy,
 * only `encryptedData`/`iv` (older base libraries), per the callback table of
 * https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method
 */
import { failureById, sandboxErrorCode, SessionKeySimulatorState, type SessionKeyPlatform } from './session-key-state';

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
  return failureById(DOUYIN_FAILURES, id, { id: 'none', stage: 'none', errNo: undefined, errMsg: undefined, label: '' });
}

/** The code Douyin's sandbox answers `errNo` for (login or phone). */
export const douyinMagicCode = sandboxErrorCode;

export class DouyinSimulatorState extends SessionKeySimulatorState {}

/** The one Douyin state of this browser tab. */
export const douyinState = new DouyinSimulatorState();

/** Douyin, as the shared session-key code names it. */
export const DOUYIN_PLATFORM: SessionKeyPlatform = {
  client: 'Douyin',
  global: 'tt',
  sandbox: '/sandbox/douyin',
  api: '/api/douyin',
  failure: (id) => {
    const failure = douyinFailure(id);
    return { id: failure.id, stage: failure.stage, label: failure.label, serverCode: failure.errNo, buttonErrMsg: failure.errMsg };
  },
};
