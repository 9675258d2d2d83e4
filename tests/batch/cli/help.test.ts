import { describe, expect, it } from 'vitest';
import { EvalConfig, MfConfig } from '#shared/schemas';
import { main } from '../../../batch/src/cli/main.ts';
import { COMMANDS } from '../../../batch/src/cli/registry.ts';
import { flagSpecs } from '../../../batch/src/cli/schema-flags.ts';
import { GAN_PRESET_VALUES } from '../../../batch/src/models/gan/presets.ts';
import { createLogger } from '../../../batch/src/observe/index.ts';

/** As on a terminal: usage errors are plain lines on stderr (JSON mode: output-format.test.ts). */
async function run(argv: string[]) {
  let out = '';
  let err = '';
  const logger = createLogger({
    write: (line) => {
      err += `${line}\n`;
    },
    format: 'human',
  });
  const code = await main(argv, COMMANDS, { stdout: (t) => (out += t), stderr: (t) => (err += t), logger });
  return { code, out, err };
}

describe('vitrine --help', () => {
  it('lists every MF and eval hyper-parameter of train with its description and default', async () => {
    const { code, out } = await run(['train', '--help']);
    expect(code).toBe(0);
    const defaults = { mf: MfConfig.parse({}), eval: EvalConfig.parse({}) };
    for (const [group, schema] of [
      ['mf', MfConfig],
      ['eval', EvalConfig],
    ] as const) {
      for (const [key, field] of Object.entries(schema.shape)) {
        const line = out
          .split('\n')
          .findIndex((l) => l.includes(`--${group}.${key} `) || l.trimEnd().endsWith(`--${group}.${key}`));
        expect(line, `--${group}.${key} missing from help`).toBeGreaterThanOrEqual(0);
        // The description may wrap onto the next line when the flag column is long.
        const text = out
          .split('\n')
          .slice(line, line + 2)
          .join(' ');
        expect(text).toContain(field.description!);
        expect(text).toContain(`(default: ${(defaults[group] as Record<string, unknown>)[key]})`);
      }
    }
  });

  it("shows each GAN preset's values, which the flags' own defaults do not tell", async () => {
    const { out } = await run(['gan-train', '--help']);
    for (const [name, values] of Object.entries(GAN_PRESET_VALUES)) {
      const line = out.split('\n').find((l) => l.startsWith(`  ${name}: `)) ?? '';
      for (const [key, value] of Object.entries(values)) expect(line).toContain(` ${key}=${value}`);
    }
  });

  it('states a default once per option (a description that explains it replaces the generated one)', async () => {
    for (const command of COMMANDS) {
      const { out } = await run([...command.name.split(' '), '--help']);
      const twice = out.split('\n').filter((l) => (l.match(/\(default[:;]/g) ?? []).length > 1);
      expect({ command: command.name, twice }).toEqual({ command: command.name, twice: [] });
    }
    const { out } = await run(['rollback', '--help']);
    expect(out).toMatch(
      /--verify\s+read and sha256-check every blob of the target first \(default: sizes only\)\n/,
    );
  });

  it('lists the commands at the top level and exits 2 without a command', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.out).toContain(`  ${c.name}`);
    expect((await run([])).code).toBe(2);
  });

  it('derives one flag per leaf option, nested ones dotted', () => {
    const names = flagSpecs(COMMANDS.find((c) => c.name === 'train')!.options).map((f) => f.name);
    expect(names).toContain('mf.factors');
    expect(names).toContain('eval.k');
    expect(names).toContain('data');
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('flag errors', () => {
  it('rejects an unknown flag with exit code 2 and names it', async () => {
    const { code, err } = await run([
      'train',
      '--data',
      'file:///x/r.csv',
      '--out',
      'file:///y',
      '--factorz',
      '8',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('unknown flag --factorz');
    expect(err).toContain('did you mean --factors?');
  });

  it('rejects an invalid value naming the flag and the rule', async () => {
    const bad = await run(['train', '--data', 'file:///x/r.csv', '--out', 'file:///y', '--mf.factors', '1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/invalid value for --mf\.factors: .*2/);
    const nan = await run(['train', '--data', 'file:///x/r.csv', '--out', 'file:///y', '--factors', 'lots']);
    expect(nan.err).toContain('invalid value for --mf.factors: expected a number, got "lots"');
    const choice = await run([
      'train',
      '--data',
      'file:///x/r.csv',
      '--out',
      'file:///y',
      '--format',
      'parquet',
    ]);
    expect(choice.code).toBe(2);
    expect(choice.err).toContain('--format');
  });

  it('reports missing required flags, ambiguous short names, repeats and stray arguments', async () => {
    expect((await run(['train', '--data', 'file:///x/r.csv'])).err).toContain('missing required flag --out');
    expect((await run(['train', '--seed', '1'])).err).toContain(
      '--seed is ambiguous: use one of --mf.seed, --eval.seed',
    );
    expect((await run(['train', '--factors', '8', '--factors', '9'])).err).toContain(
      '--mf.factors is given more than once',
    );
    expect((await run(['train', 'extra'])).err).toContain('unexpected argument "extra"');
    expect((await run(['train', '--out'])).err).toContain('--out needs a value');
    expect((await run(['nope'])).code).toBe(2);
  });
});
