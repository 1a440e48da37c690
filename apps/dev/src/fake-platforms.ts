import { Router } from 'express';
import { bodyText, callPrimary, SESSION_PLATFORMS, type PlatformTransport, type RpcHandlers, type SessionPlatform } from '@phonekit/express';
import {
  FakeBaiduApi,
  FakeDouyinApi,
  FakeKuaishouApi,
  FakeQqApi,
  handleFakeBaiduRequest,
  handleFakeDouyinRequest,
  handleFakeKuaishouRequest,
  handleFakeQqRequest,
  type FakePlatformRequest,
  type FakePlatformResponse,
  type SandboxIdentity,
} from '@phonekit/sandbox';

/** Calls one fake platform: in this process, or in the cluster primary that holds it for every worker. */
export type FakePlatformCall = (request: FakePlatformRequest) => Promise<FakePlatformResponse>;
export type FakePlatformCalls = Readonly<Record<SessionPlatform, FakePlatformCall>>;

/** A fake platform as one function of a request: its API and the sandbox controls. */
type FakePlatformHandler = (request: FakePlatformRequest) => FakePlatformResponse;

/** The sandbox's fake Douyin, Baidu, QQ and Kuaishou, for its identity's apps. */
export function createFakePlatforms(identity: SandboxIdentity): Readonly<Record<SessionPlatform, FakePlatformHandler>> {
  const douyin = new FakeDouyinApi({ appId: identity.douyin.appId, appSecret: identity.douyin.appSecret, appPublicKeyPem: identity.douyin.appPublicKeyPem });
  const baidu = new FakeBaiduApi({ appKey: identity.baidu.appKey, appSecret: identity.baidu.appSecret });
  const qq = new FakeQqApi({ appId: identity.qq.appId, appSecret: identity.qq.appSecret });
  const kuaishou = new FakeKuaishouApi({ appId: identity.kuaishou.appId, appSecret: identity.kuaishou.appSecret });
  return {
    douyin: (request) => handleFakeDouyinRequest(douyin, request),
    baidu: (request) => handleFakeBaiduRequest(baidu, request),
    qq: (request) => handleFakeQqRequest(qq, request),
    kuaishou: (request) => handleFakeKuaishouRequest(kuaishou, request),
  };
}

/** Calls each fake directly, in this process. */
export function inProcessFakePlatforms(fakes: Readonly<Record<SessionPlatform, FakePlatformHandler>>): FakePlatformCalls {
  return Object.fromEntries(SESSION_PLATFORMS.map((platform) => [platform, (request: FakePlatformRequest) => Promise.resolve(fakes[platform](request))])) as Record<
    SessionPlatform,
    FakePlatformCall
  >;
}

const methodOf = (platform: SessionPlatform): string => `fakePlatform.${platform}.request`;

/** In the cluster primary: serves its fakes to the workers, so a code minted through one worker is redeemed through another. */
export function fakePlatformHandlers(fakes: Readonly<Record<SessionPlatform, FakePlatformHandler>>): RpcHandlers {
  return Object.fromEntries(SESSION_PLATFORMS.map((platform) => [methodOf(platform), (request: FakePlatformRequest) => fakes[platform](request)]));
}

/** In a cluster worker: the primary's fakes. */
export const primaryFakePlatforms: FakePlatformCalls = Object.fromEntries(
  SESSION_PLATFORMS.map((platform) => [platform, (request: FakePlatformRequest) => callPrimary<FakePlatformResponse>(methodOf(platform), request)]),
) as Record<SessionPlatform, FakePlatformCall>;

/** The platform client's transport onto its fake: the same requests as over HTTPS, answered in process. */
export function fakePlatformTransport(callFake: FakePlatformCall): PlatformTransport {
  return async (request) => {
    const headers: Record<string, string> = { ...request.headers, ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }) };
    const { status, body } = await callFake({ method: request.method, path: request.path, query: request.query, body: request.body ?? '', headers });
    return { status, body };
  };
}

/**
 * /sandbox/<platform>: the fake platform's controls (login-code,
 * phone-event, phone-code for Douyin, stats, config, control) and, for
 * inspection with curl, the platform's own paths. The server itself reaches
 * the fake in process (fakePlatformTransport), never through these routes.
 */
export function sandboxPlatformRouter(callFake: FakePlatformCall): Router {
  const router = Router();
  router.use(async (req, res) => {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query)) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') query[key] = first;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const { status, body } = await callFake({ method: req.method, path: req.path, query, body: bodyText(req), headers });
    res.status(status).json(body);
  });
  return router;
}
