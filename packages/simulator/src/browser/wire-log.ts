/**
 * The wire log both tabs keep: every request the page made and the server's
 * answer, next to what each client handed the page, with listeners the panel
 * redraws on.
 */

export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export type WireAnswer =
  | { readonly kind: 'http'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface RequestWireEntry {
  readonly kind: 'request';
  readonly id: number;
  readonly request: WireRequest;
  answer: WireAnswer | undefined;
}

type Listener = () => void;

function isRequestEntry<Other extends { readonly kind: string }>(entry: Other | RequestWireEntry): entry is RequestWireEntry {
  return entry.kind === 'request';
}

/** The wire: requests with their answers, and the client's own entries (`Other`), one id sequence. */
export class WireLog<Other extends { readonly kind: string; readonly id: number }> {
  readonly wire: Array<Other | RequestWireEntry> = [];
  private nextId = 1;
  private readonly listeners = new Set<Listener>();

  /** Called whenever the wire log changes. */
  onWireChange(listener: Listener): void {
    this.listeners.add(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Adds one of the client's own entries, given its id. */
  protected append(entry: (id: number) => Other): void {
    this.wire.push(entry(this.nextId++));
    this.changed();
  }

  /** Records a request; call `recordAnswer` with the returned id when it completes. */
  recordRequest(request: WireRequest): number {
    const id = this.nextId++;
    this.wire.push({ kind: 'request', id, request, answer: undefined });
    this.changed();
    return id;
  }

  recordAnswer(id: number, answer: WireAnswer): void {
    const entry = this.wire.find((e) => e.id === id);
    if (entry !== undefined && isRequestEntry(entry)) entry.answer = answer;
    this.changed();
  }

  clearWire(): void {
    this.wire.length = 0;
    this.changed();
  }
}
