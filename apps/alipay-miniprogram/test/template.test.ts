import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  MINIPROGRAM_ROOT,
  attributeOf,
  eventBindings,
  findElements,
  followingElementSiblings,
  hasAttribute,
  loadPhonePage,
  loadTemplate,
  textContent,
} from './harness';
import type { AxmlElement } from './harness';

/** The components and directives the browser simulator renders; the template must stay inside them. */
const ALLOWED_TAGS = new Set(['view', 'text', 'button', 'image', 'input']);
const DIRECTIVES = new Set(['a:if', 'a:elif', 'a:else', 'a:for', 'a:for-item', 'a:for-index']);

function authButton(root: AxmlElement): AxmlElement {
  const buttons = findElements(root, (el) => el.tag === 'button' && attributeOf(el, 'open-type') === 'getAuthorize');
  expect(buttons).toHaveLength(1);
  const [button] = buttons;
  if (button === undefined) throw new Error('no authorise button');
  return button;
}

/** The element carrying the a:if that decides whether `element` shows: itself or its nearest ancestor. */
function guardOf(element: AxmlElement): AxmlElement | null {
  for (let current: AxmlElement | null = element; current !== null; current = current.parent) {
    if (hasAttribute(current, 'a:if')) return current;
  }
  return null;
}

describe('pages/phone/phone.axml', () => {
  const root = loadTemplate();

  describe('the authorise button', () => {
    it('asks for the phone number with open-type getAuthorize and scope phoneNumber', () => {
      const button = authButton(root);
      expect(attributeOf(button, 'open-type')).toBe('getAuthorize');
      expect(attributeOf(button, 'scope')).toBe('phoneNumber');
    });

    it('binds onGetAuthorize, onGetPhoneNumber and onError', () => {
      const button = authButton(root);
      expect(attributeOf(button, 'onGetAuthorize')).toBe('onGetAuthorize');
      expect(attributeOf(button, 'onGetPhoneNumber')).toBe('onGetPhoneNumber');
      expect(attributeOf(button, 'onError')).toBe('onAuthError');
    });

    it('is guarded by canIUseAuthButton with an a:else fallback for old clients', () => {
      const guard = guardOf(authButton(root));
      expect(guard).not.toBeNull();
      if (guard === null) return;
      expect(attributeOf(guard, 'a:if')).toBe('{{canIUseAuthButton}}');

      const next = followingElementSiblings(guard)[0];
      expect(next).toBeDefined();
      if (next === undefined) return;
      expect(hasAttribute(next, 'a:else')).toBe(true);
      expect(textContent(next)).toBe('{{text.oldClient}}');
    });
  });

  describe('the template subset', () => {
    it('uses only view, text, button, image and input', () => {
      const tags = new Set(findElements(root, () => true).map((el) => el.tag));
      expect([...tags].filter((tag) => !ALLOWED_TAGS.has(tag))).toEqual([]);
    });

    it('uses only a:if, a:elif, a:else and a:for among the a: directives', () => {
      const directives = findElements(root, () => true)
        .flatMap((el) => el.attributes.map((attribute) => attribute.name))
        .filter((name) => name.startsWith('a:'));
      expect(directives.filter((name) => !DIRECTIVES.has(name))).toEqual([]);
    });

    it('shows the retry button only for a retryable error', () => {
      const retry = findElements(root, (el) => attributeOf(el, 'onTap') === 'onRetry');
      expect(retry).toHaveLength(1);
      expect(attributeOf(retry[0] ?? root, 'a:if')).toBe('{{error.retryable}}');
    });
  });

  describe('event handlers', () => {
    it('names a handler in every on* and catch* attribute', () => {
      const bindings = eventBindings(root);
      expect(bindings.length).toBeGreaterThanOrEqual(5);
      for (const binding of bindings) {
        expect(binding.handler).not.toBe('');
        expect(binding.handler.includes('{{')).toBe(false);
      }
    });

    it('finds every handler the template names as a function on the page', async () => {
      const { instance } = await loadPhonePage();
      const missing = eventBindings(root)
        .map((binding) => binding.handler)
        .filter((handler) => typeof instance[handler] !== 'function');
      expect(missing).toEqual([]);
    });
  });
});

describe('the mini-program project files', () => {
  const appRoot = path.resolve(MINIPROGRAM_ROOT, '..');
  const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

  it('declares a format 2 TypeScript project rooted at the source folder', () => {
    const project = readJson(path.join(appRoot, 'mini.project.json'));
    expect(project).toMatchObject({ format: 2, compileOptions: { typescript: true } });
    const root = (project as { miniprogramRoot?: unknown }).miniprogramRoot;
    expect(typeof root === 'string' && path.resolve(appRoot, root)).toBe(MINIPROGRAM_ROOT);
  });

  it('lists the phone page and titles the window phonekit', () => {
    expect(readJson(path.join(MINIPROGRAM_ROOT, 'app.json'))).toMatchObject({
      pages: ['pages/phone/phone'],
      window: { defaultTitle: 'phonekit' },
    });
  });
});
