/** A Dockerfile read as instructions, for the static checks of the deployment files. */

export interface Instruction {
  op: string;
  args: string;
  /** Index of the build stage (one per FROM) the instruction belongs to. */
  stage: number;
}

/**
 * Dockerfile → instructions, with `\` continuations joined and comment lines dropped (also the
 * comment lines inside a continued RUN, which Docker ignores too).
 */
export function parseDockerfile(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  let stage = -1;
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      if (op.toUpperCase() === 'FROM') stage++;
      return { op: op.toUpperCase(), args: rest.join(' '), stage };
    });
}
