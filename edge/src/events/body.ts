/**
 * Reads a request body with a hard byte cap. `Content-Length` is checked first (cheap refusal),
 * but it may be absent (chunked uploads) or lie, so the stream itself is counted and cancelled as
 * soon as it passes the cap: an oversized body is never buffered whole.
 */
import { AppError } from '#shared/errors';

/**
 * The body as UTF-8 text.
 *
 * @throws AppError('payload_too_large') over `maxBytes`.
 * @example
 * const text = await readCapped(c.req.raw, 128 * 1024);
 */
export async function readCapped(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN);
  const tooLarge = (size: string) =>
    new AppError('payload_too_large', `body is ${size} bytes; the limit is ${maxBytes}`, { field: 'body' });
  if (declared > maxBytes) throw tooLarge(String(declared));
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`more than ${maxBytes}`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
