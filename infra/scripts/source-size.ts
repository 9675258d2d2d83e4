/**
 * The size rule of the codebase: no TypeScript file over 250 lines, no function over 80 lines.
 * Long functions are where stages hide; long files are where several jobs share one name. This
 * lists every place that breaks the rule (parsed with the TypeScript compiler, so a function is
 * a function whatever its syntax), minus an explicit allowlist whose every entry says why.
 *
 * Run `npx tsx infra/scripts/source-size.ts` (exit 1 when something is over);
 * tests/batch/source-size.test.ts keeps the rule true.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 250;
export const MAX_FUNCTION_LINES = 80;

/**
 * Files (repo-relative) or functions (`file#name`) allowed over the limit, each with its reason.
 * Only declarative tables belong here: data that reads top to bottom, not logic.
 */
export const ALLOWED: Readonly<Record<string, string>> = {
  'edge/src/openapi/document.ts':
    'declarative table: the OpenAPI paths object, one entry per route built from its zod schemas',
  'edge/src/openapi/document.ts#buildOpenApiDocument':
    'declarative table: the OpenAPI paths object, one entry per route built from its zod schemas',
  'tests/contracts/blob-store.ts#runBlobStoreContract':
    'contract suite: a list of it() cases (each measured on its own) that every BlobStore runs',
};

export interface Oversize {
  /** `file` or `file#function` */
  readonly where: string;
  readonly line: number;
  readonly lines: number;
  readonly limit: number;
}

/** Every tracked TypeScript source (not generated declarations) under `root`. */
export function trackedSources(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.mts', '*.tsx'], {
    cwd: root,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((f) => f !== '' && !f.endsWith('.d.ts'))
    .sort();
}

/** A readable name for a function node: its own name, the variable/property it is bound to, or `<anonymous>`. */
function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name))) {
    const owner =
      node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return owner + named.name.text;
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isCallExpression(parent))
    return `<callback of ${parent.expression.getText().slice(0, 40)}>`;
  return '<anonymous>';
}

/**
 * A callback handed to `describe(...)` (or `describe.each(...)(...)`) is a test suite's body, a
 * list of cases rather than one function, so it is not measured; each case (`it`) is.
 */
function isSuiteBody(node: ts.Node): boolean {
  const call = node.parent;
  if (!call || !ts.isCallExpression(call)) return false;
  const callee = call.expression.getText();
  return /^describe(\.|\(|$)/.test(callee);
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** The oversize functions of one file's text. */
export function longFunctions(file: string, text: string, limit = MAX_FUNCTION_LINES): Oversize[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Oversize[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) && node.body && !isSuiteBody(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) found.push({ where: `${file}#${nameOf(node)}`, line: start + 1, lines, limit });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every file and function over the limits under `root`, allowlisted ones left out. */
export function oversize(root: string, files = trackedSources(root)): Oversize[] {
  const found: Oversize[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    if (lines > MAX_FILE_LINES) found.push({ where: file, line: 1, lines, limit: MAX_FILE_LINES });
    found.push(...longFunctions(file, text));
  }
  return found.filter((o) => !(o.where in ALLOWED));
}

function main(): void {
  const root = resolve(import.meta.dirname, '../..');
  const found = oversize(root);
  for (const o of found) console.log(`${o.where}:${o.line}  ${o.lines} lines (limit ${o.limit})`);
  console.log(
    found.length === 0 ? 'source-size: nothing over the limits' : `source-size: ${found.length} over`,
  );
  process.exitCode = found.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
