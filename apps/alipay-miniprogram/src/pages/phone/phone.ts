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
import { readClientLanguage, readClientLanguageAsync } from '../../lib/client-language';
import { confirmManualEntry, emptyManualEntry, eventValue } from '../../lib/manual-phone';
import type { PageLanguage } from '../../lib/manual-phone';
import { logIn, type SessionState } from '../../lib/alipay-session';
import { deleteAccount, fetchSandboxPayload, postPhonePayload } from '../../lib/phonekit-api';
import type { ApiErrorCode, ServerError, Submission } from '../../lib/contract';
import type { ServerAnswer } from '../../lib/phonekit-api';
import type { ErrorContext } from '../../lib/phone-view';
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
import type { PageVoice, PhonePageData, PhonePageExtraThis, PhonePageMethods, PhonePageText } from '../../lib/phone-view';

type PhonePage = MiniProgram.Page.IInstance<PhonePageData, PhonePageExtraThis, PhonePageMethods>;

function textOf(page: PhonePage): PhonePageText {
  return PHONE_PAGE_TEXT[page.voice.language];
}

/** Speaks `language` from now on: every text on screen is rebuilt in it. */
function speak(page: PhonePage, language: PageLanguage): void {
  const voice: PageVoice = { language, debug: getConfig().debug };
  page.voice = voice;
  const text = PHONE_PAGE_TEXT[language];
  const data = page.data;
  const patch: Partial<PhonePageData> = {
    language,
    text,
    debug: voice.debug,
    declinedText: text.declined,
    loadingText: data.loadingText === PHONE_PAGE_TEXT.zh.loadingSandbox || data.loadingText === PHONE_PAGE_TEXT.en.loadingSandbox ? text.loadingSandbox : text.loading,
    phone: withRevealed(data.phone, data.phone.revealed, voice),
  };
  if (data.account.status === 'signing-in') patch.account = signingInView(voice);
  page.setData(patch);
}

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
    manual: emptyManualEntry(),
  });
  return true;
}

/** True when the error is Alipay's answer carried inside the payload, so only a fresh payload can change it. */
function needsFreshPayload(error: ServerError): boolean {
  return error.upstream !== undefined || error.code === ('ALIPAY_BUSY' satisfies ApiErrorCode);
}

