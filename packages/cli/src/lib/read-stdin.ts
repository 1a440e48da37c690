import type { CommandIo } from './command';

/** Reads a stream to its end as UTF-8 (process.stdin in main.ts). */
export async function readStream(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk), 'utf8'));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The command's standard input, without a UTF-8 BOM and surrounding whitespace. */
export async function readInput(io: CommandIo): Promise<string> {
  const text = await io.stdin;
  return text.replace(/^\uFEFF/, '').trim();
}
