/**
 * Reads a command's zod options schema as a list of command-line flags: name, value type,
 * choices, description and default. Both the parser (flags.ts) and `--help` (help.ts) are derived
 * from this list, so an option documented in shared/src/schemas cannot be missing from either.
 *
 * Nested objects become dotted flags (`mf: MfConfig` → `--mf.factors`). Each leaf can also be
 * given by its last segment when no other leaf of the command has the same last segment
 * (`--factors`), and camelCase names may be written in kebab-case (`--unobserved-weight`).
 *
 * This is the one place that looks inside zod's internal `_zod.def` (zod 4): the public API has
 * no schema walker, and these fields are stable within zod 4.
 */
import type { z } from 'zod';

export type FlagType = 'number' | 'integer' | 'string' | 'boolean' | 'enum' | 'list';

export interface FlagSpec {
  /** Path into the options object, e.g. ['mf', 'factors']. */
  path: string[];
  /** Canonical flag name without dashes: the dotted path (`mf.factors`). */
  name: string;
  type: FlagType;
  /** Allowed values of an enum. */
  choices?: readonly string[];
  description: string;
  /** Default value when the flag is absent, if the schema has one. */
  defaultValue?: unknown;
  /** True when the flag has no default and is not optional. */
  required: boolean;
}

/** Minimal view of zod 4's internal definition object (only the fields read here). */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string | number>;
  defaultValue?: unknown;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Every leaf flag of an options schema, in declaration order.
 *
 * @example
 * flagSpecs(z.object({ mf: MfConfig })).map((f) => f.name); // ['mf.algorithm', 'mf.factors', …]
 */
export function flagSpecs(schema: z.ZodObject): FlagSpec[] {
  const out: FlagSpec[] = [];
  walkObject(schema, [], out);
  return out;
}

function walkObject(schema: z.ZodType, path: string[], out: FlagSpec[]): void {
  const shape = defOf(schema).shape ?? {};
  for (const [key, field] of Object.entries(shape)) {
    const leaf = unwrap(field);
    if (leaf.def.type === 'object') {
      walkObject(leaf.schema, [...path, key], out);
      continue;
    }
    const spec: FlagSpec = {
      path: [...path, key],
      name: [...path, key].join('.'),
      type: leafType(leaf.schema, leaf.def),
      description: leaf.description ?? '',
      required: !leaf.hasDefault && !leaf.optional,
    };
    if (leaf.hasDefault) spec.defaultValue = leaf.defaultValue;
    if (leaf.def.entries) spec.choices = Object.values(leaf.def.entries).map(String);
    out.push(spec);
  }
}

interface Unwrapped {
  schema: z.ZodType;
  def: Def;
  description: string | undefined;
  hasDefault: boolean;
  defaultValue: unknown;
  optional: boolean;
}

/** Peels default/optional/nullable/pipe wrappers, keeping the outermost description. */
function unwrap(schema: z.ZodType): Unwrapped {
  const result: Unwrapped = {
    schema,
    def: defOf(schema),
    description: schema.description,
    hasDefault: false,
    defaultValue: undefined,
    optional: false,
  };
  for (;;) {
    const def = defOf(result.schema);
    result.description ??= result.schema.description;
    if (def.type === 'default' || def.type === 'prefault') {
      if (!result.hasDefault) {
        result.hasDefault = true;
        result.defaultValue = def.defaultValue;
      }
    } else if (def.type === 'optional' || def.type === 'nullable') {
      result.optional = true;
    } else if (def.type === 'pipe' && def.in) {
      result.schema = def.in;
      continue;
    } else {
      result.def = def;
      return result;
    }
    result.schema = def.innerType!;
  }
}

function leafType(schema: z.ZodType, def: Def): FlagType {
  switch (def.type) {
    case 'number':
      return (schema as unknown as { format?: string }).format === 'safeint' ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'array':
      return 'list';
    default:
      return 'string';
  }
}

/** `unobservedWeight` → `unobserved-weight`. */
export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
