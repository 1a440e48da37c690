import type { SandboxIdentity } from '@phonekit/sandbox';
import type { SandboxIdentityFile } from './dev-config';

/** What the development app prints at start: which mode, where to go, and where the sandbox identity is kept (never a key). */
export function startBanner(url: string, sandbox: SandboxIdentity | undefined, identityFile?: SandboxIdentityFile): string {
  if (sandbox === undefined) {
    return `\n  phonekit (development app) with YOUR keys: no sandbox, no simulator. API at ${url}/api\n\n`;
  }
  return (
    [
      '',
      '  ================================================================',
      '   phonekit SANDBOX: no keys configured for any platform, so the',
      '   development app generated its own and plays Alipay, WeChat,',
      '   Douyin, Baidu, QQ and Kuaishou itself. Not for real users; the production server',
      '   (node apps/server/dist/main.js) never runs a sandbox.',
      `   simulator:     ${url}/`,
      `   Alipay appId:  ${sandbox.alipay.appId}  (keys: ${url}/sandbox/alipay/config)`,
      `   WeChat appid:  ${sandbox.wechat.appId}  (fake API: ${url}/sandbox/wechat)`,
      `   Douyin appid:  ${sandbox.douyin.appId}  (fake API: ${url}/sandbox/douyin)`,
      `   Baidu App Key: ${sandbox.baidu.appKey}  (fake API: ${url}/sandbox/baidu)`,
      `   QQ appid:      ${sandbox.qq.appId}  (fake API: ${url}/sandbox/qq)`,
      `   Kuaishou id:   ${sandbox.kuaishou.appId}  (fake API: ${url}/sandbox/kuaishou)`,
      ...(identityFile === undefined
        ? []
        : [
            `   identity:      ${identityFile.file}`,
            `                  (${identityFile.created ? 'generated now' : 'read back'}; kept across restarts, delete it for new keys and users)`,
          ]),
      '  ================================================================',
      '',
    ].join('\n') + '\n'
  );
}
