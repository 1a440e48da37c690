/**
 * The phone page: one authorise button, then whatever the server said.
 *
 * Flow (DESIGN.md, "The Alipay flow"):
 * 1. `<button open-type="getAuthorize" scope="phoneNumber">`, shown only when
 *    `my.canIUse('button.open-type.getAuthorize')`; old clients get a fallback.
 * 2. `onGetAuthorize` -> `my.getPhoneNumber()` -> `res.response`, a JSON
 *    string. In sandbox mode the server's sandbox route provides that string.
 *    Newer base libraries may call `onGetPhoneNumber` with
 *    `event.detail = {encryptedData, sign}` instead: both are accepted.
 * 0. On load, log in (lib/alipay-session.ts: `my.getAuthCode({scopes:
 *    'auth_base'})` -> POST /api/alipay/login). The account strip shows who
 *    is signed in; a phone already on the account shows at once. A failed
 *    login leaves the page usable: the number is then verified, not saved.
 * 3. POST it unchanged to `<serverUrl>/api/alipay/phone-number`, with
 *    `Authorization: Bearer <sessionToken>` when signed in (the server then
 *    binds the number to the user, encrypted).
 * 4. Show the masked phone (tap to reveal) or the server's error and hint,
 *    with a Retry button when the error is retryable (see `RetryPlan` in
 *    lib/phone-view.ts).
 * 5. "Erase my data": DELETE /api/me, the PIPL erasure right; the token
 *    dies with it, so the page is signed out afterwards.
 *
 * Configuration comes from `getConfig()` (lib/current-config.ts): the
 * defaults in src/config.ts overlaid with `getApp().globalData.config`. It is
 * read on every tap.
 *
 * One request at a time: while the page is loading, further taps (and the
 * second callback of a client that fires both onGetAuthorize and
 * onGetPhoneNumber) are ignored.
 */
import { getConfig } from '../../lib/current-config';
import { logIn, type SessionState } from '../../lib/alipay-session';
import { deleteAccount, fetchSandboxPayload, postPhonePayload } from '../../lib/phonekit-api';
import type { ApiErrorCode, ServerError, Submission } from '../../lib/contract';
import type { ServerAnswer } from '../../lib/phonekit-api';
import {
  AUTH_BUTTON_FEATURE,
  PHONE_PAGE_TEXT,
  emptyErrorView,
  emptyPhoneView,
  erasedView,
  errorView,
  getPhoneNumberFailedView,
  initialPhonePageData,
  phoneView,
  signedInView,
  signedOutView,
  signingInView,
  unexpectedView,
  unreachableView,
  withRevealed,
} from '../../lib/phone-view';
import type { PhonePageData, PhonePageExtraThis, PhonePageMethods } from '../../lib/phone-view';

type PhonePage = MiniProgram.Page.IInstance<PhonePageData, PhonePageExtraThis, PhonePageMethods>;

/** Moves to the loading state unless a request is already under way; false means "ignore this tap". */
function startLoading(page: PhonePage, loadingText: string): boolean {
  if (page.data.status === 'loading') return false;
  const config = getConfig();
  page.setData({
    status: 'loading',
    loadingText,
    serverUrl: config.serverUrl,
    sandbox: config.sandbox,
    sandboxScenario: config.sandboxScenario,
    error: emptyErrorView(),
  });
  return true;
}

/** True when the error is Alipay's answer carried inside the payload, so only a fresh payload can change it. */
function needsFreshPayload(error: ServerError): boolean {
  return error.upstream !== undefined || error.code === ('ALIPAY_BUSY' satisfies ApiErrorCode);
}

function showAnswer(page: PhonePage, answer: ServerAnswer): void {
  switch (answer.kind) {
    case 'phone':
      page.setData({
        status: 'success',
        phone: phoneView(answer.phone, false),
        error: emptyErrorView(),
        phoneFromAccount: false,
        savedToAccount: answer.user !== null,
        ...(answer.user === null ? {} : { account: signedInView(answer.user) }),
      });
      return;
    case 'error':
      page.retryPlan = page.lastSubmission !== null && !needsFreshPayload(answer.error) ? 'resend' : 'reacquire';
      page.setData({ status: 'error', error: errorView(answer.error, answer.status) });
      return;
    case 'unreachable':
      page.retryPlan = page.lastSubmission !== null ? 'resend' : 'reacquire';
      page.setData({ status: 'error', error: unreachableView(answer.serverUrl, answer.requestUrl, answer.detail) });
      return;
  }
}

function showError(page: PhonePage, error: PhonePageData['error']): void {
  page.retryPlan = 'reacquire';
  page.setData({ status: 'error', error });
}

/** The session token, once this page run's login has ended (undefined when it failed). */
async function sessionToken(page: PhonePage): Promise<string | undefined> {
  const state = page.session === null ? undefined : await page.session;
  return state?.kind === 'session' ? state.sessionToken : undefined;
}

/** Starts this page run's login and shows how it went in the account strip. */
function startLogin(page: PhonePage): void {
  page.setData({ account: signingInView() });
  const login = logIn(getConfig());
  page.session = login;
  login.then(
    (state: SessionState) => {
      if (page.session !== login) return;
      if (state.kind === 'none') {
        page.setData({ account: signedOutView(state.reason) });
        return;
      }
      page.setData({ account: signedInView(state.user) });
      const bound = state.user.phone;
      // The number already on the account, shown as if just verified, unless the user is mid-tap.
      if (bound !== null && page.data.status === 'idle') {
        page.setData({ status: 'success', phone: phoneView({ mobile: bound.nationalNumber, e164: bound.e164, masked: bound.masked }, false), phoneFromAccount: true, savedToAccount: true });
      }
    },
    (cause: unknown) => page.setData({ account: signedOutView({ code: 'PAGE_ERROR', message: cause instanceof Error ? cause.message : String(cause) }) }),
  );
}

