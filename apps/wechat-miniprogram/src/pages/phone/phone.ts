import { apiErrorOf, bearer, isAccountUser, isPhoneJson, postToPhonekit, type AccountUserJson, type ApiErrorCode, type PhonekitApiError } from '../../lib/phonekit-api';
import { currentSessionToken, ensureWechatSession, eraseWechatAccount, forgetWechatSession, type WechatSession } from '../../lib/wechat-session';

/** What the page is doing; the template switches on it. */
export const PAGE_STATUSES = ['starting', 'ready', 'asking', 'done', 'failed'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

const STATUS_TEXT: Readonly<Record<PageStatus, string>> = {
  starting: 'Signing in with WeChat…',
  ready: 'Tap the button to share your phone number.',
  asking: 'Asking the server…',
  done: 'Verified by the server.',
  failed: 'That did not work.',
};

/** Where the page stands with the user's phonekit account; the account strip switches on it. */
export const ACCOUNT_STATUSES = ['signing-in', 'signed-in', 'no-accounts', 'signed-out', 'erasing', 'erased'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const ACCOUNT_TEXT = {
  signingIn: 'Signing in…',
  signedIn: 'Signed in',
  noAccounts: 'Signed in with WeChat, but this server keeps no accounts: the number is verified, not saved.',
  signedOut: 'Not signed in: the number is verified, not saved to an account.',
  erasing: 'Erasing your data…',
  erased: 'Your data was erased: phone number, consents and sessions.',
  onAccount: 'The phone number on your account',
  saved: 'Saved to your account (encrypted).',
  notSaved: 'Verified, not saved to an account.',
} as const;

/** The account strip for a session: `Signed in · user 1a2b3c4d`, or why the number is not saved. */
function accountOf(session: WechatSession): { accountStatus: AccountStatus; accountText: string; userId: string; accountCode: string } {
  if (session.user === null) return { accountStatus: 'no-accounts', accountText: ACCOUNT_TEXT.noAccounts, userId: '', accountCode: '' };
  return signedInAs(session.user);
}

function signedInAs(user: AccountUserJson): { accountStatus: AccountStatus; accountText: string; userId: string; accountCode: string } {
  return { accountStatus: 'signed-in', accountText: `${ACCOUNT_TEXT.signedIn} · user ${user.id.slice(0, 8)}`, userId: user.id, accountCode: '' };
}

/** Server codes after which our session (and its session_key) is no use: log in again, for the next tap. */
const STALE_SESSION_CODES: ReadonlySet<string> = new Set<ApiErrorCode>(['WECHAT_SESSION_INVALID', 'WECHAT_DECRYPTION_FAILED', 'WECHAT_SESSION_KEY_INVALID', 'SESSION_INVALID']);

type PhoneEventDetail = WechatMiniprogram.ButtonGetPhoneNumber['detail'];

const USER_DENIED: PhonekitApiError = {
  code: 'USER_DENIED',
  message: 'You chose not to share your phone number.',
  hint: 'Tap the button again and allow it, or type your number instead.',
  hintZh: '您未授权手机号：可再次点击按钮并允许，或手动填写手机号。',
  retryable: true,
};

const NO_SESSION: PhonekitApiError = {
  code: 'WECHAT_SESSION_INVALID' satisfies ApiErrorCode,
  message: 'The mini-program is not signed in yet, so the encrypted phone number cannot be opened.',
  hint: 'Signing in again now; tap the button once more.',
  hintZh: '尚未登录，无法解密手机号：正在重新登录，请再次点击按钮。',
  retryable: true,
};

const NOTHING_TO_ERASE_WITH: PhonekitApiError = {
  code: 'NO_SESSION_TO_ERASE',
  message: 'The mini-program holds no session, so it cannot say whose data to erase.',
  hint: 'Signing in again now; tap "Erase my data" once more when the account shows as signed in.',
  hintZh: '当前没有会话，无法确定要删除谁的数据：正在重新登录，显示“已登录”后请再次点击“Erase my data”。',
  retryable: true,
};

/**
 * The phone-number page, built with Component (WeChat runs pages built this
 * way; miniprogram-simulate can load them). It signs in when attached (the
 * account strip says who, or why not; a phone already on the account shows
 * at once), and on the getPhoneNumber event sends `code` when the event has
 * one (current flow), else `encryptedData`/`iv`, with the session token
 * either way, so the server binds the number to the user (encrypted).
 * "Erase my data" is DELETE /api/me (PIPL): the token dies with the data.
 */
Component({
  data: {
    status: 'starting' as PageStatus,
    statusText: STATUS_TEXT.starting,
    masked: '',
    flowText: '',
    resultLabel: '',
    /** The number shown came from the account (the login), not from a tap. */
    fromAccount: false,
    savedText: '',
    accountStatus: 'signing-in' as AccountStatus,
    accountText: ACCOUNT_TEXT.signingIn as string,
    userId: '',
    /** Why there is no account (an error code), or ''. */
    accountCode: '',
    errorCode: '',
    message: '',
    hint: '',
    hintZh: '',
  },

  lifetimes: {
    attached(): void {
      this.signIn();
    },
  },

  methods: {
    /** wx.checkSession / wx.login now, before any tap (never inside the button callback). */
    signIn(): void {
      this.setData({ accountStatus: 'signing-in', accountText: ACCOUNT_TEXT.signingIn, userId: '', accountCode: '' });
      ensureWechatSession().then(
        (session) => {
          this.setData(accountOf(session));
          if (this.data.status !== 'starting') return;
          const bound = session.user?.phone ?? null;
          if (bound === null) this.show('ready');
          // The number already on the account, without a tap.
          else this.setData({ status: 'done', statusText: STATUS_TEXT.done, masked: bound.masked, resultLabel: ACCOUNT_TEXT.onAccount, flowText: '', fromAccount: true, savedText: '' });
        },
        (err: unknown) => {
          const error = apiErrorOf(err);
          this.setData({ accountStatus: 'signed-out', accountText: `${ACCOUNT_TEXT.signedOut} (${error.code}: ${error.message})`, userId: '', accountCode: error.code });
          if (this.data.status === 'starting') this.showError(error);
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
      this.setData({ accountStatus: 'erasing', accountText: ACCOUNT_TEXT.erasing });
      try {
        const token = await currentSessionToken();
        if (token === undefined) {
          this.showError(NOTHING_TO_ERASE_WITH);
          this.signIn();
          return;
        }
        await eraseWechatAccount(token);
        this.setData({ accountStatus: 'erased', accountText: ACCOUNT_TEXT.erased, userId: '', accountCode: '', masked: '', fromAccount: false, savedText: '', resultLabel: '' });
        this.show('ready');
      } catch (err) {
        const error = apiErrorOf(err);
        this.setData(before);
        this.showError(error);
        if (STALE_SESSION_CODES.has(error.code)) {
          forgetWechatSession();
          this.signIn();
        }
      }
    },

    onGetPhoneNumber(event: WechatMiniprogram.ButtonGetPhoneNumber): void {
      void this.askServer(event.detail);
    },

    async askServer(detail: PhoneEventDetail): Promise<void> {
      if (typeof detail.errMsg !== 'string' || !detail.errMsg.endsWith(':ok')) {
        this.showError(USER_DENIED);
        return;
      }
      this.show('asking');
      try {
        const code: unknown = detail.code;
        let answer: unknown;
        let flow: string;
        // The session as of now (a login under way is waited for, none started): the server binds the number to its user.
        const token = await currentSessionToken();
        if (typeof code === 'string' && code !== '') {
          answer = await postToPhonekit('/api/wechat/phone-number', { code }, token === undefined ? {} : bearer(token));
          flow = 'via the phone-number code';
        } else {
          if (token === undefined) {
            this.showError(NO_SESSION);
            this.signIn();
            return;
          }
          answer = await postToPhonekit(
            '/api/wechat/phone-number',
            { encryptedData: detail.encryptedData ?? '', iv: detail.iv ?? '' },
            bearer(token),
          );
          flow = 'via encryptedData and the session';
        }
        if (!isPhoneJson(answer)) throw new Error('unexpected answer');
        const user: unknown = (answer as { user?: unknown }).user;
        const saved = isAccountUser(user);
        this.setData({
          status: 'done',
          statusText: STATUS_TEXT.done,
          masked: answer.masked,
          flowText: flow,
          resultLabel: '',
          fromAccount: false,
          savedText: saved ? ACCOUNT_TEXT.saved : ACCOUNT_TEXT.notSaved,
          ...(saved ? signedInAs(user) : {}),
        });
      } catch (err) {
        const error = apiErrorOf(err);
        this.showError(error);
        if (STALE_SESSION_CODES.has(error.code)) {
          // The callback is over: logging in now is safe and makes the next tap work.
          forgetWechatSession();
          this.signIn();
        }
      }
    },

    show(status: PageStatus): void {
      this.setData({ status, statusText: STATUS_TEXT[status] });
    },

    showError(error: PhonekitApiError): void {
      this.setData({
        status: 'failed',
        statusText: STATUS_TEXT.failed,
        errorCode: error.code,
        message: error.message,
        hint: error.hint,
        hintZh: error.hintZh,
      });
    },
  },
});
