/**
 * The `vitrine` dispatcher: picks the subcommand, parses its flags from its zod schema, runs it
 * with a logger and progress factory, and maps failures to exit codes once:
 * 0 success, 1 runtime failure (logged as an `error` line with the AppError kind), 2 usage error.
 * Failures and usage errors look like the logs: readable lines on a terminal (or
 * `--log-format human`), JSON lines elsewhere (or `--log-format json`).
 */
import { AppError } from '#shared/errors';
import { createLogger, createProgress, LOG_FORMATS, type LogFormat, type Logger } from '../observe/index.ts';
import type { Command, CommandContext } from './command.ts';
import { parseArgs, UsageError, validateOptions } from './flags.ts';
import { renderCommandHelp, renderCommandList } from './help.ts';
import { flagSpecs } from './schema-flags.ts';

export interface MainIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  logger?: Logger;
}

/**
 * Runs one CLI invocation and resolves to its exit code (never throws).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), COMMANDS);
 */
export async function main(
  argv: readonly string[],
  commands: readonly Command[],
  io: MainIo = {},
): Promise<number> {
  const stdout = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const { format, args: argsWithoutFormat } = takeLogFormat(argv);
  const root = io.logger ?? createLogger(typeof format === 'string' ? { format } : {});
  const usage = usageReporter(root, stderr);
  if (typeof format === 'object') return usage(format.error);
  let [name, ...rest] = argsWithoutFormat;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    stdout(target ? renderCommandHelp(target) : renderCommandList(commands));
    return name === undefined ? 2 : 0;
  }
  // Two-word commands (`users delete`): the first bare argument completes the name.
  if (rest[0] !== undefined && commands.some((c) => c.name === `${name} ${rest[0]}`)) {
    name = `${name} ${rest[0]}`;
    rest = rest.slice(1);
  }
  const command = commands.find((c) => c.name === name);
  if (!command)
    return usage(
      `unknown command ${JSON.stringify(name)}; commands: ${commands.map((c) => c.name).join(', ')}`,
    );
  let options: Record<string, unknown>;
  try {
    const parsed = parseArgs(withPositional(rest, command), flagSpecs(command.options));
    if (parsed.help) {
      stdout(renderCommandHelp(command));
      return 0;
    }
    options = validateOptions(command.options, parsed.values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usage(error.message, command.name);
  }
  return runCommand(command, options, root.child({ command: command.name }), stdout, usage);
}

type Usage = (message: string, command?: string) => number;

/**
 * Reports a usage error (exit 2) the way the logs look: a plain `vitrine <command>: …` line when
 * they are for people (a terminal, `--log-format human`), a `usage_error` JSON line when they are
 * for machines, so a scheduler's log holds one format whether the flags or the job failed.
 */
function usageReporter(log: Logger, stderr: (text: string) => void): Usage {
  return (message, command) => {
    if (log.format === 'json')
      log.error('usage_error', { ...(command ? { command } : {}), message, exitCode: 2 });
    else stderr(`vitrine${command ? ` ${command}` : ''}: ${message}\n`);
    return 2;
  };
}

/** Runs the command; a failure is one `failed` log line (its kind, and the stack of a bug). */
async function runCommand(
  command: Command,
  options: Record<string, unknown>,
  log: Logger,
  print: (text: string) => void,
  usage: Usage,
): Promise<number> {
  const ctx: CommandContext = {
    log,
    progress: (label, total) => createProgress(label, total, { logger: log }),
    print,
  };
  const started = performance.now();
  try {
    const code = (await command.run(options, ctx)) ?? 0;
    log.info('done', { exitCode: code, seconds: round((performance.now() - started) / 1000) });
    return code;
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, command.name);
    const kind = error instanceof AppError ? error.kind : 'internal';
    log.error('failed', {
      kind,
      error,
      ...(error instanceof AppError || !(error instanceof Error) ? {} : { stack: error.stack }),
    });
    if (error instanceof AppError && error.kind === 'invalid_argument') return 2;
    return 1;
  }
}

/**
 * Leading bare arguments as the command's positional option: one for a scalar
 * (`rollback v12` = `--version v12`), all of them for a list (`users delete a b` = `--user-ids a --user-ids b`).
 */
function withPositional(rest: string[], command: Command): string[] {
  const flag = command.positional;
  if (flag === undefined) return rest;
  const many = flagSpecs(command.options).find((f) => f.name === flag)?.type === 'list';
  const out: string[] = [];
  let a = 0;
  while (a < rest.length && !(rest[a] as string).startsWith('-') && (many || a === 0))
    out.push(`--${flag}`, rest[a++] as string);
  return [...out, ...rest.slice(a)];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** `--log-format json|human` (any position, any command): how log lines on stderr look. */
function takeLogFormat(argv: readonly string[]): {
  format: LogFormat | undefined | { error: string };
  args: string[];
} {
  const args: string[] = [];
  let format: LogFormat | undefined | { error: string };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg !== '--log-format' && !arg.startsWith('--log-format=')) {
      args.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
    format = (LOG_FORMATS as readonly string[]).includes(value ?? '')
      ? (value as LogFormat)
      : {
          error: `--log-format must be one of ${LOG_FORMATS.join(', ')}, got ${JSON.stringify(value ?? '')}`,
        };
  }
  return { format, args };
}
