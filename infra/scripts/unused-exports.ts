/**
 * Dead-export report: every export of shared/, edge/, batch/ and infra/ that no other file
 * imports. Read with the TypeScript compiler (one program over every tracked source, tests
 * included), so an import through an `index.ts` re-export counts for the declaration it names.
 *
 * - "dead": imported by nothing and not used in its own file — delete it;
 * - "tests only": imported only by tests/ and not used in its own file — production code kept
 *   alive by its test; delete both unless the test is the point (a reference implementation);
 * - `--all` also lists exports used only inside their own file (`export` could go).
 *
 * Re-exports (`export … from`) are not uses; a namespace import or dynamic `import()` of a module
 * counts as using all of it. Run `npm run check:exports` (it reports, exit 0).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import ts from 'typescript';

const AREAS = /^(shared|edge|batch|infra)\//;

export interface ExportUse {
  /** `file:line name` */
  where: string;
  /** Files (repo-relative) that import it, its own file left out. */
  importers: string[];
  usedInOwnFile: boolean;
}

function program(root: string): ts.Program {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.tsx', '*.mts'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f !== '')
    .map((f) => resolve(root, f));
  return ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
}

/** Who imports each declaration, and which modules are imported whole. */
function collectImports(p: ts.Program, root: string) {
  const checker = p.getTypeChecker();
  const original = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const users = new Map<ts.Symbol, Set<string>>();
  const whole = new Set<string>();
  const use = (s: ts.Symbol | undefined, by: string) => {
    if (!s) return;
    const o = original(s);
    users.set(o, (users.get(o) ?? new Set()).add(by));
  };
  const moduleOf = (spec: ts.Node) => {
    const decl = checker.getSymbolAtLocation(spec)?.declarations?.[0];
    if (decl && ts.isSourceFile(decl)) whole.add(decl.fileName);
  };
  for (const sf of p.getSourceFiles()) {
    if (!sf.fileName.startsWith(`${root}/`) || sf.fileName.includes('/node_modules/')) continue;
    const by = sf.fileName.slice(root.length + 1);
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && node.importClause) {
        const { name, namedBindings } = node.importClause;
        if (name) use(checker.getSymbolAtLocation(name), by);
        if (namedBindings && ts.isNamespaceImport(namedBindings)) moduleOf(node.moduleSpecifier);
        else for (const el of namedBindings?.elements ?? []) use(checker.getSymbolAtLocation(el.name), by);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        if (node.arguments[0]) moduleOf(node.arguments[0]);
      } else if (ts.isImportTypeNode(node) && node.qualifier) {
        const q = node.qualifier;
        use(checker.getSymbolAtLocation(ts.isIdentifier(q) ? q : q.right), by);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { checker, original, users, whole };
}

/** Whether an identifier of `sf` other than the declaration's own name refers to `sym`. */
function usedIn(
  sf: ts.SourceFile,
  sym: ts.Symbol,
  checker: ts.TypeChecker,
  original: (s: ts.Symbol) => ts.Symbol,
) {
  const names = new Set((sym.declarations ?? []).map((d) => (d as ts.NamedDeclaration).name));
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isIdentifier(node) &&
      node.text === sym.name &&
      !names.has(node) &&
      !ts.isExportSpecifier(node.parent)
    ) {
      const s = checker.getSymbolAtLocation(node);
      if (s && original(s) === sym) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every export declared under shared/, edge/, batch/ or infra/ with its importers. */
export function exportUses(root: string): ExportUse[] {
  const p = program(root);
  const { checker, original, users, whole } = collectImports(p, root);
  const out: ExportUse[] = [];
  for (const sf of p.getSourceFiles()) {
    const file = sf.fileName.slice(root.length + 1);
    if (!AREAS.test(file) || file.endsWith('.d.ts') || whole.has(sf.fileName)) continue;
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    for (const ex of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const sym = original(ex);
      const decl = sym.declarations?.[0];
      // Re-exports are judged where they are declared; a default export is an entry point's.
      if (!decl || decl.getSourceFile() !== sf || ex.name === 'default') continue;
      const line = sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1;
      out.push({
        where: `${file}:${line} ${ex.name}`,
        importers: [...(users.get(sym) ?? [])].filter((u) => u !== file).sort(),
        usedInOwnFile: usedIn(sf, sym, checker, original),
      });
    }
  }
  return out.sort((a, b) => a.where.localeCompare(b.where));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const uses = exportUses(resolve(import.meta.dirname, '../..'));
  const dead = uses.filter((u) => u.importers.length === 0 && !u.usedInOwnFile);
  const testsOnly = uses.filter(
    (u) => u.importers.length > 0 && !u.usedInOwnFile && u.importers.every((f) => f.startsWith('tests/')),
  );
  console.log(`dead (${dead.length}):`);
  for (const u of dead) console.log(`  ${u.where}`);
  console.log(`tests only (${testsOnly.length}):`);
  for (const u of testsOnly) console.log(`  ${u.where}  ← ${u.importers.join(', ')}`);
  if (process.argv.includes('--all')) {
    const own = uses.filter((u) => u.importers.length === 0 && u.usedInOwnFile);
    console.log(`used only in their own file (${own.length}):`);
    for (const u of own) console.log(`  ${u.where}`);
  }
}
