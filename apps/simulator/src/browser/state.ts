/**
 * What the side panel controls and what it shows, shared by the `my` shim,
 * the consent sheet and the panel: the chosen scenario, the simulated client,
 * the user's consent, and the wire log.
 */

export interface SimulatorSettings {
  /** A sandbox scenario id (GET /sandbox/alipay/scenarios). */
  scenario: string;
  /** Mobile number the sandbox should encrypt; '' lets the scenario choose. */
  mobile: string;
  /** Simulates an Alipay client older than 10.1.35: no getAuthorize button. */
  oldClient: boolean;
}

export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export type WireAnswer =
  | { readonly kind: 'http'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string }
  | { readonly kind: 'failed'; readonly message: string };

export type WireEntry =
  | {
      readonly kind: 'phone-response';
      readonly id: number;
      /** The scenario the sandbox played. */
      readonly scenario: string;
      readonly note: string;
      /** The raw `res.response` the page received. */
      readonly response: string;
    }
  | { readonly kind: 'request'; readonly id: number; readonly request: WireRequest; answer: WireAnswer | undefined };

type Listener = () => void;

export class SimulatorState {
  readonly settings: SimulatorSettings = { scenario: 'success', mobile: '', oldClient: false };
  /** Whether the user allowed the phone-number consent sheet in this session. */
  phoneConsent = false;
  readonly wire: WireEntry[] = [];
  private nextId = 1;
  private readonly listeners = new Set<Listener>();

  /** Called whenever the wire log changes. */
  onWireChange(listener: Listener): void {
    this.listeners.add(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  recordPhoneResponse(scenario: string, note: string, response: string): void {
    this.wire.push({ kind: 'phone-response', id: this.nextId++, scenario, note, response });
    this.changed();
  }

  /** Records a request; call `answer` on the returned entry's id when it completes. */
  recordRequest(request: WireRequest): number {
    const id = this.nextId++;
    this.wire.push({ kind: 'request', id, request, answer: undefined });
    this.changed();
    return id;
  }

  recordAnswer(id: number, answer: WireAnswer): void {
    const entry = this.wire.find((e) => e.id === id);
    if (entry !== undefined && entry.kind === 'request') entry.answer = answer;
    this.changed();
  }

  clearWire(): void {
    this.wire.length = 0;
    this.changed();
  }

  /** The last `res.response` the page was given, for the inspect box. */
  lastPhoneResponse(): string | undefined {
    for (let i = this.wire.length - 1; i >= 0; i -= 1) {
      const entry = this.wire[i];
      if (entry !== undefined && entry.kind === 'phone-response') return entry.response;
    }
    return undefined;
  }
}

/** The one state of this browser tab. */
export const simulatorState = new SimulatorState();
