/**
 * Command-line parsing driven by the command's zod schema: argv → raw nested values → zod.
 *
 * Accepted forms: `--name value`, `--name=value`; booleans as `--name`, `--name=false` or
 * `--no-name`; lists repeat (`--tag a --tag b`) or use commas (`--tag a,b`). Names: the dotted
 * path (`--mf.factors`), its kebab-case spelling, or the last segment when unambiguous
 * (`--factors`). Anything else is a `UsageError` (exit code 2) naming the offending flag.
 */
import type { z } from 'zod';
import { firstIssue } from '#shared/schemas';
import { type FlagSpec, kebab } from './schema-flags.ts';

/** A mistake in how the command was called; the CLI prints it and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  /** Raw values nested by path, ready for `schema.safeParse`. */
  values: Record<string, unknown>;
  help: boolean;
}

interface Lookup {
  byName: Map<string, FlagSpec>;
  /** Short names shared by several flags, with the flags they could mean. */
  ambiguous: Map<string, string[]>;
}

/** Every accepted spelling of every flag. */
export function flagLookup(specs: FlagSpec[]): Lookup {
  const byName = new Map<string, FlagSpec>();
  const shortOwners = new Map<string, FlagSpec[]>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    byName.set(spec.path.map(kebab).join('.'), spec);
    const last = spec.path[spec.path.length - 1]!;
    if (spec.path.length > 1) {
      for (const short of new Set([last, kebab(last)])) {
        shortOwners.set(short, [...(shortOwners.get(short) ?? []), spec]);
      }
    }
  }
  const ambiguous = new Map<string, string[]>();
  for (const [short, owners] of shortOwners) {
    if (byName.has(short)) continue; // a top-level flag of that name wins
    if (owners.length === 1) byName.set(short, owners[0]!);
    else
      ambiguous.set(
        short,
        owners.map((o) => `--${o.name}`),
      );
  }
  return { byName, ambiguous };
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * Parses `argv` (without the command name) against `specs`.
 *
 * @throws UsageError for unknown, ambiguous, repeated or value-less flags and stray arguments.
 * @example
 * parseArgs(['--factors', '32', '--data=file://d/ratings.csv'], specs).values; // { mf: { factors: '32' }, data: '…' }
 */
export function parseArgs(argv: readonly string[], specs: FlagSpec[]): ParsedArgs {
  const lookup = flagLookup(specs);
  const values: Record<string, unknown> = {};
  const seen = new Set<string>();
  let help = false;
  for (let a = 0; a < argv.length; a++) {
    const arg = argv[a]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (options are given as --name value)`);
    }
    const eq = arg.indexOf('=');
    let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let inline: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let spec = resolve(name, lookup);
    if (!spec && name.startsWith('no-')) {
      const negated = resolve(name.slice(3), lookup);
      if (negated?.type === 'boolean' && inline === undefined) {
        spec = negated;
        name = name.slice(3);
        inline = 'false';
      }
    }
    if (!spec) throw new UsageError(`unknown flag --${name}${suggest(name, lookup)}`);
    let raw: string;
    if (spec.type === 'boolean') {
      raw = inline ?? 'true';
    } else if (inline !== undefined) {
      raw = inline;
    } else {
      const next = argv[a + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`flag --${spec.name} needs a value`);
      }
      raw = next;
      a++;
    }
    if (seen.has(spec.name) && spec.type !== 'list') {
      throw new UsageError(`flag --${spec.name} is given more than once`);
    }
    seen.add(spec.name);
    setPath(values, spec.path, convert(spec, raw, getPath(values, spec.path)));
  }
  return { values, help };
}

function resolve(name: string, lookup: Lookup): FlagSpec | undefined {
  const spec = lookup.byName.get(name);
  if (spec) return spec;
  const owners = lookup.ambiguous.get(name);
  if (owners) throw new UsageError(`flag --${name} is ambiguous: use one of ${owners.join(', ')}`);
  return undefined;
}

function convert(spec: FlagSpec, raw: string, previous: unknown): unknown {
  if (spec.type === 'boolean') {
    const v = raw.toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw new UsageError(
      `invalid value for --${spec.name}: expected true or false, got ${JSON.stringify(raw)}`,
    );
  }
  if (spec.type === 'list') {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return [...(Array.isArray(previous) ? previous : []), ...items];
  }
  if (
    (spec.type === 'number' || spec.type === 'integer') &&
    (raw.trim() === '' || !Number.isFinite(Number(raw)))
  ) {
    throw new UsageError(`invalid value for --${spec.name}: expected a number, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function getPath(obj: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) cur = (cur as Record<string, unknown> | undefined)?.[key];
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    cur[key] ??= {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

/** " (did you mean --x?)" for the closest known name within edit distance 2, else "". */
function suggest(name: string, lookup: Lookup): string {
  let best: string | undefined;
  let bestDist = 3;
  for (const known of lookup.byName.keys()) {
    const d = editDistance(name, known);
    if (d < bestDist) {
      bestDist = d;
      best = known;
    }
  }
  return best ? ` (did you mean --${best}?)` : ' (see --help)';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Validates parsed values with the command's schema, turning the first zod issue into a
 * `UsageError` that names the flag (`invalid value for --mf.factors: …`).
 */
export function validateOptions<S extends z.ZodObject>(
  schema: S,
  values: Record<string, unknown>,
): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const { field, message, code } = firstIssue(result.error);
  const flag = `--${field}`;
  const given = getPath(values, field.split('.'));
  if (given === undefined && code === 'invalid_type') throw new UsageError(`missing required flag ${flag}`);
  throw new UsageError(
    `invalid value for ${flag}: ${message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`,
  );
}
