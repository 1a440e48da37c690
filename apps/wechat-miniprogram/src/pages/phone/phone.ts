import { apiErrorOf, isPhoneJson, postToPhonekit, type ApiErrorCode, type PhonekitApiError } from '../../lib/phonekit-api';
import { currentSessionToken, ensureWechatSession, forgetWechatSession } from '../../lib/wechat-session';

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

/** Server codes after which our session (and its session_key) is no use: log in again, for the next tap. */
const STALE_SESSION_CODES: ReadonlySet<string> = new Set<ApiErrorCode>(['WECHAT_SESSION_INVALID', 'WECHAT_DECRYPTION_FAILED', 'WECHAT_SESSION_KEY_INVALID']);

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

/**
 * The phone-number page, built with Component (WeChat runs pages built this
 * way; miniprogram-simulate can load them). It signs in when attached, and
 * on the getPhoneNumber event sends `code` when the event has one (current
 * flow), else `encryptedData`/`iv` with the session token (legacy flow).
 */
Component({
  data: {
    status: 'starting' as PageStatus,
    statusText: STATUS_TEXT.starting,
    masked: '',
    flowText: '',
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
      ensureWechatSession().then(
        () => {
          if (this.data.status === 'starting') this.show('ready');
        },
        (err: unknown) => {
          if (this.data.status === 'starting') this.showError(apiErrorOf(err));
        },
      );
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
        if (typeof code === 'string' && code !== '') {
          answer = await postToPhonekit('/api/wechat/phone-number', { code });
          flow = 'via the phone-number code';
        } else {
          const token = await currentSessionToken();
          if (token === undefined) {
            this.showError(NO_SESSION);
            this.signIn();
            return;
          }
          answer = await postToPhonekit(
            '/api/wechat/phone-number',
            { encryptedData: detail.encryptedData ?? '', iv: detail.iv ?? '' },
            { authorization: `Bearer ${token}` },
          );
          flow = 'via encryptedData and the session';
        }
        if (!isPhoneJson(answer)) throw new Error('unexpected answer');
        this.setData({ status: 'done', statusText: STATUS_TEXT.done, masked: answer.masked, flowText: flow });
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
