/**
 * Boots the simulator once the mini-program's modules have run (they have
 * registered App and Page by then): applies the styles, compiles the
 * template, points the page at this server, mounts the page and the panel.
 */
import { compileTemplate, type CompiledTemplate } from '../template/compile-template';
import { convertAcss } from '../template/convert-acss';
import { byId } from './dom';
import { showSimulatorError } from './error-panel';
import { askConsent } from './overlays';
import { PageHost } from './page-host';
import { initPanel } from './panel';
import { miniProgram } from './registry';
import { simulatorState } from './state';

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

/** The scope every .acss rule is nested under: the phone's screen. */
export const SCREEN_SELECTOR = '.pk-screen';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readWindowSetting(input: SimulatorInput, key: string): string | undefined {
  const page = isRecord(input.pageJson) ? input.pageJson[key] : undefined;
  if (typeof page === 'string') return page;
  const window = isRecord(input.appJson) ? input.appJson['window'] : undefined;
  const app = isRecord(window) ? window[key] : undefined;
  return typeof app === 'string' ? app : undefined;
}

function applyStyles(input: SimulatorInput): void {
  const css = input.styles.map((style) => `/* ${style.file} */\n${convertAcss(style.source, { scope: SCREEN_SELECTOR, file: style.file })}`).join('\n');
  const element = document.createElement('style');
  element.id = 'mini-program-styles';
  element.textContent = css;
  document.head.append(element);
}

function applyWindow(input: SimulatorInput): string {
  const title = readWindowSetting(input, 'defaultTitle') ?? 'Mini-program';
  byId('phone-title', HTMLElement).textContent = title;
  const color = readWindowSetting(input, 'titleBarColor');
  if (color !== undefined && /^#[0-9a-fA-F]{3,8}$/.test(color)) {
    document.documentElement.style.setProperty('--title-bar-color', color);
  }
  return title;
}

/**
 * Points the page at this server. `sandbox: false`: the page takes the real
 * device path (my.getPhoneNumber), and the shim plays Alipay with the sandbox.
 */
function configureApp(): void {
  const globalData = miniProgram.globalData();
  const existing = globalData['config'];
  globalData['config'] = { ...(isRecord(existing) ? existing : {}), serverUrl: window.location.origin, sandbox: false };
}

export function startSimulator(input: SimulatorInput): void {
  const screen = byId('screen', HTMLElement);
  let appName = 'Mini-program';
  let template: CompiledTemplate | undefined;
  try {
    appName = applyWindow(input);
    applyStyles(input);
    template = compileTemplate(input.template.source, input.template.file);
  } catch (err) {
    showSimulatorError(err);
    screen.classList.add('pk-screen--broken');
  }
  configureApp();

  let host: PageHost | undefined;
  const mountPage = (): void => {
    // A template outside the subset is never drawn; the panel (and its paste box) still works.
    if (template === undefined) return;
    host?.destroy();
    host = undefined;
    const options = miniProgram.pages[0];
    if (options === undefined) {
      showSimulatorError(new Error(`${input.route}.ts did not call Page({...})`));
      return;
    }
    simulatorState.phoneConsent = false;
    const created = new PageHost(options, input.route, template, screen, {
      requestAuthorization: async (scope) => {
        const { mobile } = simulatorState.settings;
        const answer = await askConsent({ appName, scope, numberHint: mobile === '' ? 'The number the chosen scenario plays' : mobile });
        simulatorState.phoneConsent = answer.allowed;
        return answer;
      },
      reportError: showSimulatorError,
    });
    host = created;
    miniProgram.currentPages = [created.instance];
    try {
      created.start();
    } catch (err) {
      showSimulatorError(err);
    }
  };

  mountPage();
  initPanel(simulatorState, { reloadPage: mountPage });
  document.body.dataset['simulator'] = 'ready';
}
