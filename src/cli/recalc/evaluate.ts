import { DetailedCellError, HyperFormula } from "hyperformula";
import type { RawCellContent, SerializedNamedExpression } from "hyperformula";
import { a1, colIndex } from "../../workbook/address";
import { exactValues, HF_CONFIG, LOGICAL_NAMES, registerShantyFunctions } from "../hfPlugin";
import { ShantyFileError } from "../xlsx";
import { bilingualMessage } from "./messages";
import { asBytes, rangeBounds, scanSheet, scanSheetCell, type WorkbookPackage } from "./package";
import {
  key,
  plainOut,
  same,
  storedValue,
  type CellErrorReport,
  type CellOut,
  type Evaluation,
  type NotRecalculated,
  type Patch,
} from "./cells";
import { collectGarbage, phase } from "./profile";
import { formulaShape, MAX_NESTING, slideFormula, toHfFormula, type FormulaContext, type FormulaShape, type TableInfo } from "./translate";

/*
 * Evaluation for `shanty recalc`: HyperFormula's sheets are built straight from the sheet XML (one
 * buildFromSheets call, no intermediate workbook objects), the formula cells are evaluated, and the result is
 * the list of cell values to write back — only those that changed.
 *
 * - shared formulas are expanded by sliding the master's relative references to each cell;
 * - array formulas (<f t="array" ref=…>, legacy CSE and dynamic arrays with cm=…) are evaluated once at their
 *   top-left cell and fill the cells of ref; a result larger than ref is cut to it when it cannot spill;
 * - a plain single-cell formula whose result is a table shows its top-left value (as Excel does for a legacy
 *   formula); implicit intersection of a bare range is not emulated;
 * - a formula that cannot be evaluated — a function HyperFormula does not know (CONCAT, LET, INDIRECT …), a
 *   name it cannot resolve, a formula it cannot parse, nesting deeper than Excel's 64 levels, a data table —
 *   keeps its cached value, which its dependents then compute with, and is listed as not recalculated.
 */

type Kind = "plain" | "array";

interface Formula {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
  readonly kind: Kind;
  hf: string;
  readonly ref?: { top: number; left: number; bottom: number; right: number };
  /** The cached value in the file (undefined: none). */
  readonly cached: CellOut | undefined;
  /** The cached value as HyperFormula content, used when the formula turns out not to be computable. */
  readonly cachedContent: RawCellContent;
  /** Offsets of the cell element in the sheet XML. */
  readonly start: number;
  readonly end: number;
  /** Rows its references span (with its own row and array range); local: only plain references on its own sheet. */
  readonly rowMin: number;
  readonly rowMax: number;
  readonly local: boolean;
  /** A shared formula's master (its text is slid to this cell). */
  readonly master?: { readonly row: number; readonly col: number; readonly text: string };
}

export { COLS, key, same, storedValue } from "./cells";
export type { CellErrorReport, CellOut, Evaluation, NotRecalculated, Patch } from "./cells";

/** Formula cells per HyperFormula instance when a workbook splits into independent row blocks (memory ∝ block). */
export const BLOCK_FORMULAS = Number(process.env.SHANTY_RECALC_BLOCK) > 0 ? Number(process.env.SHANTY_RECALC_BLOCK) : 20_000;

const EXCEL_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]);
const EMPTY_ROW: RawCellContent[] = [];
const EMPTY_BUFFER = Buffer.alloc(0);

let knownFunctions: Set<string> | undefined;
function functionKnown(name: string): boolean {
  knownFunctions ??= new Set(HyperFormula.getRegisteredFunctionNames("enGB").map((n) => n.toUpperCase()));
  return knownFunctions.has(name);
}

/** HyperFormula's value → the value to write. */
export function toOut(v: unknown, anchor: boolean): CellOut {
  if (v instanceof DetailedCellError) return { t: "e", text: EXCEL_ERRORS.has(v.value) ? v.value : "#VALUE!" };
  return plainOut(v as number | string | boolean | null, anchor);
}

