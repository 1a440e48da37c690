/** The panels' mobile-number field: checked as the user types, kept only when the sandbox would accept it. */
import { byId } from './dom';

/** What the sandboxes accept as `mobile`. */
const MOBILE = /^(\+?\d{1,3}-)?\d{5,15}$/;

/** Watches the #`inputId` field; '' or a valid number goes to `keep`, else #`hintId` shows `example`. */
export function initMobileInput(inputId: string, hintId: string, example: string, keep: (mobile: string) => void): void {
  const mobile = byId(inputId, HTMLInputElement);
  const mobileHint = byId(hintId, HTMLElement);
  mobile.addEventListener('input', () => {
    const value = mobile.value.trim();
    const valid = value === '' || MOBILE.test(value);
    mobile.setAttribute('aria-invalid', String(!valid));
    mobileHint.textContent = valid ? '' : `Use ${example}.`;
    if (valid) keep(value);
  });
}
