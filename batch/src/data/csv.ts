/**
 * A small RFC 4180 CSV reader over `readLines`: quoted fields, `""` escapes, delimiters and
 * newlines inside quotes, CRLF or LF endings.
 *
 * Why our own: the formats we read are simple, but real exports contain titles like
 * `"Shirt, ""slim"" fit"`; a regex split gets those wrong, and a dependency is not worth it.
 * Lines without a quote take a fast path (`String.split`), which is nearly every line of a
 * ratings or events file.
 *
 * Malformed records are yielded as errors with their line number, never thrown: an unterminated
 * quote is cut off after `maxRecordLines` lines, reported, and reading resumes on the next line,
 * so one stray quote cannot swallow the rest of the file.
 */
import { type Line, readLines } from './lines.ts';

/** One parsed record, or why its line could not be parsed. */
export type CsvRecord =
  | { ok: true; fields: string[]; line: number; text: string }
  | { ok: false; reason: string; line: number; text: string };

export interface CsvOptions {
  /** Field separator (one character), default `,`. */
  delimiter?: string;
  /** Longest record a quoted field may stretch over, in lines (default 100). */
  maxRecordLines?: number;
}

/**
 * Yields every non-blank record of a CSV blob. Blank lines are skipped (they are not rows).
 *
 * @example
 * for (const rec of readCsv(bytes)) {
 *   if (!rec.ok) report.bad(key, rec.line, rec.reason, rec.text);
 *   else use(rec.fields);
 * }
 */
export function* readCsv(bytes: Uint8Array, options: CsvOptions = {}): Generator<CsvRecord> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(`CSV delimiter must be one character other than a quote or newline`);
  }
  const maxLines = options.maxRecordLines ?? 100;
  const source = readLines(bytes);
  // Lines to re-read after an unterminated record was abandoned.
  const replay: Line[] = [];
  const next = (): Line | undefined => replay.shift() ?? source.next().value ?? undefined;

  for (let first = next(); first !== undefined; first = next()) {
    if (first.text.length === 0) continue;
    if (!first.text.includes('"')) {
      yield { ok: true, fields: first.text.split(delimiter), line: first.line, text: first.text };
      continue;
    }
    const taken: Line[] = [first];
    let text = first.text;
    let result = parseQuoted(text, delimiter);
    while (result === 'open' && taken.length < maxLines) {
      const more = next();
      if (more === undefined) break;
      taken.push(more);
      text += `\n${more.text}`;
      result = parseQuoted(text, delimiter);
    }
    if (result === 'open') {
      yield { ok: false, reason: 'unterminated quoted field', line: first.line, text: first.text };
      replay.unshift(...taken.slice(1));
    } else if (typeof result === 'string') {
      yield { ok: false, reason: result, line: first.line, text: first.text };
    } else {
      yield { ok: true, fields: result, line: first.line, text };
    }
  }
}

/**
 * Parses one record that contains a quote: its fields, `'open'` when a quoted field is still
 * open at the end of `text`, or an error message.
 */
function parseQuoted(text: string, delimiter: string): string[] | 'open' | string {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text[i] === '"') {
      // Quoted field: runs to the next quote that is not doubled.
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return 'open';
        value += text.slice(from, q);
        if (text[q + 1] === '"') {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (text[i] !== delimiter) return `unexpected character after closing quote at column ${i + 1}`;
      i++;
    } else {
      // Unquoted field: a quote inside it is kept literally (lenient, like most readers).
      const d = text.indexOf(delimiter, i);
      if (d < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, d));
      i = d + 1;
    }
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * Quotes a field for writing when it needs it (delimiter, quote, CR or LF inside).
 *
 * @example
 * csvField('Shirt, "slim"'); // '"Shirt, ""slim"""'
 */
export function csvField(value: string, delimiter = ','): string {
  if (!value.includes(delimiter) && !value.includes('"') && !value.includes('\n') && !value.includes('\r')) {
    return value;
  }
  return `"${value.replaceAll('"', '""')}"`;
}
