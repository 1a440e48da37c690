/** A known-answer vector: what goes in, what must come out. */
export interface Vector<I, O> {
  readonly title: string;
  readonly input: I;
  readonly output: O;
}
