import {
  buildOauthTokenRequest,
  signAlipayOpenApiRequest,
  verifyAlipayOauthTokenResponse,
  type AlipayOauthToken,
  type AlipayPublicKey,
} from '@phonekit/core';
import type { AlipayAppConfig, AlipayLoginConfig } from '../config';
import { ApiError } from '../errors/api-error';
import type { AlipayGatewayRequest, AlipayGatewayTransport } from './alipay-gateway-transport';

/** An app that can log users in: its appId, the Alipay public key, and the login keys. */
export type AlipayLoginApp = AlipayAppConfig & { readonly appId: string; readonly publicKey: AlipayPublicKey; readonly login: AlipayLoginConfig };

/** The method's own parameters: the body. Everything else is a protocol parameter: the query string. */
const APPLICATION_PARAMS = new Set(['grant_type', 'code', 'refresh_token']);

/** Whether `app` was configured for the login (loadConfig refuses a login without an appId or a public key). */
export function isLoginApp(app: AlipayAppConfig): app is AlipayLoginApp {
  return app.login !== undefined && app.appId !== undefined && app.publicKey !== undefined;
}

const unreachable = (cause: unknown): ApiError =>
  new ApiError('ALIPAY_GATEWAY_BUSY', { message: "Alipay's OpenAPI gateway could not be reached (network error or timeout).", cause });

export interface AlipayLoginServiceOptions {
  readonly transport: AlipayGatewayTransport;
  /** The request timestamp's clock (tests). */
  readonly now?: () => Date;
}

/**
 * The login's one call: alipay.system.oauth.token, auth code -> user.
 *
 * phonekit makes the call with its own core rather than the official
 * `alipay-sdk` (v4): core already holds each step, cross-checked against
 * the SDK in core's and the sandbox's tests (sign content, RSA2 request
 * signature, the raw-text response verification, cert SNs), while the SDK
 * would add urllib and its own dependency tree to every install of
 * @phonekit/express, read its keys in its own formats (not the forms and
 * messages of the rest of phonekit's configuration), and report failures as
 * its own errors rather than catalogued codes.
 *
 * @example
 * ```ts
 * const service = new AlipayLoginService({ transport: fetchAlipayGatewayTransport() });
 * const token = await service.exchangeAuthCode(app, authCode);
 * token.subject; // { kind: 'open_id', id: '074a...' }
 * ```
 */
export class AlipayLoginService {
  readonly #transport: AlipayGatewayTransport;
  readonly #now: () => Date;

  constructor(options: AlipayLoginServiceOptions) {
    this.#transport = options.transport;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Exchanges an auth code from my.getAuthCode: the request signed with the
   * application private key (RSA2 over the sorted parameters; in certificate
   * mode with app_cert_sn and alipay_root_cert_sn), the answer's sign
   * verified with the Alipay public key over the raw text of
   * `alipay_system_oauth_token_response`. Errors are catalogued:
   * ALIPAY_AUTH_CODE_INVALID (wrong, used, expired or another app's code),
   * ALIPAY_REQUEST_SIGNATURE_INVALID, ALIPAY_APP_ID_INVALID,
   * ALIPAY_GATEWAY_SIGNATURE_INVALID, ALIPAY_GATEWAY_BUSY (also when the
   * gateway cannot be reached), ALIPAY_GATEWAY_ERROR.
   */
  async exchangeAuthCode(app: AlipayLoginApp, authCode: string): Promise<AlipayOauthToken> {
    const { login } = app;
    const params = signAlipayOpenApiRequest(
      buildOauthTokenRequest({
        appId: app.appId,
        authCode,
        timestamp: this.#now(),
        signType: app.signType,
        ...(login.certificate === undefined ? {} : { certificate: login.certificate }),
      }),
      login.appPrivateKey,
      app.signType,
    );
    const query: Record<string, string> = {};
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) (APPLICATION_PARAMS.has(name) ? form : query)[name] = value;
    const request: AlipayGatewayRequest = { url: login.gatewayUrl, query, form };
    let answer;
    try {
      answer = await this.#transport(request);
    } catch (err) {
      throw unreachable(err);
    }
    // A proxy's or load balancer's error page is not the gateway's answer.
    if (answer.status >= 500 && !answer.text.trimStart().startsWith('{')) throw unreachable(new Error(`HTTP ${answer.status}`));
    return verifyAlipayOauthTokenResponse(answer.text, app.publicKey, app.signType);
  }
}