/** Posts `submission` (the page is already loading) and shows the answer. */
function submit(page: PhonePage, submission: Submission): void {
  page.lastSubmission = submission;
  page.setData({ loadingText: PHONE_PAGE_TEXT.loading });
  sessionToken(page)
    .then((token) => postPhonePayload(getConfig(), submission, token))
    .then(
      (answer) => showAnswer(page, answer),
      (cause: unknown) => showError(page, unexpectedView(cause)),
    );
}

/** DELETE /api/me, then the page is signed out (the token died with the data). */
function eraseAccount(page: PhonePage): void {
  const before = page.data.account;
  if (before.status !== 'signed-in' || page.data.status === 'loading') return;
  page.setData({ account: { ...page.data.account, status: 'erasing', text: PHONE_PAGE_TEXT.erasing } });
  sessionToken(page)
    .then((token) => (token === undefined ? Promise.resolve(null) : deleteAccount(getConfig(), token)))
    .then(
      (answer) => {
        if (answer === null) return;
        if (answer.kind === 'erased') {
          // No session any more: a later tap verifies without saving, until the page logs in again.
          page.session = null;
          page.setData({ account: erasedView(), status: 'idle', phone: emptyPhoneView(), phoneFromAccount: false, savedToAccount: false, error: emptyErrorView() });
          return;
        }
        page.setData({ account: before });
        showAnswer(page, answer);
      },
      (cause: unknown) => showError(page, unexpectedView(cause)),
    );
}

/**
 * Gets a payload (the page is already loading) and posts it: from
 * `my.getPhoneNumber`, or in sandbox mode from the server's sandbox route.
 */
function acquire(page: PhonePage): void {
  const config = getConfig();
  page.lastSubmission = null;
  if (config.sandbox) {
    fetchSandboxPayload(config).then(
      (answer) => {
        if (answer.kind === 'payload') submit(page, { body: answer.text, contentType: 'text/plain' });
        else showAnswer(page, answer);
      },
      (cause: unknown) => showError(page, unexpectedView(cause)),
    );
    return;
  }
  my.getPhoneNumber({
    success: (res) => submit(page, { body: responseText(res.response), contentType: 'text/plain' }),
    fail: (err) => showError(page, getPhoneNumberFailedView(describeClientError(err))),
  });
}

/** `res.response` is documented as a string: post it as is, never re-encoded. */
function responseText(response: unknown): string {
  return typeof response === 'string' ? response : JSON.stringify(response);
}

/** `{error: 11, errorMessage: 'user cancelled'}` -> `user cancelled (error 11)`. */
function describeClientError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const record = err as Record<string, unknown>;
  const code = record['error'];
  const message = record['errorMessage'];
  const text = typeof message === 'string' && message !== '' ? message : 'no message';
  return typeof code === 'number' || typeof code === 'string' ? `${text} (error ${code})` : text;
}

Page<PhonePageData, PhonePageExtraThis, PhonePageMethods>({
  data: initialPhonePageData(),

  onLoad() {
    const config = getConfig();
    this.lastSubmission = null;
    this.retryPlan = 'reacquire';
    this.session = null;
    this.setData({
      canIUseAuthButton: my.canIUse(AUTH_BUTTON_FEATURE),
      serverUrl: config.serverUrl,
      sandbox: config.sandbox,
      sandboxScenario: config.sandboxScenario,
    });
    startLogin(this);
  },

  onShow() {
    // The configuration may have changed while the page was hidden (a simulator menu, say).
    const config = getConfig();
    this.setData({ serverUrl: config.serverUrl, sandbox: config.sandbox, sandboxScenario: config.sandboxScenario });
  },

  onGetAuthorize() {
    const sandbox = getConfig().sandbox;
    if (!startLoading(this, sandbox ? PHONE_PAGE_TEXT.loadingSandbox : PHONE_PAGE_TEXT.loading)) return;
    acquire(this);
  },

  onGetPhoneNumber(event) {
    const detail = event?.detail;
    const encryptedData = detail?.encryptedData;
    const sign = detail?.sign;
    if (typeof encryptedData !== 'string' || encryptedData === '') {
      // No ciphertext: the user refused, or the client reported an error.
      this.onAuthError(event);
      return;
    }
    if (!startLoading(this, PHONE_PAGE_TEXT.loading)) return;
    const body = typeof sign === 'string' ? JSON.stringify({ encryptedData, sign }) : JSON.stringify({ encryptedData });
    submit(this, { body, contentType: 'application/json' });
  },

  onAuthError() {
    // Consent refused (or the button failed): there is nothing to send, so nothing is sent.
    if (this.data.status === 'loading') return;
    this.setData({ status: 'declined', declinedText: PHONE_PAGE_TEXT.declined });
  },

  onRetry() {
    if (this.data.status !== 'error') return;
    const submission = this.lastSubmission;
    const resend = this.retryPlan === 'resend' && submission !== null && submission !== undefined;
    const sandbox = getConfig().sandbox;
    const loadingText = !resend && sandbox ? PHONE_PAGE_TEXT.loadingSandbox : PHONE_PAGE_TEXT.loading;
    if (!startLoading(this, loadingText)) return;
    if (resend) submit(this, submission);
    else acquire(this);
  },

  onToggleReveal() {
    if (this.data.status !== 'success') return;
    this.setData({ phone: withRevealed(this.data.phone, !this.data.phone.revealed) });
  },

  onEraseAccount() {
    eraseAccount(this);
  },
});
