/** What the three client shims (`my`, `wx`, `tt`) build the same way. */
import { SimulatorUnsupportedError } from './error-panel';

/** The phone screen as the clients' system-info APIs report it. */
export function screenMetrics(): { pixelRatio: number; windowWidth: number; windowHeight: number } {
  return {
    pixelRatio: window.devicePixelRatio,
    windowWidth: document.getElementById('screen')?.clientWidth ?? 375,
    windowHeight: document.getElementById('screen')?.clientHeight ?? 667,
  };
}

/** `shim` as the global `name`: any API it lacks fails loudly when called, naming itself. */
export function failingOnUnsimulated(name: string, shim: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(shim, {
    get(target, key) {
      if (typeof key !== 'string' || Object.hasOwn(target, key)) return Reflect.get(target, key);
      return () => {
        throw new SimulatorUnsupportedError(`${name}.${key}() is not simulated (simulated: ${Object.keys(target).join(', ')})`);
      };
    },
  });
}
