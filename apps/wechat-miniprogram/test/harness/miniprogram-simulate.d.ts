// The part of miniprogram-simulate the tests use. Declared here because the
// package's own index.d.ts pulls in j-component, which imports an older
// miniprogram-api-typings (3.x) whose globals clash with the 5.x the page is
// typed with. tsconfig.json maps the module name here (`paths`); at run time
// jest loads the real package.
/** A rendered component (j-component): its data, its DOM, its children. */
export interface SimulatedComponent {
  readonly data: Readonly<Record<string, unknown>>;
  readonly dom: { readonly textContent: string | null } | undefined;
  querySelector(selector: string): SimulatedComponent | undefined;
  dispatchEvent(eventName: string, options?: { detail?: object }): void;
  setData(data: Record<string, unknown>): void;
}

export interface SimulatedRootComponent extends SimulatedComponent {
  attach(parent: object): void;
  detach(): void;
}

export interface LoadOptions {
  compiler?: 'official' | 'simulate';
  rootPath?: string;
}

export declare function load(componentPath: string, options?: LoadOptions): string;
export declare function render(id: string, properties?: Record<string, unknown>): SimulatedRootComponent;
export declare function sleep(timeout: number): Promise<void>;

declare const simulate: { load: typeof load; render: typeof render; sleep: typeof sleep };
export default simulate;
