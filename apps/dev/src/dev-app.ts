import { resolve } from 'node:path';
import type { Express } from 'express';
import { loadAlipayAesKey, loadAlipayPublicKey } from '@phonekit/core';
import { createApp, startServer, type CreateAppOptions, type RunningServer, type ServerConfig, type StartServerOptions } from '@phonekit/express';
import type { SandboxIdentity } from '@phonekit/sandbox';
import { simulatorRouter } from '@phonekit/simulator';
import { createFakeWechat, fakeWechatTransport, inProcessFakeWechat } from './fake-wechat';
import { createFakeAlipay, fakeAlipayGatewayTransport, inProcessFakeAlipay, type FakeAlipayCall } from './fake-alipay';
import { sandboxAccountsRouter } from './sandbox-accounts-router';
import { sandboxAlipayRouter } from './sandbox-alipay-router';
import { sandboxWechatRouter, type FakeWechatCall } from './sandbox-wechat-router';
import { SESSION_PLATFORMS } from '@phonekit/express';
import { createFakePlatforms, fakePlatformTransport, inProcessFakePlatforms, sandboxPlatformRouter, type FakePlatformCalls } from './fake-platforms';
import type { StoredRowsOf } from './stored-rows';

/** The mini-programs this repository ships: what the simulator's tabs run. */
export const ALIPAY_MINIPROGRAM_DIR = resolve(__dirname, '../../alipay-miniprogram/src');
export const WECHAT_MINIPROGRAM_DIR = resolve(__dirname, '../../wechat-miniprogram/src');
export const DOUYIN_MINIPROGRAM_DIR = resolve(__dirname, '../../douyin-miniprogram/src');

export interface DevAppOptions extends Omit<CreateAppOptions, 'routes' | 'wechatTransport' | 'alipayGatewayTransport' | 'platformTransports'> {
  /** How to reach the fake Douyin, Baidu, QQ and Kuaishou (default: new ones in this process). The cluster's workers pass the primary's. */
  readonly fakePlatforms?: FakePlatformCalls;
  /** How to reach the fake WeChat (default: a new one in this process). The cluster's workers pass the primary's. */
  readonly fakeWechat?: FakeWechatCall;
  /** How to reach the fake Alipay gateway (default: a new one in this process). The cluster's workers pass the primary's. */
  readonly fakeAlipay?: FakeAlipayCall;
  /** Leave the browser simulator out (tests of the sandbox routes alone). */
  readonly simulator?: boolean;
  /** How /sandbox/accounts/stored reads a user's rows as stored (the simulator's Account panel); without it that route answers ACCOUNTS_NOT_CONFIGURED. */
  readonly storedRows?: StoredRowsOf;
}

type SandboxOptionNames = 'fakeWechat' | 'fakeAlipay' | 'fakePlatforms' | 'simulator' | 'storedRows';

/** What the sandbox adds to createApp: its routes, the simulator, and the in-process WeChat transport. */
export function sandboxAppOptions(
  identity: SandboxIdentity,
  options: Pick<DevAppOptions, SandboxOptionNames> = {},
): Pick<CreateAppOptions, 'routes' | 'wechatTransport' | 'alipayGatewayTransport' | 'platformTransports'> {
  const callFake = options.fakeWechat ?? inProcessFakeWechat(createFakeWechat(identity));
  const callPlatforms = options.fakePlatforms ?? inProcessFakePlatforms(createFakePlatforms(identity));
  const callAlipay = options.fakeAlipay ?? inProcessFakeAlipay(createFakeAlipay(identity));
  const sandboxApp = {
    publicKey: loadAlipayPublicKey(identity.alipay.publicKeyBase64),
    aesKey: loadAlipayAesKey(identity.alipay.aesKeyBase64),
    signType: 'RSA2' as const,
    allowUnsigned: false,
  };
  return {
    wechatTransport: fakeWechatTransport(callFake),
    alipayGatewayTransport: fakeAlipayGatewayTransport(callAlipay),
    platformTransports: {
      douyin: fakePlatformTransport(callPlatforms.douyin),
      baidu: fakePlatformTransport(callPlatforms.baidu),
      qq: fakePlatformTransport(callPlatforms.qq),
      kuaishou: fakePlatformTransport(callPlatforms.kuaishou),
    },
    routes: [
      { path: '/sandbox/alipay', handler: sandboxAlipayRouter(identity, sandboxApp, callAlipay) },
      { path: '/sandbox/wechat', handler: sandboxWechatRouter(callFake) },
      ...SESSION_PLATFORMS.map((platform) => ({ path: `/sandbox/${platform}`, handler: sandboxPlatformRouter(callPlatforms[platform]) })),
      { path: '/sandbox/accounts', handler: sandboxAccountsRouter(options.storedRows) },
      ...(options.simulator === false
        ? []
        : [{ path: '/', handler: simulatorRouter({ miniprogramDir: ALIPAY_MINIPROGRAM_DIR, wechat: { miniprogramDir: WECHAT_MINIPROGRAM_DIR }, douyin: { miniprogramDir: DOUYIN_MINIPROGRAM_DIR } }) }]),
    ],
  };
}

/**
 * The development app: the production routers, plus, when `sandbox` is
 * given (no real key of any platform configured), the sandbox routes, the
 * fake platforms and the browser simulator.
 */
export function createDevApp(config: ServerConfig, sandbox: SandboxIdentity | undefined, options: DevAppOptions = {}): Express {
  const { fakeWechat, fakeAlipay, fakePlatforms, simulator, storedRows, ...appOptions } = options;
  return createApp(config, { ...appOptions, ...(sandbox === undefined ? {} : sandboxAppOptions(sandbox, fakesOf({ fakeWechat, fakeAlipay, fakePlatforms, simulator, storedRows }))) });
}

/** startServer for the development app (tests use port 0). */
export function startDevServer(
  config: ServerConfig,
  sandbox: SandboxIdentity | undefined,
  options: StartServerOptions & Pick<DevAppOptions, SandboxOptionNames> = {},
): Promise<RunningServer> {
  const { fakeWechat, fakeAlipay, fakePlatforms, simulator, storedRows, ...startOptions } = options;
  return startServer(config, { ...startOptions, ...(sandbox === undefined ? {} : sandboxAppOptions(sandbox, fakesOf({ fakeWechat, fakeAlipay, fakePlatforms, simulator, storedRows }))) });
}

/** The sandbox options given, without the undefined ones. */
function fakesOf(given: {
  fakeWechat: FakeWechatCall | undefined;
  fakeAlipay: FakeAlipayCall | undefined;
  fakePlatforms: FakePlatformCalls | undefined;
  simulator: boolean | undefined;
  storedRows: StoredRowsOf | undefined;
}): Pick<DevAppOptions, SandboxOptionNames> {
  return {
    ...(given.fakePlatforms === undefined ? {} : { fakePlatforms: given.fakePlatforms }),
    ...(given.storedRows === undefined ? {} : { storedRows: given.storedRows }),
    ...(given.fakeWechat === undefined ? {} : { fakeWechat: given.fakeWechat }),
    ...(given.fakeAlipay === undefined ? {} : { fakeAlipay: given.fakeAlipay }),
    ...(given.simulator === undefined ? {} : { simulator: given.simulator }),
  };
}
