import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MfConfig } from '#shared/schemas';
import { parseArgs, UsageError, validateOptions } from '../../../batch/src/cli/flags.ts';
import { flagSpecs } from '../../../batch/src/cli/schema-flags.ts';

const schema = z.object({
  out: z.string().describe('where'),
  force: z.boolean().default(false).describe('do it anyway'),
  refit: z.boolean().default(true).describe('refit'),
  tags: z.array(z.string()).default([]).describe('labels'),
  mf: MfConfig.default(MfConfig.parse({})),
});
const specs = flagSpecs(schema);
const parse = (argv: string[]) => validateOptions(schema, parseArgs(argv, specs).values);

describe('parseArgs + validateOptions', () => {
  it('accepts dotted, short, kebab-case and --name=value spellings and fills defaults', () => {
    const o = parse([
      '--out',
      'file:///o',
      '--mf.factors',
      '16',
      '--unobserved-weight=0.2',
      '--regularizationExponent',
      '0.5',
    ]);
    expect(o.mf.factors).toBe(16);
    expect(o.mf.unobservedWeight).toBe(0.2);
    expect(o.mf.regularizationExponent).toBe(0.5);
    expect(o.mf.iterations).toBe(MfConfig.parse({}).iterations);
    expect(o.force).toBe(false);
  });

  it('reads booleans as presence, =false or --no-, and lists as repeats or commas', () => {
    const o = parse(['--out=x', '--force', '--no-refit', '--tags', 'a,b', '--tags', 'c']);
    expect(o.force).toBe(true);
    expect(o.refit).toBe(false);
    expect(o.tags).toEqual(['a', 'b', 'c']);
    expect(parse(['--out=x', '--force=false']).force).toBe(false);
    expect(() => parse(['--out=x', '--force=maybe'])).toThrow(/--force: expected true or false/);
  });

  it('throws UsageError for unknown flags', () => {
    expect(() => parseArgs(['--nope'], specs)).toThrow(UsageError);
  });

  it('reports help without validating', () => {
    expect(parseArgs(['--help'], specs).help).toBe(true);
  });
});
