/**
 * The phone page's data (what phone.axml renders), its shape (handlers and
 * instance fields), and the pure functions that build the data from server
 * answers. Kept apart from the page, and free of Alipay globals, so tests and
 * the simulator can import the types and texts without registering a Page.
 */
import type { SessionState } from './alipay-session';
import { maskPhone } from './mask-phone';
import type { AccountUserJson, ClientErrorCode, PhoneJson, ServerError, Submission } from './contract';
import { MANUAL_ENTRY_TEXT, emptyManualEntry } from './manual-phone';
import type { ManualEntryView, PageLanguage } from './manual-phone';

/** What the page is showing; `manual` is a number the user typed (not verified). */
export const PHONE_PAGE_STATUSES = ['idle', 'loading', 'success', 'error', 'declined', 'manual'] as const;
export type PhonePageStatus = (typeof PHONE_PAGE_STATUSES)[number];

/**
 * Every sentence the page shows that does not come from the server, one
 * table per language (phone.axml binds `{{text.x}}`; nothing is written in
 * the template itself). The decline and typed-in texts are the ones the
 * WeChat page shows too (lib/manual-phone.ts).
 */
export const PHONE_PAGE_TEXT = {
  zh: {
    ...MANUAL_ENTRY_TEXT.zh,
    title: '授权手机号',
    subtitle: '支付宝会把您绑定的手机号加密并签名后交给我们；我们的服务端验签、解密后显示在这里。',
    authButton: '使用支付宝绑定的手机号',
    oldClient: '一键获取手机号需要支付宝 10.1.35 及以上版本。请升级支付宝，或在下方手动输入手机号。',
    sandboxBanner: '沙箱模式：场景',
    sandboxServer: '服务端',
    loading: '正在向服务端验证…',
    loadingSandbox: '正在向沙箱获取报文…',
    yourPhone: '您的手机号',
    onAccount: '您账号上的手机号',
    reveal: '点击显示完整号码',
    hide: '点击隐藏',
    savedToAccount: '已加密保存到您的账号。',
    retry: '重试',
    erase: '删除我的数据',
    signingIn: '正在通过支付宝登录…',
    signedIn: '已登录',
    user: '用户',
    signedOut: '未登录：手机号可以验证，但不会保存到账号。',
    erased: '您的账号数据（手机号、授权记录和会话）已删除。',
    erasing: '正在删除您的数据…',
    phoneFailed: '手机号获取失败，请稍后重试，或手动输入手机号。',
    phoneUnavailable: '暂时无法获取您的手机号，请手动输入手机号。',
    noPhoneBound: '您的支付宝账号没有绑定手机号，请手动输入手机号。',
    unreachable: '网络连接失败，请检查网络后重试，或手动输入手机号。',
    eraseFailed: '数据删除失败，请稍后重试。',
    debugTitle: '开发者信息（config.debug）',
    errorCode: '错误码',
    httpStatus: 'HTTP 状态',
    alipayCode: '支付宝错误码',
    alipaySubCode: '支付宝子错误码',
    request: '请求',
    clientSaid: '客户端返回',
    detail: '详情',
  },
  en: {
    ...MANUAL_ENTRY_TEXT.en,
    title: 'Share your phone number',
    subtitle: 'Alipay gives us your bound phone number, encrypted and signed. Our server checks the signature, decrypts it and sends back the number.',
    authButton: 'Use my Alipay phone number',
    oldClient: 'One-tap phone number needs Alipay 10.1.35 or later. Please update Alipay, or type your number below instead.',
    sandboxBanner: 'Sandbox mode: scenario',
    sandboxServer: 'server',
    loading: 'Verifying with the server…',
    loadingSandbox: 'Asking the sandbox for a payload…',
    yourPhone: 'Your phone number',
    onAccount: 'The phone number on your account',
    reveal: 'tap to reveal',
    hide: 'tap to hide',
    savedToAccount: 'Saved to your account (encrypted).',
    retry: 'Retry',
    erase: 'Erase my data',
    signingIn: 'Signing in with Alipay…',
    signedIn: 'Signed in',
    user: 'user',
    signedOut: 'Not signed in: the number is verified but not saved to an account.',
    erased: 'Your account data was erased: phone number, consents and sessions.',
    erasing: 'Erasing your data…',
    phoneFailed: 'We could not get your phone number. Please try again later, or type your number instead.',
    phoneUnavailable: 'We cannot get your phone number right now. Please type your number instead.',
    noPhoneBound: 'Your Alipay account has no phone number. Please type your number instead.',
    unreachable: 'Could not connect. Check your network and try again, or type your number instead.',
    eraseFailed: 'Your data could not be erased. Please try again later.',
    debugTitle: 'Developer details (config.debug)',
    errorCode: 'Error code',
    httpStatus: 'HTTP status',
    alipayCode: 'Alipay code',
    alipaySubCode: 'Alipay sub-code',
    request: 'Request',
    clientSaid: 'Client said',
    detail: 'Detail',
  },
} as const satisfies Readonly<Record<PageLanguage, Readonly<Record<string, string>>>>;

