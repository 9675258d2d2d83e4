/**
 * Line-wise UTF-8 decoding of a whole blob, without ever building one giant string.
 *
 * Why: a 300 MB export decoded in one `TextDecoder.decode` call is a 300 MB+ string (600 MB as
 * UTF-16) plus a split array of millions of strings. Decoding 1 MB at a time in streaming mode
 * keeps multi-byte characters that straddle a chunk boundary intact and holds at most one chunk
 * (plus one partial line) of text at once.
 */

/** One line of text and where it was. */
export interface Line {
  /** The line without its `\n` or `\r\n` terminator. */
  text: string;
  /** 1-based line number. */
  line: number;
}

const DEFAULT_CHUNK = 1 << 20;

/**
 * Yields every line of `bytes` (UTF-8; a leading BOM is dropped; invalid sequences become
 * U+FFFD). A final line without a terminator is yielded; an empty final line is not.
 *
 * @example
 * for (const { text, line } of readLines(await store.get('ratings.csv'))) { ... }
 */
export function* readLines(bytes: Uint8Array, chunkSize = DEFAULT_CHUNK): Generator<Line> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let line = 0;
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    const end = Math.min(bytes.length, offset + chunkSize);
    const text = carry + decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length });
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const stop = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: text.slice(start, stop), line: ++line };
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry.length > 0) {
    yield { text: carry.endsWith('\r') ? carry.slice(0, -1) : carry, line: ++line };
  }
}

/** One NDJSON record: the parsed value and the line it came from. */
export interface JsonLine extends Line {
  value: unknown;
}

/**
 * Yields the parsed value of every non-blank line of NDJSON `bytes`; a line that is not JSON is
 * handed to `onBad` (with the parser's message) and skipped, so one bad line never loses the file.
 *
 * @example
 * for (const { value, line, text } of readJsonLines(bytes, (l, why) => report.bad(src, l.line, why, l.text))) { ... }
 */
export function* readJsonLines(
  bytes: Uint8Array,
  onBad: (line: Line, reason: string) => void,
): Generator<JsonLine> {
  for (const l of readLines(bytes)) {
    if (l.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (e) {
      onBad(l, `invalid JSON: ${(e as Error).message}`);
      continue;
    }
    yield { ...l, value };
  }
}
