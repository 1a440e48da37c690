/**
 * What the side panel controls and what it shows, shared by the `my` shim,
 * the consent sheet and the panel: the chosen scenario, the simulated client,
 * the user's consent, and the wire log.
 */
import { storedClientLanguage, type ClientLanguage } from './client-language';
import { WireLog, type RequestWireEntry } from './wire-log';

export interface SimulatorSettings {
  /** A sandbox scenario id (GET /sandbox/alipay/scenarios). */
  scenario: string;
  /** Mobile number the sandbox should encrypt; '' lets the scenario choose. */
  mobile: string;
  /** Simulates an Alipay client older than 10.1.35: no getAuthorize button. */
  oldClient: boolean;
  /** The Alipay user my.getAuthCode logs in (the sandbox mints codes per user; same name, same user). */
  user: string;
  /** What my.getSystemInfo(Sync) answers as the client's language (the page speaks it). */
  language: ClientLanguage;
}

/** What the Alipay client gave the page other than res.response, e.g. `my.getAuthCode()`. */
export interface ClientWireEntry {
  readonly kind: 'client';
  readonly id: number;
  readonly api: string;
  readonly note: string;
  readonly payload: string;
}

export interface PhoneResponseWireEntry {
  readonly kind: 'phone-response';
  readonly id: number;
  /** The scenario the sandbox played. */
  readonly scenario: string;
  readonly note: string;
  /** The raw `res.response` the page received. */
  readonly response: string;
}

export type WireEntry = PhoneResponseWireEntry | ClientWireEntry | RequestWireEntry;

export class SimulatorState extends WireLog<PhoneResponseWireEntry | ClientWireEntry> {
  readonly settings: SimulatorSettings = { scenario: 'success', mobile: '', oldClient: false, user: 'alice', language: storedClientLanguage() };
  /** Whether the user allowed the phone-number consent sheet in this session. */
  phoneConsent = false;

  recordClient(api: string, note: string, payload: string): void {
    this.append((id) => ({ kind: 'client', id, api, note, payload }));
  }

  recordPhoneResponse(scenario: string, note: string, response: string): void {
    this.append((id) => ({ kind: 'phone-response', id, scenario, note, response }));
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
