import { callPrimary, type AlipayGatewayTransport, type RpcHandlers } from '@phonekit/express';
import { FakeAlipayGateway, handleFakeAlipayRequest, type FakeAlipayRequest, type FakeAlipayResponse, type SandboxIdentity } from '@phonekit/sandbox';

const METHOD = 'fakeAlipay.request';

/** Calls the fake Alipay gateway: in this process, or in the cluster primary that holds it for every worker. */
export type FakeAlipayCall = (request: FakeAlipayRequest) => Promise<FakeAlipayResponse>;

/**
 * The sandbox's fake Alipay OpenAPI gateway, for its identity's app: it
 * verifies the login's requests with the app public key and signs its
 * answers with the sandbox's Alipay private key. The same user name always
 * gets the same user ids (an HMAC of the name), so a user logs in as the same
 * account after a restart.
 */
export function createFakeAlipay(identity: SandboxIdentity): FakeAlipayGateway {
  return new FakeAlipayGateway({ appId: identity.alipay.appId, appPublicKeyPem: identity.alipay.appPublicKeyPem, alipayPrivateKeyPem: identity.alipay.privateKeyPem });
}

/** Calls `gateway` directly, in this process. */
export function inProcessFakeAlipay(gateway: FakeAlipayGateway): FakeAlipayCall {
  return (request) => Promise.resolve(handleFakeAlipayRequest(gateway, request));
}

/** In the cluster primary: serves its fake gateway to the workers, so an auth code minted through one worker is redeemed through another. */
export function fakeAlipayHandlers(gateway: FakeAlipayGateway): RpcHandlers {
  return { [METHOD]: (request: FakeAlipayRequest) => handleFakeAlipayRequest(gateway, request) };
}

/** In a cluster worker: the primary's fake gateway. */
export const primaryFakeAlipay: FakeAlipayCall = (request) => callPrimary<FakeAlipayResponse>(METHOD, request);

/** The login's gateway transport onto the fake: the same request as over HTTPS to gateway.do, answered in process. */
export function fakeAlipayGatewayTransport(callFake: FakeAlipayCall): AlipayGatewayTransport {
  return async (request) => {
    const { status, text } = await callFake({
      method: 'POST',
      path: '/gateway.do',
      query: request.query,
      body: new URLSearchParams(request.form).toString(),
      contentType: 'application/x-www-form-urlencoded;charset=utf-8',
    });
    return { status, text };
  };
}
