/**
 * The boot sequence both tabs share, run once the mini-program's modules have
 * registered App and the page: applies the styles, compiles the template,
 * points the page at this server, mounts the page and the panel. Each tab
 * brings what differs: its window settings, template dialect, app config,
 * how a page run starts and its panel.
 */
import { compileTemplate, type CompiledTemplate } from '../template/compile-template';
import { convertAcss } from '../template/convert-acss';
import type { TemplateDialect } from '../template/dialect';
import { applyDebug, storedDebug } from './client-language';
import { byId } from './dom';
import { showSimulatorError } from './error-panel';
import type { PageHost } from './page-host';
import { isRecord } from './records';
import { miniProgram } from './registry';

/** What the server's bundler hands the browser: the mini-program's files, as text. */
export interface SimulatorInput {
  /** app.json, parsed. */
  readonly appJson: unknown;
  /** The page's .json, parsed ({} when it has none). */
  readonly pageJson: unknown;
  /** The page's route, e.g. `pages/phone/phone`. */
  readonly route: string;
  readonly template: { readonly file: string; readonly source: string };
  /** app.acss then the page's .acss (those that exist). */
  readonly styles: ReadonlyArray<{ readonly file: string; readonly source: string }>;
}

/** The scope every .acss / .wxss rule is nested under: the phone's screen. */
export const SCREEN_SELECTOR = '.pk-screen';

/** A window setting from the page's .json, else from app.json's `window`. */
export function readWindowSetting(input: SimulatorInput, key: string): string | undefined {
  const page = isRecord(input.pageJson) ? input.pageJson[key] : undefined;
  if (typeof page === 'string') return page;
  const window = isRecord(input.appJson) ? input.appJson['window'] : undefined;
  const app = isRecord(window) ? window[key] : undefined;
  return typeof app === 'string' ? app : undefined;
}

/** Shows the title in the phone's title bar, in `color` when it is a hex colour. */
export function showTitleBar(title: string, color: string | undefined): void {
  byId('phone-title', HTMLElement).textContent = title;
  if (color !== undefined && /^#[0-9a-fA-F]{3,8}$/.test(color)) {
    document.documentElement.style.setProperty('--title-bar-color', color);
  }
}

function applyStyles(input: SimulatorInput): void {
  const css = input.styles.map((style) => `/* ${style.file} */\n${convertAcss(style.source, { scope: SCREEN_SELECTOR, file: style.file })}`).join('\n');
  const element = document.createElement('style');
  element.id = 'mini-program-styles';
  element.textContent = css;
  document.head.append(element);
}

/** Points the page at this server, through `getApp().globalData.config`, with the tab's own settings. */
function configureApp(settings: Readonly<Record<string, unknown>>): void {
  const globalData = miniProgram.globalData();
  const existing = globalData['config'];
  globalData['config'] = { ...(isRecord(existing) ? existing : {}), serverUrl: window.location.origin, ...settings };
}

/** What a page run is mounted from. */
export interface PageRun {
  readonly template: CompiledTemplate;
  readonly screen: HTMLElement;
  /** The mini-program's name (the title bar's). */
  readonly appName: string;
}

export interface TabBoot {
  /** Applies the page's window settings; returns the title. */
  readonly applyWindow: (input: SimulatorInput) => string;
  readonly dialect: TemplateDialect;
  /** Added to `globalData.config` next to `serverUrl`. */
  readonly appConfig: Readonly<Record<string, unknown>>;
  /** Starts a fresh page run's host (not yet started); undefined when there is nothing to mount. */
  readonly createHost: (run: PageRun) => PageHost | undefined;
  /** Mounts the side panel; `reloadPage` restarts the page. */
  readonly initPanel: (reloadPage: () => void) => void;
}

export function bootSimulator(input: SimulatorInput, tab: TabBoot): void {
  const screen = byId('screen', HTMLElement);
  let appName = 'Mini-program';
  let template: CompiledTemplate | undefined;
  try {
    appName = tab.applyWindow(input);
    applyStyles(input);
    template = compileTemplate(input.template.source, input.template.file, tab.dialect);
  } catch (err) {
    showSimulatorError(err);
    screen.classList.add('pk-screen--broken');
  }
  configureApp(tab.appConfig);
  applyDebug(storedDebug());

  let host: PageHost | undefined;
  const mountPage = (): void => {
    // A template outside the subset is never drawn; the panel (and its paste box) still works.
    if (template === undefined) return;
    host?.destroy();
    host = undefined;
    const created = tab.createHost({ template, screen, appName });
    if (created === undefined) return;
    host = created;
    miniProgram.currentPages = [created.instance];
    try {
      created.start();
    } catch (err) {
      showSimulatorError(err);
    }
  };

  mountPage();
  tab.initPanel(mountPage);
  document.body.dataset['simulator'] = 'ready';
}
