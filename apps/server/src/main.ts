import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { generateSandboxState } from './sandbox-state';
import { startServer } from './start-server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ generateSandbox: generateSandboxState });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`phonekit: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, { logger });
  const local = `http://localhost:${running.port}`;
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
    void running.close().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
