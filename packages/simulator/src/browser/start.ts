/**
 * Boots the Alipay tab once the mini-program's modules have run (they have
 * registered App and Page by then): applies the styles, compiles the
 * template, points the page at this server, mounts the page and the panel.
 */
import { ALIPAY_DIALECT } from '../template/dialect';
import { bootSimulator, readWindowSetting, showTitleBar, type SimulatorInput } from './boot';
import { appNameOf } from './consent-sheet';
import { showSimulatorError } from './error-panel';
import { askConsent } from './overlays';
import { PageHost } from './page-host';
import { initPanel } from './panel';
import { miniProgram } from './registry';
import { simulatorState } from './state';

function applyWindow(input: SimulatorInput): string {
  const title = readWindowSetting(input, 'defaultTitle') ?? 'Mini-program';
  showTitleBar(title, readWindowSetting(input, 'titleBarColor'));
  return title;
}

export function startSimulator(input: SimulatorInput): void {
  bootSimulator(input, {
    applyWindow,
    dialect: ALIPAY_DIALECT,
    // `sandbox: false`: the page takes the real device path (my.getPhoneNumber), and the shim plays Alipay with the sandbox.
    appConfig: { sandbox: false },
    createHost: ({ template, screen }) => {
      const options = miniProgram.pages[0];
      if (options === undefined) {
        showSimulatorError(new Error(`${input.route}.ts did not call Page({...})`));
        return undefined;
      }
      simulatorState.phoneConsent = false;
      return new PageHost(options, input.route, template, screen, {
        requestAuthorization: async (scope) => {
          const { mobile, scenario } = simulatorState.settings;
          const answer = await askConsent({ appName: appNameOf(input.appJson, 'defaultTitle'), scope, mobile, scenario });
          simulatorState.phoneConsent = answer.allowed;
          return answer;
        },
        reportError: showSimulatorError,
      });
    },
    initPanel: (reloadPage) => initPanel(simulatorState, { reloadPage }),
  });
}
