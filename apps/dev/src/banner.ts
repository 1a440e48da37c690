import type { SandboxIdentity } from '@phonekit/sandbox';

/** What the development app prints at start: which mode, and where to go. */
export function startBanner(url: string, sandbox: SandboxIdentity | undefined): string {
  if (sandbox === undefined) {
    return `\n  phonekit (development app) with YOUR keys: no sandbox, no simulator. API at ${url}/api\n\n`;
  }
  return (
    [
      '',
      '  ================================================================',
      '   phonekit SANDBOX: no keys configured for any platform, so the',
      '   development app generated its own and plays Alipay and WeChat',
      '   itself. Not for real users; the production server',
      '   (node apps/server/dist/main.js) never runs a sandbox.',
      `   simulator:     ${url}/`,
      `   Alipay appId:  ${sandbox.alipay.appId}  (keys: ${url}/sandbox/alipay/config)`,
      `   WeChat appid:  ${sandbox.wechat.appId}  (fake API: ${url}/sandbox/wechat)`,
      '  ================================================================',
      '',
    ].join('\n') + '\n'
  );
}
