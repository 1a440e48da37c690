/** The layer inside the phone frame every client overlay (Alipay's and WeChat's) is drawn in. */
import { h } from './dom';

const OVERLAYS_ID = 'overlays';

export function overlayLayer(): HTMLElement {
  const existing = document.getElementById(OVERLAYS_ID);
  if (existing !== null) return existing;
  const created = h('div', { className: 'phone-overlays', attrs: { id: OVERLAYS_ID } });
  document.body.append(created);
  return created;
}
