/**
 * A client of the fake gateway as a server using @phonekit/core would be:
 * build, sign, POST, read the text. Over real HTTP (a bare node:http server
 * on port 0).
 */
import { createServer, type Server } from 'node:http';
import {
  buildOauthTokenRequest,
  loadAlipayAppPrivateKey,
  loadAlipayPublicKey,
  signAlipayOpenApiRequest,
  type AlipayAppPrivateKey,
  type AlipayCertificateSns,
  type AlipayPublicKey,
  type AlipaySignType,
} from '@phonekit/core';
import { createFakeAlipayListener } from '../../src/alipay-gateway/create-fake-alipay-listener';
import type { FakeAlipayGateway } from '../../src/alipay-gateway/fake-alipay-gateway';

export interface GatewayServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(gateway: FakeAlipayGateway): Promise<GatewayServer> {
  const server: Server = createServer(createFakeAlipayListener(gateway));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface AppSide {
  readonly appId: string;
  readonly appKey: AlipayAppPrivateKey;
  readonly alipayKey: AlipayPublicKey;
  readonly signType?: AlipaySignType;
  readonly certificate?: AlipayCertificateSns;
}

export function appSide(appId: string, appPrivateKeyPem: string, alipayPublicKeyPem: string, extra: Pick<AppSide, 'signType' | 'certificate'> = {}): AppSide {
  return { appId, appKey: loadAlipayAppPrivateKey(appPrivateKeyPem), alipayKey: loadAlipayPublicKey(alipayPublicKeyPem), ...extra };
}

/** The signed parameters of an oauth.token exchange, as core builds them. */
export function signedExchange(app: AppSide, grant: { authCode: string } | { refreshToken: string }, timestamp = new Date()): Record<string, string> {
  const params = buildOauthTokenRequest({
    appId: app.appId,
    timestamp,
    ...(app.signType === undefined ? {} : { signType: app.signType }),
    ...(app.certificate === undefined ? {} : { certificate: app.certificate }),
    ...grant,
  });
  return signAlipayOpenApiRequest(params, app.appKey, app.signType ?? 'RSA2');
}

/** POSTs parameters as the official Java SDK does: charset and the common ones in the query, the business ones in a form body. */
export async function postGateway(url: string, params: Readonly<Record<string, string>>): Promise<{ status: number; contentType: string | null; text: string }> {
  const business = new Set(['grant_type', 'code', 'refresh_token']);
  const query = new URLSearchParams(Object.entries(params).filter(([key]) => !business.has(key)));
  const body = new URLSearchParams(Object.entries(params).filter(([key]) => business.has(key)));
  const response = await fetch(`${url}/gateway.do?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: body.toString(),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}