/** Workbook names → named expressions under aliases, and the alias map each sheet's formulas see. */
function namedExpressions(
  pkg: WorkbookPackage,
  tables: ReadonlyMap<string, TableInfo>,
): { list: SerializedNamedExpression[]; aliases: Map<string, string>[] } {
  const sheetCount = pkg.sheets.length;
  const global = new Map<string, string>();
  const local: Map<string, string>[] = pkg.sheets.map(() => new Map());
  const usable = pkg.names.filter(
    (n) => n.name && !n.name.startsWith("_xlnm.") && (n.localSheetId === undefined || n.localSheetId < sheetCount),
  );
  usable.forEach((n, i) =>
    (n.localSheetId === undefined ? global : local[n.localSheetId]).set(n.name.toLowerCase(), `SHANTY_NAME_${i + 1}`),
  );
  const aliases = local.map((own) => new Map([...global, ...own]));
  // A throwaway engine over the sheet names checks each expression, so that one bad name cannot stop the build.
  const probe = HyperFormula.buildFromSheets(Object.fromEntries(pkg.sheets.map((s) => [s.name, []])), { ...HF_CONFIG });
  const list: SerializedNamedExpression[] = [];
  try {
    usable.forEach((n, i) => {
      const scope = n.localSheetId;
      const ctx: FormulaContext = { sheet: pkg.sheets[scope ?? 0].name, row: 0, col: 0, tables, nameAliases: aliases[scope ?? 0] };
      const expression = toHfFormula(n.body, ctx);
      const alias = `SHANTY_NAME_${i + 1}`;
      let ok = false;
      try {
        ok = formulaShape(expression).depth <= MAX_NESTING && probe.isItPossibleToAddNamedExpression(alias, expression, scope);
      } catch {
        ok = false;
      }
      if (ok) list.push(scope === undefined ? { name: alias, expression } : { name: alias, expression, scope });
    });
  } finally {
    probe.destroy();
  }
  return { list: [...LOGICAL_NAMES, ...list], aliases };
}

