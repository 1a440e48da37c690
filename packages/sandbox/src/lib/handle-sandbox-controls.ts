import {
  applyControl,
  badRequest,
  isResponse,
  ok,
  otherAppId,
  sandboxMobile,
  sandboxUser,
  type ControllableFake,
  type ControlSpec,
  type FakePlatformRequest,
  type FakePlatformResponse,
} from './fake-platform-http';

/** How a sandbox control names another app: `appId=`, or Baidu's `appKey=`. */
export type AppParam = 'appId' | 'appKey';

/** `{appId}` (or `{appKey}`) when the control named another app, else `{}`: the options the fakes' mint functions take. */
export type OtherAppOption<N extends AppParam> = Partial<Record<N, string>>;

/** A fake with the login, phone and control surface the sandbox controls drive; `appId` (or Baidu's `appKey`) is its own app. */
export type SandboxControlledFake<N extends AppParam, E extends string, C> = ControllableFake<E, C> &
  Readonly<Record<N, string>> & {
    mintLoginCode(user: string, options: OtherAppOption<N>): string;
    phoneEvent(user: string, phone: string, options: OtherAppOption<N>): object | undefined;
  };

/** What differs between the platforms' sandbox controls. */
export interface SandboxControlsSpec<N extends AppParam, E extends string, C> {
  /** The platform's name in messages (`QQ has no session_key…`). */
  readonly platform: string;
  /** The query parameter naming another app, also the one field of `/config`. */
  readonly appParam: N;
  /** `POST /control`'s endpoints and errcode check. */
  readonly control: ControlSpec<E, C>;
  /** `/login-code`'s answer; `{code}` when omitted (Douyin adds `anonymousCode`). */
  readonly loginCode?: (user: string, app: OtherAppOption<N>, query: FakePlatformRequest['query']) => Record<string, unknown>;
  /** `/phone-event`'s event; `fake.phoneEvent(user, mobile, app)` when omitted (Kuaishou reads `watermark=1`). */
  readonly phoneEvent?: (user: string, mobile: string, app: OtherAppOption<N>, query: FakePlatformRequest['query']) => object | undefined;
}

/** Another app named by a sandbox control (`appId=…` or `appKey=…`) as mint options, or the 400 to answer. */
export function otherAppOption<N extends AppParam>(query: FakePlatformRequest['query'], name: N): OtherAppOption<N> | FakePlatformResponse {
  const appId = otherAppId(query, name);
  if (isResponse(appId)) return appId;
  return (appId === undefined ? {} : { [name]: appId }) as OtherAppOption<N>;
}

/**
 * The sandbox controls every mini-program fake serves beside its own paths:
 *
 * - `GET /login-code?user=alice[&appId=…]`: what the client's login gives;
 * - `GET /phone-event?user=alice&mobile=...[&appId=…]`: the getPhoneNumber event with alice's current session_key;
 * - `GET /stats`, `GET /config` (`{appId}`);
 * - `POST /control {failNext?: {endpoint, errcode, times?}, tokenTtlSeconds?, expireTokens?, advanceSeconds?}`.
 *
 * @returns the answer, or undefined when `request.path` is not a sandbox control.
 */
export function handleSandboxControls<N extends AppParam, E extends string, C>(
  fake: SandboxControlledFake<N, E, C>,
  request: FakePlatformRequest,
  spec: SandboxControlsSpec<N, E, C>,
): FakePlatformResponse | undefined {
  const { method, path, query } = request;
  switch (path) {
    case '/login-code': {
      const user = sandboxUser(query);
      if (isResponse(user)) return user;
      const app = otherAppOption(query, spec.appParam);
      if (isResponse(app)) return app;
      return ok(spec.loginCode === undefined ? { code: fake.mintLoginCode(user, app) } : spec.loginCode(user, app, query));
    }
    case '/phone-event': {
      const user = sandboxUser(query);
      if (isResponse(user)) return user;
      const mobile = sandboxMobile(query);
      if (isResponse(mobile)) return mobile;
      const app = otherAppOption(query, spec.appParam);
      if (isResponse(app)) return app;
      const event = spec.phoneEvent === undefined ? fake.phoneEvent(user, mobile, app) : spec.phoneEvent(user, mobile, app, query);
      if (event === undefined) return badRequest(`${user} has not logged in: ${spec.platform} has no session_key to encrypt with. Exchange a /login-code first.`);
      return ok({ ...event });
    }
    case '/stats':
      return ok({ ...fake.stats() });
    case '/config':
      return ok({ [spec.appParam]: fake[spec.appParam] });
    case '/control':
      return applyControl(fake, method, request.body, spec.control);
    default:
      return undefined;
  }
}
