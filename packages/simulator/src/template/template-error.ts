/**
 * Anything in a template (or its styles) that the simulator does not support
 * or cannot read. The simulator never guesses: it shows this error on screen,
 * naming the file, the line and the tag or attribute at fault.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  /** 1-based line in the source file, when known. */
  readonly line: number | undefined;
  /** The tag or attribute at fault, e.g. `<video>` or `a:model`. */
  readonly subject: string | undefined;
  /** The file the error is in, e.g. `pages/phone/phone.axml`. */
  file: string | undefined;

  constructor(message: string, where: { line?: number; subject?: string; file?: string } = {}) {
    super(message);
    this.line = where.line;
    this.subject = where.subject;
    this.file = where.file;
  }

  /** `pages/phone/phone.axml:12: <video> is not supported ...` */
  describe(): string {
    const place = [this.file, this.line === undefined ? undefined : String(this.line)].filter((p) => p !== undefined).join(':');
    return place === '' ? this.message : `${place}: ${this.message}`;
  }
}