/** Evaluate every formula of the package. Throws ShantyFileError when HyperFormula cannot take the workbook at all. */
export async function evaluatePackage(pkg: WorkbookPackage): Promise<Evaluation> {
  registerShantyFunctions();
  const tables = new Map(pkg.tables.map((t) => [t.name.toLowerCase(), t] as const));
  const { list: names, aliases } = namedExpressions(pkg, tables);

  const formulas: Formula[] = [];
  let nonLocal = false;
  const notRecalculated: NotRecalculated[] = [];
  const sheets: Record<string, RawCellContent[][]> = {};
  const sheetXml = new Map<number, string>();
  /** Non-anchor cells of array formulas: key → the cell's stored value, per sheet. */
  const covered: Map<number, { out: CellOut | undefined; start: number; end: number }>[] = pkg.sheets.map(() => new Map());

  for (let s = 0; s < pkg.sheets.length; s++) {
    const ref = pkg.sheets[s];
    const content: RawCellContent[][] = [];
    sheets[ref.name] = content;
    if (!ref.isWorksheet) continue;
    const bytes = pkg.parts.get(ref.path);
    if (!bytes) continue;
    const xml = asBytes(bytes);
    pkg.parts.set(ref.path, EMPTY_BUFFER); // the text is kept instead (sheetXml); patch.ts puts the bytes back
    sheetXml.set(s, xml);
    const masters = new Map<string, { row: number; col: number; text: string }>();
    const arrayCells = new Set<number>();
    const put = (r: number, c: number, v: RawCellContent) => {
      if (v === null || v === undefined) return;
      let row = content[r];
      if (!row) content[r] = row = [];
      row[c] = v;
    };
    scanSheet(xml, (c) => {
      const stored = storedValue(c, pkg);
      if (!c.f) {
        const k = key(c.row, c.col);
        if (arrayCells.has(k)) {
          covered[s].set(k, { out: stored.out, start: c.start, end: c.end }); // room for the array formula's values
          return;
        }
        put(c.row, c.col, stored.content);
        return;
      }
      const ft = c.f.attrs.t ?? "normal";
      let text: string | undefined = c.f.text.trim() === "" ? undefined : c.f.text;
      let reason: string | undefined;
      let master: Formula["master"];
      if (ft === "shared") {
        const si = c.f.attrs.si ?? "";
        if (text !== undefined) masters.set(si, { row: c.row, col: c.col, text });
        else {
          master = masters.get(si);
          if (master) text = slideFormula(master.text, c.row - master.row, c.col - master.col);
          else reason = "共享公式缺少主单元格（shared formula without its master cell）";
        }
      } else if (ft === "dataTable") {
        reason = "模拟运算表（数据表）不能在本工具中计算（data tables are not evaluated）";
      }
      const address = a1(c.row, c.col);
      if (text === undefined && !reason) reason = "公式为空（empty formula）";
      let kind: Kind = "plain";
      let bounds: Formula["ref"];
      if (ft === "array" && c.f.attrs.ref) {
        const b = rangeBounds(c.f.attrs.ref);
        if (b && (b.bottom > b.top || b.right > b.left)) {
          kind = "array";
          bounds = b;
        }
      }
      let hf = "";
      let shape: FormulaShape | undefined;
      if (!reason) {
        const ctx: FormulaContext = { sheet: ref.name, row: c.row, col: c.col, tables, nameAliases: aliases[s] };
        hf = toHfFormula(text!, ctx);
        shape = formulaShape(hf, ref.name, c.row);
        const unknown = [...new Set(shape.functions.filter((f) => !functionKnown(f)))];
        if (unknown.length)
          reason = `本工具不认识函数 ${unknown.join("、")}，保留原值（unknown function ${unknown.join(", ")}: cached value kept）`;
        else if (shape.external) reason = "引用其他工作簿（外部链接），保留原值（refers to another workbook: cached value kept）";
        else if (shape.depth > MAX_NESTING) reason = `公式嵌套超过 ${MAX_NESTING} 层（nested deeper than ${MAX_NESTING} levels）`;
      }
      if (reason) {
        notRecalculated.push({ sheet: ref.name, address, formula: text ?? "", reason });
        put(c.row, c.col, stored.content);
        return;
      }
      if (bounds) {
        for (let r = bounds.top; r <= bounds.bottom; r++)
          for (let cc = bounds.left; cc <= bounds.right; cc++) if (r !== c.row || cc !== c.col) arrayCells.add(key(r, cc));
      }
      if (!shape!.local) nonLocal = true;
      // Large workbooks that may split into row blocks keep no formula text meanwhile (it is made again per
      // block): the texts of 100,000 formulas would be the largest thing in memory.
      const keep = nonLocal || formulas.length < BLOCK_FORMULAS;
      formulas.push({
        sheet: s,
        row: c.row,
        col: c.col,
        kind,
        hf: keep ? hf : "",
        master,
        ref: bounds,
        cached: stored.out,
        cachedContent: stored.content,
        start: c.start,
        end: c.end,
        rowMin: Math.min(shape!.rowMin, bounds?.top ?? c.row),
        rowMax: Math.max(shape!.rowMax, bounds?.bottom ?? c.row),
        local: shape!.local,
      });
      if (keep) put(c.row, c.col, hf);
    });
    for (let r = 0; r < content.length; r++) if (!content[r]) content[r] = EMPTY_ROW;
  }

  phase("scan and translate");

  const blocks = rowBlocks(formulas, pkg.sheets.length);
  const patches = new Map<number, Map<number, Patch>>();
  const errors: CellErrorReport[] = [];
  let evaluated = 0;
  const sheetNames = pkg.sheets.map((x) => x.name);
  /** A formula's HyperFormula text, made again from the sheet XML when it was not kept. */
  const hfText = (f: Formula): string => {
    if (f.hf) return f.hf;
    const xml = sheetXml.get(f.sheet)!;
    let text = f.master ? slideFormula(f.master.text, f.row - f.master.row, f.col - f.master.col) : undefined;
    if (text === undefined) scanSheetCell(xml.slice(f.start, f.end), (c) => (text = c.f?.text));
    const ctx: FormulaContext = { sheet: pkg.sheets[f.sheet].name, row: f.row, col: f.col, tables, nameAliases: aliases[f.sheet] };
    return toHfFormula(text ?? "", ctx);
  };
  for (const block of blocks) {
    const touched = new Set<RawCellContent[][]>();
    for (const f of block.formulas) {
      if (f.hf) continue;
      f.hf = hfText(f);
      const content = sheets[pkg.sheets[f.sheet].name];
      if (!content[f.row] || content[f.row] === EMPTY_ROW) content[f.row] = [];
      content[f.row][f.col] = f.hf;
      touched.add(content);
    }
    for (const content of touched) for (let r = 0; r < content.length; r++) if (!content[r]) content[r] = EMPTY_ROW;
    let input: Record<string, RawCellContent[][]> = sheets;
    if (block.sheet >= 0) {
      // only this block's rows of its sheet; the other sheets empty (no formula of the workbook refers elsewhere)
      input = Object.fromEntries(sheetNames.map((n) => [n, [] as RawCellContent[][]]));
      const content = sheets[sheetNames[block.sheet]];
      const rows: RawCellContent[][] = new Array(Math.min(block.hi + 1, content.length));
      for (let r = 0; r < rows.length; r++) rows[r] = r < block.lo ? EMPTY_ROW : content[r];
      input[sheetNames[block.sheet]] = rows;
    }
    const result = evaluateBlock(input, names, block.formulas, pkg, covered, notRecalculated);
    if (block.sheet >= 0) {
      // the block's cells are done with: let them go before the next block is built
      const content = sheets[sheetNames[block.sheet]];
      for (let r = block.lo; r <= block.hi && r < content.length; r++) content[r] = EMPTY_ROW;
      for (const f of block.formulas) f.hf = "";
      if (blocks.length > 1) collectGarbage();
    }
    evaluated += result.evaluated;
    errors.push(...result.errors);
    for (const [sheet, m] of result.patches) {
      const all = patches.get(sheet);
      if (!all) patches.set(sheet, m);
      else for (const [k, v] of m) all.set(k, v);
    }
    phase(
      `HyperFormula block ${block.sheet >= 0 ? `${sheetNames[block.sheet]} rows ${block.lo + 1}–${block.hi + 1}` : "whole workbook"} (${block.formulas.length} formulas)`,
    );
  }
  const order = (x: { sheet: string; address: string }) => [
    pkg.sheets.findIndex((s) => s.name === x.sheet),
    rowOf(x.address),
    colOf(x.address),
  ];
  const byPosition = (x: { sheet: string; address: string }, y: { sheet: string; address: string }) => {
    const a = order(x);
    const b = order(y);
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  };
  errors.sort(byPosition);
  notRecalculated.sort(byPosition);
  return { formulas: evaluated, errors, notRecalculated, patches, sheetXml };
}

