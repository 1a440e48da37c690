export { createApp } from './app';
export type { CreateAppOptions } from './app';
export { ConfigError, loadConfig } from './config';
export type { AlipayAppConfig, LoadConfigOptions, SandboxState, ServerConfig } from './config';
export { createLogger } from './logger';
export { generateSandboxState } from './sandbox-state';
export { startServer } from './start-server';
export type { RunningServer, StartServerOptions } from './start-server';
