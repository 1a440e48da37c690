// The real phonekit development app, in sandbox mode, as its own process
// (apps/dev src/main.ts under tsx; @phonekit/test-servers), reached over real
// HTTP: it plays WeChat (controls at /sandbox/wechat) and reaches its fake
// WeChat in process.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { startPhonekitProcess, type PhonekitProcess } from '@phonekit/test-servers/phonekit-process';

// (the global `require` is typed by miniprogram-api-typings, without resolve)
const localRequire = createRequire(__filename);

export type PhonekitServerProcess = PhonekitProcess;

export function startPhonekitServer(env: Record<string, string> = {}, options: { readonly dataDir?: string } = {}): Promise<PhonekitServerProcess> {
  return startPhonekitProcess({ cwd: dirname(localRequire.resolve('@phonekit/dev/package.json')), env, tmpPrefix: 'phonekit-miniprogram-test-', ...options });
}
