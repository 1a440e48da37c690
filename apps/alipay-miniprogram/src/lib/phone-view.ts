/**
 * The phone page's data (what phone.axml renders), its shape (handlers and
 * instance fields), and the pure functions that build the data from server
 * answers. Kept apart from the page, and free of Alipay globals, so tests and
 * the simulator can import the types and texts without registering a Page.
 */
import type { SessionState } from './alipay-session';
import { maskPhone } from './mask-phone';
import type { AccountUserJson, ClientErrorCode, PhoneJson, ServerError, Submission } from './contract';

/** What the page is showing. */
export const PHONE_PAGE_STATUSES = ['idle', 'loading', 'success', 'error', 'declined'] as const;
export type PhonePageStatus = (typeof PHONE_PAGE_STATUSES)[number];

/** Every sentence the page shows that does not come from the server. */
export const PHONE_PAGE_TEXT = {
  loading: 'Verifying with the server…',
  loadingSandbox: 'Asking the sandbox for a payload…',
  declined: 'No problem — you can type your number instead.',
  reveal: 'tap to reveal',
  hide: 'tap to hide',
  signingIn: 'Signing in with Alipay…',
  signedIn: 'Signed in',
  signedOut: 'Not signed in: the number is verified but not saved to an account.',
  erased: 'Your account data was erased: phone number, consents and sessions.',
  erasing: 'Erasing your data…',
  savedToAccount: 'Saved to your account (encrypted).',
  onAccount: 'The phone number on your account',
} as const;

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

export interface ErrorView {
  code: string;
  message: string;
  hint: string;
  hintZh: string;
  retryable: boolean;
  /** Extra facts (HTTP status, Alipay's code and sub-code, the URL tried), one row each. */
  details: ErrorDetailRow[];
}

/** `this.data` of the phone page. */
export interface PhonePageData {
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
};

/** Checks at compile time that a code the page makes up is one of CLIENT_ERROR_CODES (contract.ts). */
function clientCode(code: ClientErrorCode): string {
  return code;
}

export function emptyPhoneView(): PhoneView {
  return { masked: '', full: '', shown: '', revealed: false, revealLabel: PHONE_PAGE_TEXT.reveal };
}

export function emptyErrorView(): ErrorView {
  return { code: '', message: '', hint: '', hintZh: '', retryable: false, details: [] };
}

export function initialPhonePageData(): PhonePageData {
  return {
    canIUseAuthButton: false,
    status: 'idle',
    loadingText: PHONE_PAGE_TEXT.loading,
    serverUrl: '',
    sandbox: false,
    sandboxScenario: '',
    phone: emptyPhoneView(),
    error: emptyErrorView(),
    declinedText: PHONE_PAGE_TEXT.declined,
    account: signingInView(),
    phoneFromAccount: false,
    savedToAccount: false,
  };
}

export function signingInView(): AccountView {
  return { status: 'signing-in', userId: '', text: PHONE_PAGE_TEXT.signingIn, reasonCode: '', boundMasked: '' };
}

/** Signed in as `user`; `boundMasked` is the phone on the account, if any. */
export function signedInView(user: Pick<AccountUserJson, 'id' | 'phone'>): AccountView {
  const boundMasked = user.phone === null ? '' : user.phone.masked;
  return { status: 'signed-in', userId: user.id, text: `${PHONE_PAGE_TEXT.signedIn} · user ${user.id.slice(0, 8)}`, reasonCode: '', boundMasked };
}

export function signedOutView(reason: Pick<ServerError, 'code' | 'message'>): AccountView {
  return { status: 'signed-out', userId: '', text: `${PHONE_PAGE_TEXT.signedOut} (${reason.code}: ${reason.message})`, reasonCode: reason.code, boundMasked: '' };
}

export function erasedView(): AccountView {
  return { status: 'erased', userId: '', text: PHONE_PAGE_TEXT.erased, reasonCode: '', boundMasked: '' };
}

/** The phone as shown: masked unless `revealed`. */
export function phoneView(phone: Pick<PhoneJson, 'mobile' | 'e164' | 'masked'>, revealed: boolean): PhoneView {
  const masked = phone.masked || maskPhone(phone.mobile);
  const full = phone.e164 || phone.mobile;
  return withRevealed({ ...emptyPhoneView(), masked, full }, revealed);
}

/** The same phone, switched to full (`revealed`) or masked. */
export function withRevealed(phone: PhoneView, revealed: boolean): PhoneView {
  return {
    masked: phone.masked,
    full: phone.full,
    shown: revealed ? phone.full : phone.masked,
    revealed,
    revealLabel: revealed ? PHONE_PAGE_TEXT.hide : PHONE_PAGE_TEXT.reveal,
  };
}

/** A server error (or one the page made up) as shown, with its HTTP status and Alipay codes as detail rows. */
export function errorView(error: ServerError, status: number | null): ErrorView {
  const details: ErrorDetailRow[] = [];
  if (status !== null) details.push({ label: 'HTTP status', value: String(status) });
  if (error.upstream !== undefined) {
    const { code, msg = '', subCode = '', subMsg = '' } = error.upstream;
    if (code !== '' || msg !== '') details.push({ label: 'Alipay code', value: `${code} ${msg}`.trim() });
    if (subCode !== '' || subMsg !== '') {
      details.push({ label: 'Alipay sub-code', value: `${subCode} ${subMsg}`.trim() });
    }
  }
  return {
    code: error.code,
    message: error.message,
    hint: error.hint,
    hintZh: error.hintZh,
    retryable: error.retryable,
    details,
  };
}

/** `my.request` never got an HTTP answer. */
export function unreachableView(serverUrl: string, requestUrl: string, detail: string): ErrorView {
  return {
    code: clientCode('SERVER_UNREACHABLE'),
    message: `Could not reach the server at ${serverUrl}.`,
    hint:
      'Start the phonekit server (pnpm dev) and check serverUrl in src/config.ts. In the Alipay IDE tick ' +
      '"ignore httpRequest domain check"; on a phone, 127.0.0.1 is the phone itself: use your computer\'s LAN address.',
    hintZh:
      '请启动 phonekit 服务端（pnpm dev）并检查 src/config.ts 中的 serverUrl。在开发者工具中勾选“忽略 httpRequest 域名合法性检查”；' +
      '真机上 127.0.0.1 指手机本身，请改用电脑的局域网地址。',
    retryable: true,
    details: [
      { label: 'Request', value: requestUrl },
      { label: 'Client said', value: detail },
    ],
  };
}

/** `my.getPhoneNumber` called `fail`: usually the product is not bound or consent is missing. */
export function getPhoneNumberFailedView(clientMessage: string): ErrorView {
  return {
    code: clientCode('GET_PHONE_NUMBER_FAILED'),
    message: `Alipay did not give the phone number: ${clientMessage}.`,
    hint:
      'Bind the "获取会员手机号" (member phone number) product to this mini-program and apply for user ' +
      'information in the Alipay console, then tap the button again.',
    hintZh: '请在开放平台为该小程序绑定“获取会员手机号”产品并申请用户信息，然后重新点击按钮。',
    retryable: false,
    details: [],
  };
}

/** A bug or an exception in the page itself. */
export function unexpectedView(cause: unknown): ErrorView {
  return {
    code: clientCode('PAGE_ERROR'),
    message: 'Something unexpected happened in the mini-program.',
    hint: 'Try again; if it persists, look at the IDE console.',
    hintZh: '请重试；如持续出现，请查看开发者工具控制台。',
    retryable: true,
    details: [{ label: 'Detail', value: cause instanceof Error ? cause.message : String(cause) }],
  };
}
