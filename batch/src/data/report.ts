/**
 * Load reports: every loader returns `{ data, report }`, and the report accounts for every row.
 *
 * Why: a bad line in a 10M-line export must neither abort the job nor vanish. Counts are exact
 * (rowsRead = rowsKept + rowsBad + rowsSkipped); the list of bad rows is capped so a file that is
 * entirely garbage cannot blow up memory, and `badRowsTruncated` says when the list is partial.
 */

/** One rejected row: where it was and why. */
export interface BadRow {
  /** Store key (or label) of the file the row came from. */
  source: string;
  /** 1-based line number of the row's first line in that file. */
  line: number;
  reason: string;
  /** The start of the offending text (at most 200 characters), to help find it. */
  text: string;
}

/** What happened to every row of an input. */
export interface LoadReport {
  /** What was loaded (a key, a prefix, a URI). */
  source: string;
  /** Data rows seen (headers and blank lines are not rows). */
  rowsRead: number;
  /** Rows that made it into the data. */
  rowsKept: number;
  /** Rows rejected as malformed; each is listed in `badRows` until the cap. */
  rowsBad: number;
  /** Well-formed rows left out on purpose (e.g. older than `since`, or duplicates). */
  rowsSkipped: number;
  /** The first `maxBadRows` rejected rows, in input order. */
  badRows: BadRow[];
  /** True when more rows were bad than `badRows` lists. */
  badRowsTruncated: boolean;
}

/** Result of every loader. */
export interface LoadResult<T, R extends LoadReport = LoadReport> {
  data: T;
  report: R;
}

/** Default cap on listed bad rows (the count stays exact). */
export const MAX_BAD_ROWS = 100;
const MAX_TEXT = 200;

/**
 * Accumulates a `LoadReport` while a loader runs.
 *
 * @example
 * const report = new ReportBuilder('ratings.csv');
 * report.bad('ratings.csv', 7, 'rating is not a number', line);
 * report.kept();
 * return { data, report: report.finish() };
 */
export class ReportBuilder {
  private readonly report: LoadReport;

  constructor(
    source: string,
    private readonly maxBadRows = MAX_BAD_ROWS,
  ) {
    this.report = {
      source,
      rowsRead: 0,
      rowsKept: 0,
      rowsBad: 0,
      rowsSkipped: 0,
      badRows: [],
      badRowsTruncated: false,
    };
  }

  kept(): void {
    this.report.rowsRead++;
    this.report.rowsKept++;
  }

  skipped(): void {
    this.report.rowsRead++;
    this.report.rowsSkipped++;
  }

  bad(source: string, line: number, reason: string, text: string): void {
    this.report.rowsRead++;
    this.report.rowsBad++;
    if (this.report.badRows.length < this.maxBadRows) {
      this.report.badRows.push({ source, line, reason, text: text.slice(0, MAX_TEXT) });
    } else {
      this.report.badRowsTruncated = true;
    }
  }

  /** The report so far (the builder keeps counting if used again). */
  finish(): LoadReport {
    return { ...this.report, badRows: this.report.badRows.slice() };
  }
}

/**
 * One line per report for logs: `ratings.csv: 100836 read, 100834 kept, 2 bad (line 7: …)`.
 *
 * @example
 * console.log(formatReport(result.report));
 */
export function formatReport(report: LoadReport): string {
  let s = `${report.source}: ${report.rowsRead} read, ${report.rowsKept} kept, ${report.rowsBad} bad`;
  if (report.rowsSkipped > 0) s += `, ${report.rowsSkipped} skipped`;
  const first = report.badRows.slice(0, 3).map((b) => `${b.source}:${b.line}: ${b.reason}`);
  if (first.length > 0) s += ` (${first.join('; ')}${report.rowsBad > first.length ? '; …' : ''})`;
  return s;
}
