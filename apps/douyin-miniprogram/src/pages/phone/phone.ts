import { readClientLanguage } from '../../lib/client-language';
import { currentConfig } from '../../lib/current-config';
import { currentSessionToken, ensureDouyinSession, eraseDouyinAccount, forgetDouyinSession, type DouyinSession } from '../../lib/douyin-session';
import { confirmManualEntry, emptyManualEntry, eventValue, type ManualEntryView, type PageLanguage } from '../../lib/manual-phone';
import { PAGE_TEXT, type PageText } from '../../lib/page-text';
import { apiErrorOf, bearer, isAccountUser, isPhoneJson, postToPhonekit, requestPhonekit, type AccountUserJson, type ApiErrorCode, type PhonekitApiError } from '../../lib/phonekit-api';
import { NOT_LOGGED_IN, refusalOf } from '../../lib/phone-event';
import type { DouyinEvent, DouyinPhoneNumberDetail } from '../../lib/tt-types';

/** What the page is doing; the template switches on it. `manual`: a number the user typed (not verified). */
export const PAGE_STATUSES = ['starting', 'ready', 'asking', 'done', 'failed', 'declined', 'manual'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** Where the page stands with the user's phonekit account; the account strip switches on it. */
export const ACCOUNT_STATUSES = ['signing-in', 'signed-in', 'no-accounts', 'signed-out', 'erasing', 'erased'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Which action failed: the phone number (the typed-in fallback then helps), the login, or "Erase my data". */
type ErrorContext = 'phone' | 'login' | 'erase';

/**
 * The `tt.canIUse` key of the getPhoneNumber button (base library 1.14.0+;
 * canIUse takes component attributes as `button.open-type.<value>`, as in the
 * example `tt.canIUse("button.open-type.contact")` of @douyin-microapp/typings,
 * api/can-i-use.d.ts).
 */
const PHONE_BUTTON_FEATURE = 'button.open-type.getPhoneNumber';

function statusText(text: PageText, status: PageStatus): string {
  return text[`status_${status}`];
}

/** Server codes after which our session (and its session_key) is no use: log in again, for the next tap. */
const STALE_SESSION_CODES: ReadonlySet<string> = new Set<string>([
  ...(['DOUYIN_SESSION_INVALID', 'DOUYIN_DECRYPTION_FAILED', 'DOUYIN_SESSION_KEY_INVALID', 'SESSION_INVALID'] satisfies ApiErrorCode[]),
  NOT_LOGGED_IN,
]);

type AccountStrip = { accountStatus: AccountStatus; accountText: string; userId: string; accountCode: string };

const NO_SESSION: PhonekitApiError = {
  code: 'DOUYIN_SESSION_INVALID' satisfies ApiErrorCode,
  message: 'The mini-program is not signed in yet, so the encrypted phone number cannot be opened.',
  hint: 'Signing in again now; tap the button once more.',
  hintZh: '尚未登录，无法解密手机号：正在重新登录，请再次点击按钮。',
  retryable: true,
};

const NOTHING_TO_ERASE_WITH: PhonekitApiError = {
  code: 'NO_SESSION_TO_ERASE',
  message: 'The mini-program holds no session, so it cannot say whose data to erase.',
  hint: 'Signing in again now; tap "Erase my data" once more when the account shows as signed in.',
  hintZh: '当前没有会话，无法确定要删除谁的数据：正在重新登录，显示“已登录”后请再次点击“删除我的数据”。',
  retryable: true,
};

const SANDBOX_UNREADABLE: PhonekitApiError = {
  code: 'SANDBOX_UNREADABLE',
  message: 'The sandbox answered GET /sandbox/douyin/phone-code without a code.',
  hint: 'Start the development server (pnpm dev), which plays Douyin, and check serverUrl in src/config.ts; sandbox: true needs it.',
  hintZh: '沙箱未返回手机号 code：请启动开发服务端（pnpm dev，它扮演抖音）并检查 src/config.ts 中的 serverUrl；sandbox: true 需要它。',
  retryable: true,
};

/** The kind sentence a user reads for `error`. */
function userTextOf(error: PhonekitApiError, context: ErrorContext, text: PageText): string {
  if (context === 'erase') return text.eraseFailed;
  if (context === 'login') return error.code === 'NETWORK' ? text.unreachable : text.loginFailed;
  if (error.code === 'NETWORK') return text.unreachable;
  if (STALE_SESSION_CODES.has(error.code)) return text.sessionExpired;
  return error.retryable ? text.phoneFailed : text.phoneUnavailable;
}

/**
 * The phone-number page, built with Page (Douyin's page constructor). It
 * speaks the client's language (Chinese unless Douyin says another;
 * lib/client-language.ts) and shows developer details only with
 * config.debug. It signs in on load (the account strip says who, or why not;
 * a phone already on the account shows at once), and on the getPhoneNumber
 * event sends `code` when the event has one (base library 3.51.0+), else
 * `encryptedData`/`iv`, with the session token either way, so the server
 * binds the number to the user (encrypted). In sandbox mode (config.sandbox)
 * a plain button asks the server's sandbox for the code instead. A user who
 * declines, or whose Douyin has no button, can type the number instead:
 * checked on the page, shown as not verified, never sent. "Erase my data" is
 * DELETE /api/me (PIPL): the token dies with the data.
 */
Page({
  data: {
    language: 'zh' as PageLanguage,
    text: PAGE_TEXT.zh as PageText,
    debug: false,
    sandbox: false,
    serverUrl: '',
    canIUsePhoneButton: true,
    status: 'starting' as PageStatus,
    statusText: PAGE_TEXT.zh.status_starting as string,
    masked: '',
    flowText: '',
    resultLabel: '',
    /** The number shown came from the account (the login), not from a tap. */
    fromAccount: false,
    savedText: '',
    accountStatus: 'signing-in' as AccountStatus,
    accountText: PAGE_TEXT.zh.signingIn as string,
    userId: '',
    /** Why there is no account (an error code), or ''. */
    accountCode: '',
    /** What every user reads about a failure: a kind sentence and what they can do. */
    userText: '',
    /** The typed-in fallback is offered with this failure. */
    offerManual: false,
    errorCode: '',
    message: '',
    hint: '',
    hintZh: '',
    /** The hint in the page's language (hintZh in Chinese, hint in English); shown only with config.debug. */
    devHint: '',
    /** The typed-in fallback: the field, its refusal, the accepted number. */
    manual: emptyManualEntry() as ManualEntryView,
  },

  onLoad(): void {
    const config = currentConfig();
    const language = readClientLanguage();
    const text = PAGE_TEXT[language];
    const canIUse = typeof tt.canIUse === 'function' ? tt.canIUse(PHONE_BUTTON_FEATURE) : true;
    this.setData({ language, text, debug: config.debug, sandbox: config.sandbox, serverUrl: config.serverUrl, canIUsePhoneButton: canIUse, statusText: statusText(text, this.data.status) });
    this.signIn();
  },

  texts(): PageText {
    return PAGE_TEXT[this.data.language];
  },

  signedInAs(user: AccountUserJson): AccountStrip {
    const text = this.texts();
    return { accountStatus: 'signed-in', accountText: `${text.signedIn} · ${text.user} ${user.id.slice(0, 8)}`, userId: user.id, accountCode: '' };
  },

  /** The account strip for a session: signed in as whom, or why the number is not saved. */
  accountOf(session: DouyinSession): AccountStrip {
    if (session.user === null) return { accountStatus: 'no-accounts', accountText: this.texts().noAccounts, userId: '', accountCode: '' };
    return this.signedInAs(session.user);
  },

  /** tt.checkSession / tt.login now, before any tap (never inside the button callback). */
  signIn(): void {
    this.setData({ accountStatus: 'signing-in', accountText: this.texts().signingIn, userId: '', accountCode: '' });
    ensureDouyinSession().then(
      (session) => {
        this.setData(this.accountOf(session));
        if (this.data.status !== 'starting') return;
        const bound = session.user?.phone ?? null;
        if (bound === null) this.show('ready');
        // The number already on the account, without a tap.
        else this.setData({ status: 'done', statusText: statusText(this.texts(), 'done'), masked: bound.masked, resultLabel: this.texts().onAccount, flowText: '', fromAccount: true, savedText: '' });
      },
      (err: unknown) => {
        const error = apiErrorOf(err);
        // Why is a developer detail: the code and message show only with config.debug.
        const why = this.data.debug ? ` (${error.code}: ${error.message})` : '';
        this.setData({ accountStatus: 'signed-out', accountText: `${this.texts().signedOut}${why}`, userId: '', accountCode: error.code });
        if (this.data.status === 'starting') this.showError(error, 'login');
      },
    );
  },

  onEraseAccount(): void {
    void this.eraseAccount();
  },

  /** DELETE /api/me; on 204 the stored session is gone and the page shows the erased state. */
  async eraseAccount(): Promise<void> {
    if (this.data.accountStatus !== 'signed-in' || this.data.status === 'asking') return;
    const before = { accountStatus: this.data.accountStatus, accountText: this.data.accountText };
    this.setData({ accountStatus: 'erasing', accountText: this.texts().erasing });
    try {
      const token = await currentSessionToken();
      if (token === undefined) {
        this.showError(NOTHING_TO_ERASE_WITH, 'erase');
        this.signIn();
        return;
      }
      await eraseDouyinAccount(token);
      this.setData({ accountStatus: 'erased', accountText: this.texts().erased, userId: '', accountCode: '', masked: '', fromAccount: false, savedText: '', resultLabel: '', manual: emptyManualEntry() });
      this.show('ready');
    } catch (err) {
      const error = apiErrorOf(err);
      this.setData(before);
      this.showError(error, 'erase');
      if (STALE_SESSION_CODES.has(error.code)) {
        forgetDouyinSession();
        this.signIn();
      }
    }
  },

  /** `bindgetphonenumber`: the event detail of the getPhoneNumber button. */
  onGetPhoneNumber(event: DouyinEvent<DouyinPhoneNumberDetail>): void {
    void this.askServer(event.detail);
  },

  /** Sandbox mode's button: a phone-number code from the server's sandbox Douyin, then the current flow. */
  onSandboxPhoneTap(): void {
    void this.askSandbox();
  },

  async askSandbox(): Promise<void> {
    if (this.data.status === 'asking') return;
    this.show('asking');
    try {
      const mobile = currentConfig().sandboxMobile;
      const answer = await requestPhonekit('GET', `/sandbox/douyin/phone-code${mobile === '' ? '' : `?mobile=${encodeURIComponent(mobile)}`}`);
      const code = typeof answer === 'object' && answer !== null ? (answer as { code?: unknown }).code : undefined;
      if (typeof code !== 'string' || code === '') {
        this.showError(SANDBOX_UNREADABLE, 'phone');
        return;
      }
      await this.sendCode(code);
    } catch (err) {
      this.showFailure(err);
    }
  },

  async askServer(detail: DouyinPhoneNumberDetail): Promise<void> {
    const errMsg = typeof detail.errMsg === 'string' ? detail.errMsg : '';
    if (!errMsg.endsWith(':ok')) {
      const refusal = refusalOf(errMsg);
      if (refusal.kind === 'declined') {
        // Declined: nothing to send; the same decline as on Alipay and WeChat, with the typed-in fallback.
        this.setData({ status: 'declined', statusText: statusText(this.texts(), 'declined'), manual: emptyManualEntry(), errorCode: '', message: '', hint: '', hintZh: '', devHint: '', userText: '' });
        return;
      }
      this.showError(refusal.error, 'phone');
      if (STALE_SESSION_CODES.has(refusal.error.code)) {
        forgetDouyinSession();
        this.signIn();
      }
      return;
    }
    this.show('asking');
    try {
      const code: unknown = detail.code;
      if (typeof code === 'string' && code !== '') {
        await this.sendCode(code);
        return;
      }
      // The session as of now (a login under way is waited for, none started): the server opens the data with its session_key.
      const token = await currentSessionToken();
      if (token === undefined) {
        this.showError(NO_SESSION, 'phone');
        this.signIn();
        return;
      }
      const answer = await postToPhonekit('/api/douyin/phone-number', { encryptedData: detail.encryptedData ?? '', iv: detail.iv ?? '' }, bearer(token));
      this.showPhone(answer, this.texts().flowEncrypted);
    } catch (err) {
      this.showFailure(err);
    }
  },

  /** The current flow: POST the code, with the session token when there is one. */
  async sendCode(code: string): Promise<void> {
    const token = await currentSessionToken();
    const answer = await postToPhonekit('/api/douyin/phone-number', { code }, token === undefined ? {} : bearer(token));
    this.showPhone(answer, this.texts().flowCode);
  },

  showPhone(answer: unknown, flow: string): void {
    if (!isPhoneJson(answer)) throw new Error('unexpected answer');
    const user: unknown = (answer as { user?: unknown }).user;
    const saved = isAccountUser(user);
    this.setData({
      status: 'done',
      statusText: statusText(this.texts(), 'done'),
      masked: answer.masked,
      flowText: flow,
      resultLabel: '',
      fromAccount: false,
      savedText: saved ? this.texts().saved : this.texts().notSaved,
      ...(saved ? this.signedInAs(user) : {}),
    });
  },

  showFailure(err: unknown): void {
    const error = apiErrorOf(err);
    this.showError(error, 'phone');
    if (STALE_SESSION_CODES.has(error.code)) {
      // The callback is over: logging in now is safe and makes the next tap work.
      forgetDouyinSession();
      this.signIn();
    }
  },

  onManualInput(event: DouyinEvent<{ value: string }>): void {
    // Typing clears an earlier refusal; the number is checked on confirm.
    this.setData({ manual: { value: eventValue(event) ?? '', error: '', accepted: '' } });
  },

  onManualConfirm(event: DouyinEvent): void {
    if (this.data.status === 'asking') return;
    // The field's confirm event carries its value; the button's tap does not: then what was typed.
    const manual = confirmManualEntry(eventValue(event) ?? this.data.manual.value, this.data.language);
    if (manual.accepted === '') {
      this.setData({ manual });
      return;
    }
    // A typed number is only shown: it is not verified, and it is not sent to the server.
    this.setData({ manual, status: 'manual', statusText: statusText(this.texts(), 'manual') });
  },

  show(status: PageStatus): void {
    this.setData({ status, statusText: statusText(this.texts(), status) });
  },

  showError(error: PhonekitApiError, context: ErrorContext): void {
    const text = this.texts();
    this.setData({
      status: 'failed',
      statusText: statusText(text, 'failed'),
      userText: userTextOf(error, context, text),
      offerManual: context === 'phone',
      errorCode: error.code,
      message: error.message,
      hint: error.hint,
      hintZh: error.hintZh,
      devHint: this.data.language === 'zh' ? error.hintZh || error.hint : error.hint || error.hintZh,
    });
  },
});
