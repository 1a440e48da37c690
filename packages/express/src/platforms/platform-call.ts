import { isRecord } from '@phonekit/core';
import { ApiError } from '../errors/api-error';
import type { ExpressErrorCode } from '../errors/catalogue';
import { SESSION_PLATFORM_FACTS, type SessionPlatform } from './session-platforms';
import type { PlatformHttpRequest, PlatformTransport } from './platform-transport';

/** What a platform's answer says went wrong, in its own words (a code and a message). */
export interface PlatformFailure {
  readonly code: string;
  readonly msg: string;
}

/** How one platform reports failures, and which catalogue entry each of its codes is. */
export interface PlatformErrors {
  readonly platform: SessionPlatform;
  /** The documented codes, to the catalogue entry with their fix; the others are <PLATFORM>_UPSTREAM_ERROR. */
  readonly codes: ReadonlyMap<string, ExpressErrorCode>;
  readonly busy: ExpressErrorCode;
  readonly upstream: ExpressErrorCode;
}

/** The platform's failure as the catalogued ApiError, keeping what it said as `upstream`. */
export function platformError(errors: PlatformErrors, failure: PlatformFailure): ApiError {
  return new ApiError(errors.codes.get(failure.code) ?? errors.upstream, { upstream: { code: failure.code, msg: failure.msg.slice(0, 200) } });
}

/** An answer the platform's documentation does not describe. */
export function unreadable(errors: PlatformErrors, what: string): ApiError {
  return new ApiError(errors.upstream, { message: `${SESSION_PLATFORM_FACTS[errors.platform].label}'s answer to ${what} is not what its documentation describes.` });
}

/**
 * One call to a platform's server API: a network error, a timeout or a 5xx
 * without JSON is <PLATFORM>_SYSTEM_BUSY; a failure the answer reports
 * (`failureOf`) is its catalogue entry; anything else that is not a JSON
 * object with a 2xx status is <PLATFORM>_UPSTREAM_ERROR. The secret and
 * tokens only ever travel to the platform.
 */
export async function callPlatform(
  transport: PlatformTransport,
  request: PlatformHttpRequest,
  what: string,
  errors: PlatformErrors,
  failureOf: (body: Record<string, unknown>) => PlatformFailure | undefined,
): Promise<Record<string, unknown>> {
  const label = SESSION_PLATFORM_FACTS[errors.platform].label;
  let status: number;
  let body: unknown;
  try {
    ({ status, body } = await transport(request));
  } catch (cause) {
    throw new ApiError(errors.busy, { message: `${label} could not be reached (network error or timeout).`, cause });
  }
  if (body === undefined && status >= 500) throw new ApiError(errors.busy, { message: `${label} answered HTTP ${status}.` });
  if (!isRecord(body)) throw unreadable(errors, what);
  const failure = failureOf(body);
  if (failure !== undefined) throw platformError(errors, failure);
  if (status < 200 || status >= 300) throw unreadable(errors, what);
  return body;
}

/** A number or string code as text; undefined when absent. */
export function codeText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/** A message field as text, '' when absent. */
export function messageText(...values: unknown[]): string {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return '';
}
