/**
 * Every sentence the phone page shows that does not come from the server,
 * one table per language (phone.ttml binds `{{text.x}}`; nothing is written
 * in the template itself). The decline and typed-in texts are the ones the
 * Alipay and WeChat pages show too (lib/manual-phone.ts). Uses no `tt`, so
 * node code (tests, the simulator) can import it.
 *
 * The button's words follow Douyin's rule for it: "触发按钮文案应为“授权手机号快捷登录”、
 * “手机号码一键登录”等" (https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/tutorial/open-capabilities/general-capabilities/new-phone-method).
 */
import { MANUAL_ENTRY_TEXT, type PageLanguage } from './manual-phone';

export const PAGE_TEXT = {
  zh: {
    ...MANUAL_ENTRY_TEXT.zh,
    intro: 'phonekit 向抖音获取您的手机号，并显示服务端验证的结果。',
    phoneButton: '授权手机号快捷登录',
    oldClient: '当前抖音版本不支持一键获取手机号。请升级抖音，或在下方手动输入手机号。',
    sandboxBanner: '沙箱模式：手机号和登录码来自开发服务端的沙箱抖音',
    status_starting: '正在通过抖音登录…',
    status_ready: '点击按钮，授权您的手机号。',
    status_asking: '正在向服务端验证…',
    status_done: '服务端已验证。',
    status_failed: '没有成功。',
    status_declined: '您没有授权手机号。',
    status_manual: '您手动输入了手机号。',
    signingIn: '正在登录…',
    signedIn: '已登录',
    user: '用户',
    noAccounts: '已通过抖音登录，但该服务端不保存账号：手机号可以验证，但不会保存。',
    signedOut: '未登录：手机号可以验证，但不会保存到账号。',
    erasing: '正在删除您的数据…',
    erased: '您的数据（手机号、授权记录和会话）已删除。',
    erase: '删除我的数据',
    onAccount: '您账号上的手机号',
    saved: '已加密保存到您的账号。',
    notSaved: '已验证，未保存到账号。',
    flowCode: '通过手机号 code 验证',
    flowEncrypted: '通过 encryptedData 和会话验证',
    phoneFailed: '手机号获取失败，请稍后重试，或手动输入手机号。',
    phoneUnavailable: '暂时无法获取您的手机号，请手动输入手机号。',
    sessionExpired: '登录已过期，已为您重新登录，请再点一次按钮。',
    unreachable: '网络连接失败，请检查网络后重试，或手动输入手机号。',
    loginFailed: '暂时无法登录：您仍可获取手机号（不会保存到账号），或稍后重新打开页面。',
    eraseFailed: '数据删除失败，请稍后重试。',
    debugTitle: '开发者信息（config.debug）',
    errorCode: '错误码',
  },
  en: {
    ...MANUAL_ENTRY_TEXT.en,
    intro: 'phonekit asks Douyin for your phone number and shows what the server verified.',
    phoneButton: 'Sign in with my Douyin phone number',
    oldClient: 'This Douyin version cannot share your phone number in one tap. Please update Douyin, or type your number below instead.',
    sandboxBanner: "Sandbox mode: the phone and login codes come from the development server's sandbox Douyin",
    status_starting: 'Signing in with Douyin…',
    status_ready: 'Tap the button to share your phone number.',
    status_asking: 'Asking the server…',
    status_done: 'Verified by the server.',
    status_failed: 'That did not work.',
    status_declined: 'You did not share your phone number.',
    status_manual: 'You typed your phone number.',
    signingIn: 'Signing in…',
    signedIn: 'Signed in',
    user: 'user',
    noAccounts: 'Signed in with Douyin, but this server keeps no accounts: the number is verified, not saved.',
    signedOut: 'Not signed in: the number is verified, not saved to an account.',
    erasing: 'Erasing your data…',
    erased: 'Your data was erased: phone number, consents and sessions.',
    erase: 'Erase my data',
    onAccount: 'The phone number on your account',
    saved: 'Saved to your account (encrypted).',
    notSaved: 'Verified, not saved to an account.',
    flowCode: 'via the phone-number code',
    flowEncrypted: 'via encryptedData and the session',
    phoneFailed: 'We could not get your phone number. Please try again later, or type your number instead.',
    phoneUnavailable: 'We cannot get your phone number right now. Please type your number instead.',
    sessionExpired: 'Your sign-in had expired; we signed you in again. Please tap the button once more.',
    unreachable: 'Could not connect. Check your network and try again, or type your number instead.',
    loginFailed: 'We could not sign you in: you can still share your number (it is not saved to an account), or reopen the page later.',
    eraseFailed: 'Your data could not be erased. Please try again later.',
    debugTitle: 'Developer details (config.debug)',
    errorCode: 'Error code',
  },
} as const satisfies Readonly<Record<PageLanguage, Readonly<Record<string, string>>>>;

export type PageText = (typeof PAGE_TEXT)[PageLanguage];