export type PhonePageText = (typeof PHONE_PAGE_TEXT)[PageLanguage];

/** How the page speaks: its language and whether developer details show (config.debug). */
export interface PageVoice {
  readonly language: PageLanguage;
  readonly debug: boolean;
}

/** Chinese, no developer details: what a user gets before the page has read the client's language. */
export const DEFAULT_VOICE: PageVoice = { language: 'zh', debug: false };

/** What the page knows about the user's account. */
export const ACCOUNT_STATUSES = ['signing-in', 'signed-in', 'signed-out', 'erasing', 'erased'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface AccountView {
  status: AccountStatus;
  /** The user id the server gave (empty until signed in). */
  userId: string;
  /** One line for the account strip. */
  text: string;
  /** Why there is no session (an error code), or ''. */
  reasonCode: string;
  /** The phone bound to the account, masked; '' when none. */
  boundMasked: string;
}

/** The `my.canIUse` key for the authorise button (client 10.1.35+, base library 1.16.4+). */
export const AUTH_BUTTON_FEATURE = 'button.open-type.getAuthorize';

export interface PhoneView {
  /** `138****2222`: the server's `masked`, or computed from `mobile`. */
  masked: string;
  /** The full number: `e164` when the server gave one, else `mobile`. */
  full: string;
  /** What the page shows now: `masked` or `full`. */
  shown: string;
  revealed: boolean;
  revealLabel: string;
}

export interface ErrorDetailRow {
  label: string;
  value: string;
}

/** Which action failed: the phone number (the typed-in fallback then helps) or "Erase my data". */
export type ErrorContext = 'phone' | 'erase';

export interface ErrorView {
  /** What every user reads: a kind sentence and what they can do, in the page's language. */
  userText: string;
  code: string;
  /** The developer message (English); shown only with config.debug. */
  message: string;
  hint: string;
  hintZh: string;
  /** The hint in the page's language (`hintZh` in Chinese, `hint` in English); shown only with config.debug. */
  devHint: string;
  retryable: boolean;
  /** The typed-in fallback is offered with this error. */
  offerManual: boolean;
  /** Extra facts (HTTP status, Alipay's code and sub-code, the URL tried), one row each; shown only with config.debug. */
  details: ErrorDetailRow[];
}

/** `this.data` of the phone page. */
export interface PhonePageData {
  /** The page's language, from the client's (`my.getSystemInfoSync().language`). */
  language: PageLanguage;
  /** Every sentence the page shows, in `language`. */
  text: PhonePageText;
  /** config.debug: developer details (codes, HTTP status, hints for the developer) show. */
  debug: boolean;
  /** `my.canIUse('button.open-type.getAuthorize')`: false shows the old-client fallback. */
  canIUseAuthButton: boolean;
  status: PhonePageStatus;
  loadingText: string;
  serverUrl: string;
  sandbox: boolean;
  sandboxScenario: string;
  phone: PhoneView;
  error: ErrorView;
  declinedText: string;
  /** The typed-in fallback: the field, its refusal, the accepted number. */
  manual: ManualEntryView;
  account: AccountView;
  /** The number shown came from the account (login) rather than a fresh tap. */
  phoneFromAccount: boolean;
  /** The last verified number was bound to the account. */
  savedToAccount: boolean;
}

/** The event the authorise button passes to `onGetPhoneNumber` (base library 2.8.0+). */
export interface GetPhoneNumberEvent {
  detail?: {
    encryptedData?: unknown;
    sign?: unknown;
    [key: string]: unknown;
  };
}

/** Any component event; the handlers here only ever read `detail`. */
export interface MiniEvent {
  type?: string;
  detail?: unknown;
}

/** Handlers named in phone.axml. A `type`, not an interface: the Page typings need an index signature. */
export type PhonePageMethods = {
  onGetAuthorize(event?: MiniEvent): void;
  onGetPhoneNumber(event?: GetPhoneNumberEvent): void;
  onAuthError(event?: MiniEvent): void;
  onRetry(event?: MiniEvent): void;
  onToggleReveal(event?: MiniEvent): void;
  onEraseAccount(event?: MiniEvent): void;
  onManualInput(event?: MiniEvent): void;
  onManualConfirm(event?: MiniEvent): void;
};

/**
 * What Retry does:
 * - `resend`: post the last body again, byte for byte (the server or the
 *   network failed; the payload itself may be fine);
 * - `reacquire`: ask Alipay (or the sandbox) for a fresh payload, because the
 *   failure is inside the payload: an upstream error such as 20000 ALIPAY_BUSY
 *   is Alipay's own answer, and posting the same bytes again can only repeat it.
 */
export const RETRY_PLANS = ['resend', 'reacquire'] as const;
export type RetryPlan = (typeof RETRY_PLANS)[number];

/** Instance state that is not rendered. */
export type PhonePageExtraThis = {
  /** The last body posted, so Retry can send the very same bytes. */
  lastSubmission: Submission | null;
  /** What Retry does after the error on screen. */
  retryPlan: RetryPlan;
  /** This page run's login (started in onLoad; the phone flow waits for it). */
  session: Promise<SessionState> | null;
  /** How the page speaks (language and config.debug), read in onLoad. */
  voice: PageVoice;
};

/** Checks at compile time that a code the page makes up is one of CLIENT_ERROR_CODES (contract.ts). */
function clientCode(code: ClientErrorCode): string {
  return code;
}

function textOf(voice: PageVoice): PhonePageText {
  return PHONE_PAGE_TEXT[voice.language];
}

export function emptyPhoneView(voice: PageVoice = DEFAULT_VOICE): PhoneView {
  return { masked: '', full: '', shown: '', revealed: false, revealLabel: textOf(voice).reveal };
}

export function emptyErrorView(): ErrorView {
  return { userText: '', code: '', message: '', hint: '', hintZh: '', devHint: '', retryable: false, offerManual: false, details: [] };
}

/** The data a page starts with, before onLoad has read the client's language. */
export function initialPhonePageData(voice: PageVoice = DEFAULT_VOICE): PhonePageData {
  const text = textOf(voice);
  return {
    language: voice.language,
    text,
    debug: voice.debug,
    canIUseAuthButton: false,
    status: 'idle',
    loadingText: text.loading,
    serverUrl: '',
    sandbox: false,
    sandboxScenario: '',
    phone: emptyPhoneView(voice),
    error: emptyErrorView(),
    declinedText: text.declined,
    manual: emptyManualEntry(),
    account: signingInView(voice),
    phoneFromAccount: false,
    savedToAccount: false,
  };
}

export function signingInView(voice: PageVoice = DEFAULT_VOICE): AccountView {
  return { status: 'signing-in', userId: '', text: textOf(voice).signingIn, reasonCode: '', boundMasked: '' };
}

/** Signed in as `user`; `boundMasked` is the phone on the account, if any. */
export function signedInView(user: Pick<AccountUserJson, 'id' | 'phone'>, voice: PageVoice = DEFAULT_VOICE): AccountView {
  const text = textOf(voice);
  const boundMasked = user.phone === null ? '' : user.phone.masked;
  return { status: 'signed-in', userId: user.id, text: `${text.signedIn} · ${text.user} ${user.id.slice(0, 8)}`, reasonCode: '', boundMasked };
}

/** Not signed in; the reason's code and message show only with config.debug. */
export function signedOutView(reason: Pick<ServerError, 'code' | 'message'>, voice: PageVoice = DEFAULT_VOICE): AccountView {
  const text = textOf(voice).signedOut + (voice.debug ? ` (${reason.code}: ${reason.message})` : '');
  return { status: 'signed-out', userId: '', text, reasonCode: reason.code, boundMasked: '' };
}

export function erasedView(voice: PageVoice = DEFAULT_VOICE): AccountView {
  return { status: 'erased', userId: '', text: textOf(voice).erased, reasonCode: '', boundMasked: '' };
}

/** The phone as shown: masked unless `revealed`. */
export function phoneView(phone: Pick<PhoneJson, 'mobile' | 'e164' | 'masked'>, revealed: boolean, voice: PageVoice = DEFAULT_VOICE): PhoneView {
  const masked = phone.masked || maskPhone(phone.mobile);
  const full = phone.e164 || phone.mobile;
  return withRevealed({ ...emptyPhoneView(voice), masked, full }, revealed, voice);
}

/** The same phone, switched to full (`revealed`) or masked. */
export function withRevealed(phone: PhoneView, revealed: boolean, voice: PageVoice = DEFAULT_VOICE): PhoneView {
  const text = textOf(voice);
  return {
    masked: phone.masked,
    full: phone.full,
    shown: revealed ? phone.full : phone.masked,
    revealed,
    revealLabel: revealed ? text.hide : text.reveal,
  };
}

/** The hint a developer reads, in the page's language (the other one when the server gave only that). */
function devHintOf(error: Pick<ServerError, 'hint' | 'hintZh'>, language: PageLanguage): string {
  return language === 'zh' ? error.hintZh || error.hint : error.hint || error.hintZh;
}

/** The kind sentence a user reads for `error`. */
function userTextOf(error: Pick<ServerError, 'code' | 'retryable'>, context: ErrorContext, text: PhonePageText): string {
  if (context === 'erase') return text.eraseFailed;
  if (error.code === 'NO_PHONE_BOUND') return text.noPhoneBound;
  if (error.code === 'SERVER_UNREACHABLE') return text.unreachable;
  return error.retryable ? text.phoneFailed : text.phoneUnavailable;
}

function view(error: ServerError, details: ErrorDetailRow[], context: ErrorContext, voice: PageVoice): ErrorView {
  return {
    userText: userTextOf(error, context, textOf(voice)),
    code: error.code,
    message: error.message,
    hint: error.hint,
    hintZh: error.hintZh,
    devHint: devHintOf(error, voice.language),
    retryable: error.retryable,
    offerManual: context === 'phone',
    details,
  };
}

/** A server error (or one the page made up) as shown, with its HTTP status and Alipay codes as detail rows. */
export function errorView(error: ServerError, status: number | null, voice: PageVoice = DEFAULT_VOICE, context: ErrorContext = 'phone'): ErrorView {
  const text = textOf(voice);
  const details: ErrorDetailRow[] = [];
  if (status !== null) details.push({ label: text.httpStatus, value: String(status) });
  if (error.upstream !== undefined) {
    const { code, msg = '', subCode = '', subMsg = '' } = error.upstream;
    if (code !== '' || msg !== '') details.push({ label: text.alipayCode, value: `${code} ${msg}`.trim() });
    if (subCode !== '' || subMsg !== '') {
      details.push({ label: text.alipaySubCode, value: `${subCode} ${subMsg}`.trim() });
    }
  }
  return view(error, details, context, voice);
}

/** `my.request` never got an HTTP answer. */
export function unreachableView(serverUrl: string, requestUrl: string, detail: string, voice: PageVoice = DEFAULT_VOICE, context: ErrorContext = 'phone'): ErrorView {
  const text = textOf(voice);
  const error: ServerError = {
    code: clientCode('SERVER_UNREACHABLE'),
    message: `Could not reach the server at ${serverUrl}.`,
    hint:
      'Start the phonekit server (pnpm dev) and check serverUrl in src/config.ts. In the Alipay IDE tick ' +
      '"ignore httpRequest domain check"; on a phone, 127.0.0.1 is the phone itself: use your computer\'s LAN address.',
    hintZh:
      '请启动 phonekit 服务端（pnpm dev）并检查 src/config.ts 中的 serverUrl。在开发者工具中勾选“忽略 httpRequest 域名合法性检查”；' +
      '真机上 127.0.0.1 指手机本身，请改用电脑的局域网地址。',
    retryable: true,
  };
  return view(error, [
    { label: text.request, value: requestUrl },
    { label: text.clientSaid, value: detail },
  ], context, voice);
}

/** `my.getPhoneNumber` called `fail`: usually the product is not bound or consent is missing. */
export function getPhoneNumberFailedView(clientMessage: string, voice: PageVoice = DEFAULT_VOICE): ErrorView {
  const error: ServerError = {
    code: clientCode('GET_PHONE_NUMBER_FAILED'),
    message: `Alipay did not give the phone number: ${clientMessage}.`,
    hint:
      'Bind the "获取会员手机号" (member phone number) product to this mini-program and apply for user ' +
      'information in the Alipay console, then tap the button again.',
    hintZh: '请在开放平台为该小程序绑定“获取会员手机号”产品并申请用户信息，然后重新点击按钮。',
    retryable: false,
  };
  return view(error, [], 'phone', voice);
}

/** A bug or an exception in the page itself. */
export function unexpectedView(cause: unknown, voice: PageVoice = DEFAULT_VOICE, context: ErrorContext = 'phone'): ErrorView {
  const error: ServerError = {
    code: clientCode('PAGE_ERROR'),
    message: 'Something unexpected happened in the mini-program.',
    hint: 'Try again; if it persists, look at the IDE console.',
    hintZh: '请重试；如持续出现，请查看开发者工具控制台。',
    retryable: true,
  };
  return view(error, [{ label: textOf(voice).detail, value: cause instanceof Error ? cause.message : String(cause) }], context, voice);
}