function showAnswer(page: PhonePage, answer: ServerAnswer, context: ErrorContext = 'phone'): void {
  const voice = page.voice;
  switch (answer.kind) {
    case 'phone':
      page.setData({
        status: 'success',
        phone: phoneView(answer.phone, false, voice),
        error: emptyErrorView(),
        phoneFromAccount: false,
        savedToAccount: answer.user !== null,
        ...(answer.user === null ? {} : { account: signedInView(answer.user, voice) }),
      });
      return;
    case 'error':
      page.retryPlan = page.lastSubmission !== null && !needsFreshPayload(answer.error) ? 'resend' : 'reacquire';
      page.setData({ status: 'error', error: errorView(answer.error, answer.status, voice, context) });
      return;
    case 'unreachable':
      page.retryPlan = page.lastSubmission !== null ? 'resend' : 'reacquire';
      page.setData({ status: 'error', error: unreachableView(answer.serverUrl, answer.requestUrl, answer.detail, voice, context) });
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
  page.setData({ account: signingInView(page.voice) });
  const login = logIn(getConfig());
  page.session = login;
  login.then(
    (state: SessionState) => {
      if (page.session !== login) return;
      if (state.kind === 'none') {
        page.setData({ account: signedOutView(state.reason, page.voice) });
        return;
      }
      page.setData({ account: signedInView(state.user, page.voice) });
      const bound = state.user.phone;
      // The number already on the account, shown as if just verified, unless the user is mid-tap.
      if (bound !== null && page.data.status === 'idle') {
        page.setData({ status: 'success', phone: phoneView({ mobile: bound.nationalNumber, e164: bound.e164, masked: bound.masked }, false, page.voice), phoneFromAccount: true, savedToAccount: true });
      }
    },
    (cause: unknown) => page.setData({ account: signedOutView({ code: 'PAGE_ERROR', message: cause instanceof Error ? cause.message : String(cause) }, page.voice) }),
  );
}

/** Posts `submission` (the page is already loading) and shows the answer. */
function submit(page: PhonePage, submission: Submission): void {
  page.lastSubmission = submission;
  page.setData({ loadingText: textOf(page).loading });
  sessionToken(page)
    .then((token) => postPhonePayload(getConfig(), submission, token))
    .then(
      (answer) => showAnswer(page, answer),
      (cause: unknown) => showError(page, unexpectedView(cause, page.voice)),
    );
}

/** DELETE /api/me, then the page is signed out (the token died with the data). */
function eraseAccount(page: PhonePage): void {
  const before = page.data.account;
  if (before.status !== 'signed-in' || page.data.status === 'loading') return;
  page.setData({ account: { ...page.data.account, status: 'erasing', text: textOf(page).erasing } });
  sessionToken(page)
    .then((token) => (token === undefined ? Promise.resolve(null) : deleteAccount(getConfig(), token)))
    .then(
      (answer) => {
        if (answer === null) return;
        if (answer.kind === 'erased') {
          // No session any more: a later tap verifies without saving, until the page logs in again.
          page.session = null;
          page.setData({ account: erasedView(page.voice), status: 'idle', phone: emptyPhoneView(page.voice), phoneFromAccount: false, savedToAccount: false, error: emptyErrorView(), manual: emptyManualEntry() });
          return;
        }
        page.setData({ account: before });
        showAnswer(page, answer, 'erase');
      },
      (cause: unknown) => showError(page, unexpectedView(cause, page.voice, 'erase')),
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
      (cause: unknown) => showError(page, unexpectedView(cause, page.voice)),
    );
    return;
  }
  my.getPhoneNumber({
    success: (res) => submit(page, { body: responseText(res.response), contentType: 'text/plain' }),
    fail: (err) => showError(page, getPhoneNumberFailedView(describeClientError(err), page.voice)),
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
    this.voice = { language: 'zh', debug: config.debug };
    const language = readClientLanguage();
    if (language !== undefined) speak(this, language);
    else readClientLanguageAsync().then((answered) => speak(this, answered), () => speak(this, 'zh'));
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
    this.setData({ serverUrl: config.serverUrl, sandbox: config.sandbox, sandboxScenario: config.sandboxScenario, debug: config.debug });
    this.voice = { language: this.voice.language, debug: config.debug };
  },

  onGetAuthorize() {
    const sandbox = getConfig().sandbox;
    if (!startLoading(this, sandbox ? textOf(this).loadingSandbox : textOf(this).loading)) return;
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
    if (!startLoading(this, textOf(this).loading)) return;
    const body = typeof sign === 'string' ? JSON.stringify({ encryptedData, sign }) : JSON.stringify({ encryptedData });
    submit(this, { body, contentType: 'application/json' });
  },

  onAuthError() {
    // Consent refused (or the button failed): there is nothing to send, so nothing is sent.
    if (this.data.status === 'loading') return;
    this.setData({ status: 'declined', declinedText: textOf(this).declined, manual: emptyManualEntry() });
  },

  onRetry() {
    if (this.data.status !== 'error') return;
    const submission = this.lastSubmission;
    const resend = this.retryPlan === 'resend' && submission !== null && submission !== undefined;
    const sandbox = getConfig().sandbox;
    const loadingText = !resend && sandbox ? textOf(this).loadingSandbox : textOf(this).loading;
    if (!startLoading(this, loadingText)) return;
    if (resend) submit(this, submission);
    else acquire(this);
  },

  onToggleReveal() {
    if (this.data.status !== 'success') return;
    this.setData({ phone: withRevealed(this.data.phone, !this.data.phone.revealed, this.voice) });
  },

  onEraseAccount() {
    eraseAccount(this);
  },

  onManualInput(event) {
    // Typing clears an earlier refusal; the number is checked on confirm.
    this.setData({ manual: { value: eventValue(event) ?? '', error: '', accepted: '' } });
  },

  onManualConfirm(event) {
    if (this.data.status === 'loading') return;
    // The field's confirm event carries its value; the button's tap does not: then what was typed.
    const typed = eventValue(event) ?? this.data.manual.value;
    const manual = confirmManualEntry(typed, this.voice.language);
    if (manual.accepted === '') {
      this.setData({ manual });
      return;
    }
    // A typed number is only shown: it is not verified, and it is not sent to the server.
    this.setData({ manual, status: 'manual', error: emptyErrorView(), phoneFromAccount: false, savedToAccount: false });
  },
});
