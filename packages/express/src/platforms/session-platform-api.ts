import type { NormalisedPhone } from '@phonekit/core';
import type { SessionPlatform, SessionPlatformConfig } from './session-platforms';

/** What a platform's code2session answers: who the user is, and the session_key of this login. */
export interface PlatformLogin {
  readonly openid: string;
  readonly sessionKey: string;
  readonly unionid?: string;
}

/** The legacy getPhoneNumber data, and the session_key it is encrypted under. */
export interface LegacyPhoneData {
  readonly encryptedData: string;
  readonly iv: string;
  readonly sessionKey: string;
}

/** One platform's server side of the phone flows: its login exchange, its decrypt, and (Douyin) its code flow. */
export interface SessionPlatformApi {
  readonly platform: SessionPlatform;
  readonly config: SessionPlatformConfig;
  /** The login code -> openid and session_key. */
  code2session(code: string): Promise<PlatformLogin>;
  /** The legacy flow: encryptedData + iv opened with the user's session_key; the app (watermark, Baidu's app key) checked. */
  phoneFromSessionKey(data: LegacyPhoneData): NormalisedPhone;
  /** The current flow, where the platform has one: the getPhoneNumber button's code -> the number. */
  phoneFromCode?(code: string): Promise<NormalisedPhone>;
}