interface Block {
  /** −1: the whole workbook in one engine. */
  readonly sheet: number;
  readonly lo: number;
  readonly hi: number;
  readonly formulas: Formula[];
}

/**
 * Independent row blocks: when every formula of the workbook refers only to plain cells and ranges of its own
 * sheet, a sheet falls into runs of rows that no formula crosses; those are evaluated in separate engines of
 * about BLOCK_FORMULAS formulas each, so memory follows the block, not the sheet. Otherwise: one engine.
 */
function rowBlocks(formulas: Formula[], sheetCount: number): Block[] {
  if (formulas.length <= BLOCK_FORMULAS || !formulas.every((f) => f.local)) {
    return [{ sheet: -1, lo: 0, hi: 0, formulas }];
  }
  const blocks: Block[] = [];
  for (let s = 0; s < sheetCount; s++) {
    const list = formulas.filter((f) => f.sheet === s).sort((a, b) => a.rowMin - b.rowMin);
    let current: Formula[] = [];
    let lo = 0;
    let hi = -1;
    for (const f of list) {
      if (current.length >= BLOCK_FORMULAS && f.rowMin > hi) {
        blocks.push({ sheet: s, lo, hi, formulas: current });
        current = [];
      }
      if (current.length === 0) {
        lo = f.rowMin;
        hi = f.rowMax;
      }
      current.push(f);
      if (f.rowMin < lo) lo = f.rowMin;
      if (f.rowMax > hi) hi = f.rowMax;
    }
    if (current.length > 0) blocks.push({ sheet: s, lo, hi, formulas: current });
  }
  return blocks;
}

