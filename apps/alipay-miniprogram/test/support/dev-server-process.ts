// The real phonekit development app, in sandbox mode, as its own process
// (apps/dev src/main.ts under tsx; @phonekit/test-servers), reached over real
// HTTP like the IDE reaches it. Spawned, not imported: a test never imports an app.
import { dirname } from 'node:path';
import { startPhonekitProcess, type PhonekitProcess } from '@phonekit/test-servers/phonekit-process';

export { unusedLocalUrl } from '@phonekit/test-servers/phonekit-process';

export type DevServerProcess = PhonekitProcess;

/** Starts `apps/dev` on a free port and resolves once it logs "phonekit listening". */
export function startDevServerProcess(env: Record<string, string> = {}, options: { readonly dataDir?: string } = {}): Promise<DevServerProcess> {
  return startPhonekitProcess({ cwd: dirname(require.resolve('@phonekit/dev/package.json')), env, tmpPrefix: 'phonekit-miniprogram-test-', ...options });
}
