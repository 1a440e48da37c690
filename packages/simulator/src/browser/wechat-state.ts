/**
 * The WeChat tab's state (the shared {@link SessionKeySimulatorState}) and
 * what is WeChat's own: the failures WeChat can be made to answer with. Its
 * flows: current, the event has a `code` (base library 2.21.2+); legacy, only
 * `encryptedData`/`iv`.
 */
import { failureById, SessionKeySimulatorState, type SessionKeyPlatform } from './session-key-state';

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
  return failureById(WECHAT_FAILURES, id, { id: 'none', stage: 'none', errcode: undefined, label: '' });
}

export class WechatSimulatorState extends SessionKeySimulatorState {}

/** The one WeChat state of this browser tab. */
export const wechatState = new WechatSimulatorState();

/** WeChat, as the shared session-key code names it. */
export const WECHAT_PLATFORM: SessionKeyPlatform = {
  client: 'WeChat',
  global: 'wx',
  sandbox: '/sandbox/wechat',
  api: '/api/wechat',
  failure: (id) => {
    const failure = wechatFailure(id);
    return { id: failure.id, stage: failure.stage, label: failure.label, serverCode: failure.errcode, buttonErrMsg: undefined };
  },
};