/** Build one engine, evaluate its formulas, return their values (changed ones), errors and count. */
function evaluateBlock(
  input: Record<string, RawCellContent[][]>,
  names: SerializedNamedExpression[],
  formulas: Formula[],
  pkg: WorkbookPackage,
  covered: Map<number, { out: CellOut | undefined; start: number; end: number }>[],
  notRecalculated: NotRecalculated[],
): { evaluated: number; errors: CellErrorReport[]; patches: Map<number, Map<number, Patch>> } {
  let hf: HyperFormula;
  try {
    hf = exactValues(HyperFormula.buildFromSheets(input as never, { ...HF_CONFIG }, names));
  } catch (e) {
    throw new ShantyFileError(`无法计算该工作簿：${(e as Error).message}`, `Cannot evaluate the workbook: ${(e as Error).message}`);
  }
  try {
    const addr = (f: Formula) => ({ sheet: f.sheet, row: f.row, col: f.col });
    // Second pass: formulas HyperFormula cannot parse or resolve keep their cached values; single-cell formulas
    // that HyperFormula turned into arrays show their top-left value; array formulas that could not spill are
    // cut to their range.
    const rewrites: { f: Formula; content: RawCellContent }[] = [];
    const dropped = new Set<Formula>();
    for (const f of formulas) {
      const v = hf.getCellValue(addr(f));
      if (
        v instanceof DetailedCellError &&
        (v.type === "ERROR" || v.type === "NAME") &&
        /^(Parsing error|Function name|Named expression)/.test(v.message ?? "")
      ) {
        const own = hf.simpleCellAddressToString(addr(f), { includeSheetName: true });
        if (!v.address || v.address === own) {
          dropped.add(f);
          rewrites.push({ f, content: f.cachedContent });
          notRecalculated.push({
            sheet: pkg.sheets[f.sheet].name,
            address: a1(f.row, f.col),
            formula: f.hf.slice(1),
            reason: `${bilingualMessage(v.type, v.message ?? "", f.hf)}，保留原值（cached value kept）`,
          });
          continue;
        }
      }
      if (f.kind !== "array" && hf.isCellPartOfArray(addr(f))) {
        f.hf = `=INDEX(${f.hf.slice(1)},1,1)`;
        rewrites.push({ f, content: f.hf });
      } else if (f.kind === "array" && f.ref && v instanceof DetailedCellError && v.type === "SPILL") {
        f.hf = `=ARRAY_CONSTRAIN(${f.hf.slice(1)},${f.ref.bottom - f.ref.top + 1},${f.ref.right - f.ref.left + 1})`;
        rewrites.push({ f, content: f.hf });
      }
    }
    if (rewrites.length > 0) {
      hf.batch(() => {
        for (const { f, content } of rewrites) hf.setCellContents(addr(f), [[content]]);
      });
    }

    const patches = new Map<number, Map<number, Patch>>();
    const patch = (sheet: number, row: number, col: number, before: CellOut | undefined, after: CellOut, start?: number, end?: number) => {
      if (same(before, after)) return;
      let m = patches.get(sheet);
      if (!m) patches.set(sheet, (m = new Map()));
      m.set(key(row, col), { out: after, start, end });
    };
    const errors: CellErrorReport[] = [];
    let evaluated = 0;
    for (const f of formulas) {
      if (dropped.has(f)) continue;
      evaluated++;
      const value = hf.getCellValue(addr(f));
      patch(f.sheet, f.row, f.col, f.cached, toOut(value, true), f.start, f.end);
      if (value instanceof DetailedCellError) {
        errors.push({
          sheet: pkg.sheets[f.sheet].name,
          address: a1(f.row, f.col),
          error: value.value,
          message: bilingualMessage(value.type, value.message ?? "", f.hf),
        });
      }
      if (f.kind === "array" && f.ref) {
        const cov = covered[f.sheet];
        for (let r = f.ref.top; r <= f.ref.bottom; r++) {
          for (let c = f.ref.left; c <= f.ref.right; c++) {
            if (r === f.row && c === f.col) continue;
            const v = hf.getCellValue({ sheet: f.sheet, row: r, col: c });
            const old = cov.get(key(r, c));
            patch(f.sheet, r, c, old?.out, toOut(v, false), old?.start, old?.end);
          }
        }
      }
    }
    return { evaluated, errors, patches };
  } finally {
    hf.destroy();
  }
}

function rowOf(address: string): number {
  return Number(/\d+$/.exec(address)?.[0] ?? 0);
}

function colOf(address: string): number {
  return colIndex(/^[A-Z]+/.exec(address)?.[0] ?? "") + 1;
}
