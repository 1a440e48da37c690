// A real redis-server for the suites that share state through Redis: on a
// free port, persistence off, stopped after. Missing redis-server is a
// FAILURE, not a skip: the test command installs the Debian package
// (scripts/test-prerequisites.cjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

export interface RunningRedis {
  readonly url: string;
  stop(): Promise<void>;
  /** After stop(): a new redis-server on the same port (empty: persistence is off), as after a Redis restart. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections and port but answers nothing (a hung Redis). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A bare PING over TCP: no client library, so nothing is left reconnecting. */
async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
  });
}

interface RedisProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

async function spawnRedis(port: number): Promise<RedisProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_resolve, reject) => {
    child.once('error', (err) => reject(new Error(`redis-server could not be started (${err.message}): install it with apt-get install redis-server (.ci/run does).`)));
  });
  const ready = (async () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${output.slice(-500)}`);
      if (await answersPing(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not answer PING: ${output.slice(-500)}`);
  })();
  await Promise.race([ready, failed]);
  return { child, exited };
}

export async function startRedisServer(): Promise<RunningRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let current = await spawnRedis(port);
  const stop = async (): Promise<void> => {
    const { child, exited } = current;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
    }
    await exited;
  };
  return {
    url,
    stop,
    async restart() {
      await stop();
      current = await spawnRedis(port);
    },
    pause() {
      current.child.kill('SIGSTOP');
    },
    resume() {
      current.child.kill('SIGCONT');
    },
  };
}
