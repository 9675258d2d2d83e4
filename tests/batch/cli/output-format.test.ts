/**
 * What `vitrine` writes on stderr when it fails, run as a user runs it: on a terminal (a pseudo-
 * terminal from util-linux `script`) a usage error and a job failure are both readable lines; on a
 * pipe (a scheduler's log) both are JSON lines; `--log-format` overrides either way.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../batch/src/cli/main.ts';
import { COMMANDS } from '../../../batch/src/cli/registry.ts';
import { createLogger, type LogFormat } from '../../../batch/src/observe/index.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const USAGE = ['train', '--data', 'file:///x/r.csv', '--out', 'file:///y', '--factorz', '8'];
let empty: string;
/** `rollback` on a store with no versions: a job failure of kind not_found (exit 1). */
const failing = () => ['rollback', '--store', `file://${empty}`];

beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), 'vitrine-output-'));
});
afterAll(async () => {
  await rm(empty, { recursive: true, force: true });
});

const env = () => {
  const { VITRINE_LOG_FORMAT: _format, VITRINE_LOG_LEVEL: _level, ...rest } = process.env;
  return rest;
};
const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;

/** The real CLI on a pseudo-terminal (stdin, stdout and stderr all on it): exit code and screen. */
async function onTerminal(argv: string[]): Promise<{ code: number; screen: string }> {
  const command = ['node', '--import', 'tsx', 'batch/bin/vitrine.ts', ...argv].map(quote).join(' ');
  try {
    const { stdout } = await promisify(execFile)('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: env(),
    });
    return { code: 0, screen: stdout.replaceAll('\r\n', '\n') };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, screen: e.stdout.replaceAll('\r\n', '\n') };
  }
}

/** The real CLI with stderr on a pipe: exit code and stderr's lines. */
async function onPipe(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const args = ['--import', 'tsx', 'batch/bin/vitrine.ts', ...argv];
  try {
    const { stderr } = await promisify(execFile)('node', args, { cwd: ROOT, env: env() });
    return { code: 0, lines: stderr.split('\n').filter(Boolean) };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, lines: e.stderr.split('\n').filter(Boolean) };
  }
}

describe('failures and usage errors look like the logs', () => {
  it('are readable lines on a terminal, with no JSON', async () => {
    const usage = await onTerminal(USAGE);
    expect(usage.code).toBe(2);
    expect(usage.screen).toContain('vitrine train: unknown flag --factorz (did you mean --factors?)');
    const failure = await onTerminal(failing());
    expect(failure.code).toBe(1);
    expect(failure.screen).toMatch(
      /^\d\d:\d\d:\d\d error failed command=rollback kind=not_found error=no complete kept version/m,
    );
    expect(`${usage.screen}${failure.screen}`).not.toContain('{"');
  });

  it('are JSON lines on a pipe, one object a line', async () => {
    const usage = await onPipe(USAGE);
    expect(usage.code).toBe(2);
    expect(usage.lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'usage_error',
        command: 'train',
        message: 'unknown flag --factorz (did you mean --factors?)',
        exitCode: 2,
      }),
    ]);
    const failure = await onPipe(failing());
    expect(failure.code).toBe(1);
    const failed = failure.lines.map((l) => JSON.parse(l)).find((l) => l.event === 'failed');
    expect(failed).toMatchObject({ level: 'error', command: 'rollback', kind: 'not_found' });
    expect(failed.error.message).toMatch(/^no complete kept version/);
  });

  it('follow --log-format json on a terminal', async () => {
    const { code, screen } = await onTerminal([...failing(), '--log-format', 'json']);
    expect(code).toBe(1);
    const failed = screen
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((l) => l.event === 'failed');
    expect(failed).toMatchObject({ command: 'rollback', kind: 'not_found' });
  });
});

describe('usage errors through the logger', () => {
  async function run(argv: string[], format: LogFormat) {
    let err = '';
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => void lines.push(line), format });
    const code = await main(argv, COMMANDS, { stdout: () => {}, stderr: (t) => (err += t), logger });
    return { code, err, lines };
  }

  it('names the command, or none when the command itself is unknown', async () => {
    const unknown = await run(['nope'], 'json');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe('');
    const line = JSON.parse(unknown.lines[0] as string);
    expect(line).toMatchObject({ event: 'usage_error', exitCode: 2 });
    expect(line.command).toBeUndefined();
    expect(line.message).toMatch(/^unknown command "nope"; commands: .*train/);
    const human = await run(['nope'], 'human');
    expect(human.lines).toEqual([]);
    expect(human.err).toMatch(/^vitrine: unknown command "nope"/);
  });

  it('reports a bad --log-format value as a usage error', async () => {
    const { code, lines } = await run(['train', '--log-format', 'xml'], 'json');
    expect(code).toBe(2);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      event: 'usage_error',
      message: '--log-format must be one of json, human, got "xml"',
    });
  });
});
