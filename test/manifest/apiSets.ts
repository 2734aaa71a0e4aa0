/**
 * The requirement sets the add-in's code needs, derived from what it calls: every property, method, class and
 * enum member that src/excel, src/taskpane and src/functions use is resolved by the TypeScript checker to its
 * declaration in @types/office-js or @types/custom-functions-runtime, whose JSDoc carries "[Api set: NAME x.y]".
 */
import * as path from "path";
import * as ts from "typescript";

export interface ApiUse {
  readonly set: string;
  readonly version: string;
  readonly api: string;
  readonly file: string;
  readonly line: number;
  /** The use sits in a file that checks isSetSupported(set, ≥ version) at run time: an optional feature. */
  readonly guarded: boolean;
}

const ROOT = path.join(__dirname, "..", "..");
const TYPINGS = /node_modules[\\/]@types[\\/](office-js|custom-functions-runtime)[\\/]/;

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Run-time checks of a requirement set in a file: a call with the arguments ("Set", "x.y") in a file that
 * calls isSetSupported (directly, or through a variable bound to it: `check.call(requirements, "ExcelApi",
 * "1.9")`). A use of Set ≤ x.y in the same file is optional — the file decides at run time whether to make it.
 * File-level, so a file that checks once covers its uses; a review still has to see that the check gates them.
 */
function guardsOf(sf: ts.SourceFile): { set: string; version: string }[] {
  if (!sf.text.includes("isSetSupported")) return [];
  const out: { set: string; version: string }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const args = n.arguments;
      for (let i = 0; i + 1 < args.length; i++) {
        const [s, v] = [args[i], args[i + 1]];
        if (ts.isStringLiteral(s) && ts.isStringLiteral(v) && /^[A-Za-z]+$/.test(s.text) && /^\d+\.\d+$/.test(v.text))
          out.push({ set: s.text, version: v.text });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function apiUses(dirs: readonly string[] = ["src/excel", "src/taskpane", "src/functions"]): ApiUse[] {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const roots = parsed.fileNames.filter((f) =>
    dirs.some((d) => path.relative(ROOT, f).startsWith(d + path.sep) || path.relative(ROOT, f).startsWith(d + "/")),
  );
  const program = ts.createProgram(roots, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const uses: ApiUse[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!roots.includes(sf.fileName)) continue;
    const guards = guardsOf(sf);
    const visit = (node: ts.Node): void => {
      const target = ts.isPropertyAccessExpression(node)
        ? node.name
        : ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node.parent)
          ? node
          : undefined;
      if (target) {
        let symbol = checker.getSymbolAtLocation(target);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        for (const decl of symbol?.declarations ?? []) {
          const file = decl.getSourceFile();
          if (!TYPINGS.test(file.fileName)) continue;
          const doc = file.text.slice(decl.getFullStart(), decl.getStart(file));
          const m = /\[Api set: (\w+) ([\d.]+)/.exec(doc);
          if (!m) continue;
          const guarded = guards.some((g) => g.set === m[1] && compareVersions(g.version, m[2]) >= 0);
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
          uses.push({
            set: m[1],
            version: m[2],
            api: `${checker.getFullyQualifiedName(symbol!)}`,
            file: path.relative(ROOT, sf.fileName),
            line: line + 1,
            guarded,
          });
          break;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

/** The highest version of each set that unguarded code needs. */
export function requiredSets(uses: readonly ApiUse[]): Map<string, { version: string; api: string; where: string }> {
  const out = new Map<string, { version: string; api: string; where: string }>();
  for (const u of uses) {
    if (u.guarded) continue;
    const cur = out.get(u.set);
    if (!cur || compareVersions(u.version, cur.version) > 0)
      out.set(u.set, { version: u.version, api: u.api, where: `${u.file}:${u.line}` });
  }
  return out;
}
