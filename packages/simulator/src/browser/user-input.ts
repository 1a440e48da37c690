/** The panels' user field: which user the client plays (the sandboxes mint codes per user; same name, same user). */
import { byId } from './dom';

/** What the sandboxes accept as a user. */
const USER = /^[\w.@-]{1,64}$/;

/**
 * Shows `settings.user` in the #`inputId` field; a changed, valid name goes to
 * `settings.user` and restarts the page (another user: the page logs in
 * again), an invalid one makes #`hintId` say what is accepted.
 */
export function initUserInput(inputId: string, hintId: string, settings: { user: string }, reloadPage: () => void): void {
  const user = byId(inputId, HTMLInputElement);
  const userHint = byId(hintId, HTMLElement);
  user.value = settings.user;
  user.addEventListener('change', () => {
    const value = user.value.trim();
    const valid = USER.test(value);
    user.setAttribute('aria-invalid', String(!valid));
    userHint.textContent = valid ? '' : 'Letters, digits, or . @ _ - (up to 64).';
    if (!valid || value === settings.user) return;
    settings.user = value;
    reloadPage();
  });
}
