/**
 * `--help` text, generated from the commands' zod schemas (schema-flags.ts), so every option
 * appears with its description and default exactly as the schema declares them.
 */
import type { Command } from './command.ts';
import { type FlagSpec, flagSpecs } from './schema-flags.ts';

const LEFT_MAX = 38;

/**
 * The top-level help: usage and one line per command.
 *
 * @example
 * process.stdout.write(renderCommandList(COMMANDS));
 */
export function renderCommandList(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'vitrine — batch jobs for Vitrine: train and evaluate recommenders, build indexes, train the',
    'creative GAN, publish models to object storage.',
    '',
    'Usage: vitrine <command> [options]',
    '       vitrine <command> --help     every option of a command, with its default',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Logs, failures and usage errors go to stderr: readable lines on a terminal, JSON lines elsewhere',
    '(--log-format human|json; VITRINE_LOG_LEVEL=debug|info|warn|error). Exit codes: 0 ok, 1 failure,',
    '2 usage error.',
    '',
  ].join('\n');
}

/**
 * One command's help: usage, description, and every flag grouped by its options section.
 *
 * @example
 * renderCommandHelp(trainCommand); // '… --mf.factors <int>  embedding dimension (default: 64) …'
 */
export function renderCommandHelp(command: Command): string {
  const specs = flagSpecs(command.options);
  const lines = [`Usage: vitrine ${command.name} [options]`, '', command.summary];
  if (command.description) lines.push('', command.description);
  const groups = new Map<string, FlagSpec[]>();
  for (const spec of specs) {
    const group = spec.path.length > 1 ? spec.path.slice(0, -1).join('.') : '';
    groups.set(group, [...(groups.get(group) ?? []), spec]);
  }
  const rows = specs.map(left);
  const width = Math.min(LEFT_MAX, Math.max(...rows.map((r) => r.length)));
  for (const [group, members] of groups) {
    lines.push(
      '',
      group === ''
        ? 'Options:'
        : `${group} options (also accepted without the "${group}." prefix when unambiguous):`,
    );
    for (const spec of members) {
      const l = left(spec);
      const text = right(spec);
      lines.push(
        l.length <= width ? `  ${l.padEnd(width)}  ${text}` : `  ${l}\n  ${' '.repeat(width)}  ${text}`,
      );
    }
  }
  lines.push('', `  ${'--help'.padEnd(width)}  show this help`);
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  lines.push('');
  return lines.join('\n');
}

function left(spec: FlagSpec): string {
  const value =
    spec.type === 'boolean'
      ? ''
      : spec.type === 'enum'
        ? ` <${spec.choices!.join('|')}>`
        : spec.type === 'integer'
          ? ' <int>'
          : spec.type === 'number'
            ? ' <number>'
            : spec.type === 'list'
              ? ' <a,b,…>'
              : ' <value>';
  return `--${spec.name}${value}`;
}

function right(spec: FlagSpec): string {
  const parts = [spec.description || '(undocumented)'];
  // A description that already says what the default means ("(default: sizes only)") keeps it alone.
  if (/\(default[:;]/.test(spec.description ?? '')) return parts[0] as string;
  if (spec.required) parts.push('(required)');
  else if (spec.type === 'boolean' && spec.defaultValue === true)
    parts.push(`(default: true; --no-${spec.name} turns it off)`);
  else if (spec.defaultValue !== undefined) parts.push(`(default: ${formatDefault(spec.defaultValue)})`);
  return parts.join(' ');
}

function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
