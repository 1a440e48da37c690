import { loadConfigOrExit } from './load-config-or-exit';
import { createLogger } from './logger';
import { startServer } from './start-server';
import { createWechatStore } from './store/create-wechat-store';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const wechatStore = createWechatStore(config, { onError: (error) => logger.warn({ err: { type: error.name, message: error.message } }, 'wechat store: redis error') });
  const running = await startServer(config, { logger, wechatStore });
  const local = `http://localhost:${running.port}`;
  if (config.wechat.mode === 'sandbox') {
    process.stderr.write(`  WeChat: SANDBOX (no WECHAT_APP_ID/WECHAT_APP_SECRET): fake WeChat API at ${local}/sandbox/wechat, appid ${config.wechat.appId}\n`);
  }
  if (config.sandbox !== undefined) {
    const { appId } = config.sandbox.alipay;
    process.stderr.write(
      [
        '',
        '  ================================================================',
        '   phonekit is running in SANDBOX MODE: no Alipay keys configured,',
        '   so it generated its own and plays Alipay itself. Not for real',
        '   users. Set ALIPAY_PUBLIC_KEY and ALIPAY_AES_KEY for real keys.',
        `   sandbox appId: ${appId}`,
        `   sandbox keys:  ${local}/sandbox/alipay/config`,
        '  ================================================================',
        '',
      ].join('\n') + '\n',
    );
  }
  logger.info({ url: local, mode: config.mode, apps: [...config.alipayApps.keys()].map((k) => k || '(default)') }, 'phonekit listening');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish within 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    void running.close().then(() => wechatStore.close()).then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
