// The development app's logs: readable lines (pino-pretty) at a terminal or
// with LOG_FORMAT=pretty, JSON into a pipe or with LOG_FORMAT=json (issue 11:
// "Logs in development are raw JSON"). The production server always writes
// JSON. The pretty lines go through the same logger, so masking holds.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@phonekit/express';
import pretty from 'pino-pretty';
import { devLogFormat } from '../src/dev-logger';

jest.setTimeout(60_000);

const DEV_DIR = resolve(__dirname, '..');

describe('devLogFormat', () => {
  it('is pretty at a terminal and json into a pipe, unless LOG_FORMAT says otherwise', () => {
    expect(devLogFormat({}, true)).toBe('pretty');
    expect(devLogFormat({}, false)).toBe('json');
    expect(devLogFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(devLogFormat({ LOG_FORMAT: 'Pretty' }, false)).toBe('pretty');
    expect(devLogFormat({ LOG_FORMAT: 'fancy' }, false)).toBe('json');
  });
});

describe('the pretty lines', () => {
  it('are one readable line per entry, with the masked number and none of the redacted fields', () => {
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', pretty({ colorize: false, sync: true, destination: sink, ignore: 'pid,hostname,service', singleLine: true }));
    logger.info({ phone: '138****2222', sessionKey: 'c2Vzc2lvbi1rZXktc2VjcmV0', mobile: '13811112222' }, 'request');
    const text = chunks.join('');
    expect(text).toMatch(/INFO.*request/);
    expect(text).toContain('138****2222');
    expect(text).not.toContain('13811112222');
    expect(text).not.toContain('c2Vzc2lvbi1rZXktc2VjcmV0');
    expect(text.trim().split('\n')).toHaveLength(1);
  });
});

describe('pnpm start (src/main.ts) with LOG_FORMAT', () => {
  function firstLines(env: Record<string, string>): Promise<string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'phonekit-dev-logs-'));
    return new Promise<string>((resolveOutput, reject) => {
      const child = spawn(process.execPath, ['--conditions=@phonekit/source', '--import', 'tsx', 'src/main.ts'], {
        cwd: DEV_DIR,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', PHONEKIT_DATA_DIR: dataDir, NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('phonekit listening')) child.kill('SIGTERM');
      });
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(killer);
        rmSync(dataDir, { recursive: true, force: true });
        resolveOutput(stdout);
      });
    });
  }

  it('writes readable lines with LOG_FORMAT=pretty', async () => {
    const stdout = await firstLines({ LOG_FORMAT: 'pretty' });
    const line = stdout.split('\n').find((l) => l.includes('phonekit listening')) ?? '';
    expect(line).toMatch(/INFO.*phonekit listening/);
    expect(line.startsWith('{')).toBe(false);
  });

  it('writes JSON into a pipe by default', async () => {
    const stdout = await firstLines({});
    const line = stdout.split('\n').find((l) => l.includes('phonekit listening')) ?? '';
    expect(JSON.parse(line)).toMatchObject({ msg: 'phonekit listening' });
  });
});
