import { APPROVAL_COLUMNS, defaultParameters, FLOW_COLUMNS, PARAMETERS, Parameters, PROJECT_COLUMNS, SHEET_NAMES } from "./contract";
import { a1, Cell, InputProblem, SheetModel, WorkbookGrid } from "./model";
import { BOND_COLUMNS } from "./bondContract";
import { BondRow, FlowRow, hasErrors, locateProjectTable, PlanningInput, ProjectRow, readPlanningWorkbook } from "./read";
import { idKey } from "./reader/cells";
import { originOf } from "./reader/locate";
import { buildTemplate, parametersSheet, TemplateRecord } from "./template";

/*
 * 汇总 (consolidation), 实施方案 四(一): each 镇/街道 submits its own planning workbook (项目库, 现金流, 参数); the
 * district's "三改" office checks them and consolidates them into one planning workbook. Every file is read by
 * the one workbook reader (readPlanningWorkbook), so units, layouts and typed numbers are handled per file; the
 * checks across files below name both places. Pure: the CLI (`shanty merge`) and the task pane do the file work.
 */

/** One submitted workbook, as read by a host. `label` is how messages name it (its file name). */
export interface Submission {
  readonly label: string;
  readonly grid: WorkbookGrid;
}

/** A place in one of the submitted files. */
export interface SourcePlace {
  readonly file: string;
  readonly sheet: string;
  readonly address: string;
}

export type CheckKind = "readProblem" | "duplicateId" | "projectUnderTwoTowns" | "parameterDiffers" | "townMismatch" | "noProjects";

/** One finding of the consolidation, with every place it concerns (both places for a clash). */
export interface ConsolidationCheck {
  readonly kind: CheckKind;
  readonly severity: "error" | "warning" | "notice";
  readonly zh: string;
  readonly en: string;
  readonly places: readonly SourcePlace[];
}

/** A project of the consolidated list, with the file and cell it came from. */
export type ConsolidatedProject = ProjectRow & { readonly source: SourcePlace };

/** The district's planning input (as the reader gives it for one workbook), with the sources and the checks. */
export interface ConsolidationResult extends Omit<PlanningInput, "projects" | "flows" | "problems"> {
  readonly projects: readonly ConsolidatedProject[];
  /** The cash-flow rows of the consolidated projects, as records (the district workbook's 现金流 is written from them). */
  readonly flows: readonly FlowRow[];
  readonly checks: readonly ConsolidationCheck[];
  /** Projects per file, in submission order. */
  readonly perFile: readonly { readonly file: string; readonly projects: number; readonly towns: readonly string[] }[];
  /** 项目库, 现金流, 参数 and 汇总说明 of the district workbook; empty when a check is an error. */
  readonly sheets: readonly SheetModel[];
}

export interface ConsolidationOptions {
  /** The district's own workbook: its 参数 win over the towns'. Its projects, if any, are consolidated too. */
  readonly district?: Submission;
}

/** The sheet name of the consolidation summary written with the district workbook. */
export const SUMMARY_SHEET = "汇总说明";

/** "file 项目库!A5" for messages. */
export function placeText(p: SourcePlace): string {
  const cell = p.sheet ? (p.address ? `${p.sheet}!${p.address}` : p.sheet) : "";
  return cell ? `${p.file} ${cell}` : p.file;
}

const ID_ORDER = new Intl.Collator("zh-CN", { numeric: true, sensitivity: "base" });

/** Project ids and town names are compared by one normalisation (full-width → half-width, spaces, case). */
const key = idKey;

/** A1 address of a project's cell in one of its columns. */
type CellOf = (p: ProjectRow, column: "id" | "town") => string;

/**
 * The cells of a file's projects, from the table the reader itself located (once per file: its header row, where the
 * table starts on the sheet, each column's place — a title block, a moved table, a mapped or bracketed header are
 * the reader's to resolve). A column the table lacks falls back to the 项目编号 cell.
 */
function projectCells(grid: WorkbookGrid): CellOf {
  const loc = locateProjectTable(grid);
  return (p, column) => {
    if (!loc) return a1(p.row, 0);
    const placed = loc.placement.columns[column] ?? loc.placement.columns.id;
    return a1(p.row, originOf(loc.sheet).col + loc.colStart + (placed?.col ?? 0));
  };
}

function readProblemCheck(file: string, p: InputProblem): ConsolidationCheck {
  const severity = p.severity === "error" ? "error" : p.severity === "warning" ? "warning" : "notice";
  return { kind: "readProblem", severity, zh: p.zh, en: p.en, places: [{ file, sheet: p.sheet, address: p.address }] };
}

function parameterText(v: number): string {
  return String(v);
}

/**
 * Consolidate the towns' workbooks. Errors (a file the reader rejects, the same project id in two files) stop the
 * consolidation: `sheets` is empty and every error names its places. Warnings (a project under two towns, a town
 * workbook whose 镇街 column names another town, parameters that differ) are listed and written to 汇总说明.
 */
export function consolidate(submissions: readonly Submission[], options: ConsolidationOptions = {}): ConsolidationResult {
  const checks: ConsolidationCheck[] = [];
  const projects: ConsolidatedProject[] = [];
  const flows: FlowRow[] = [];
  const bonds: BondRow[] = [];
  const perFile: { file: string; projects: number; towns: string[] }[] = [];
  const byId = new Map<string, ConsolidatedProject>();
  const byName = new Map<string, ConsolidatedProject>();
  const paramsByFile: { file: string; params: Parameters; set: Set<string>; grid: WorkbookGrid }[] = [];

  const all = options.district ? [options.district, ...submissions] : [...submissions];
  for (const sub of all) {
    const input = readPlanningWorkbook(sub.grid);
    const cellOf = projectCells(sub.grid);
    const isDistrict = sub === options.district;
    const readErrors = hasErrors(input.problems);
    const noTable = input.projects.length === 0 && !readErrors;
    for (const p of input.problems) {
      // The district workbook may hold only 参数: its missing project table is not a problem.
      if (isDistrict && input.projects.length === 0 && p.sheet === "" && p.severity === "error") continue;
      checks.push(readProblemCheck(sub.label, p));
    }
    paramsByFile.push({ file: sub.label, params: input.params, set: setParameters(sub.grid), grid: sub.grid });
    if (noTable && !isDistrict) {
      checks.push({
        kind: "noProjects",
        severity: "warning",
        zh: `${sub.label} 没有项目`,
        en: `${sub.label} holds no projects`,
        places: [{ file: sub.label, sheet: "", address: "" }],
      });
    }
    if (readErrors && !(isDistrict && input.projects.length === 0)) {
      perFile.push({ file: sub.label, projects: 0, towns: [] });
      continue;
    }
    // Town of the file: the 镇街 most of its rows name; rows naming another town are flagged.
    const townCount = new Map<string, { name: string; n: number }>();
    for (const p of input.projects) {
      if (!p.town) continue;
      const k = key(p.town);
      const e = townCount.get(k) ?? { name: p.town, n: 0 };
      e.n++;
      townCount.set(k, e);
    }
    const ranked = [...townCount.values()].sort((x, y) => y.n - x.n);
    if (!isDistrict && ranked.length > 1 && ranked[0].n > ranked[1].n) {
      const main = ranked[0].name;
      for (const p of input.projects) {
        if (p.town && key(p.town) !== key(main)) {
          checks.push({
            kind: "townMismatch",
            severity: "warning",
            zh: `${sub.label} 的其他项目都属于“${main}”，项目“${p.id}”的镇街却是“${p.town}”`,
            en: `Every other project of ${sub.label} is in "${main}", but project "${p.id}" names "${p.town}"`,
            places: [{ file: sub.label, sheet: p.sheet, address: cellOf(p, "town") }],
          });
        }
      }
    }
    const fileIds = new Set<string>();
    for (const p of input.projects) {
      const source: SourcePlace = { file: sub.label, sheet: p.sheet, address: cellOf(p, "id") };
      const cp: ConsolidatedProject = { ...p, source };
      const k = key(p.id);
      const first = byId.get(k);
      if (first) {
        checks.push({
          kind: "duplicateId",
          severity: "error",
          zh: `项目编号“${p.id}”在 ${placeText(first.source)} 和 ${placeText(source)} 各出现一次：每个项目只能由一个镇街申报`,
          en: `Project id "${p.id}" appears in ${placeText(first.source)} and in ${placeText(source)}: each project is submitted once`,
          places: [first.source, source],
        });
        continue;
      }
      const n = key(p.name);
      const sameName = byName.get(n);
      if (sameName && sameName.town && p.town && key(sameName.town) !== key(p.town)) {
        checks.push({
          kind: "projectUnderTwoTowns",
          severity: "warning",
          zh: `项目“${p.name}”同时由“${sameName.town}”（${placeText(sameName.source)}）和“${p.town}”（${placeText(source)}）申报，请核实是否为同一项目`,
          en: `Project "${p.name}" is submitted under "${sameName.town}" (${placeText(sameName.source)}) and under "${p.town}" (${placeText(source)}): check whether it is the same project`,
          places: [sameName.source, source],
        });
      }
      byId.set(k, cp);
      if (!sameName) byName.set(n, cp);
      fileIds.add(k);
      projects.push(cp);
    }
    for (const f of input.flows) if (fileIds.has(key(f.projectId))) flows.push(f);
    for (const b of input.bonds) if (fileIds.has(key(b.projectId))) bonds.push(b);
    perFile.push({ file: sub.label, projects: fileIds.size, towns: ranked.map((t) => t.name) });
  }

  // The district list is ordered by 计划年度, then 项目编号 (natural order: PG-2024-2 before PG-2024-10), whatever the
  // order of the files: the same submissions always give the same list, and so the same pooling order.
  projects.sort((x, y) => x.planYear - y.planYear || ID_ORDER.compare(x.id, y.id));
  const params = chooseParameters(paramsByFile, options.district?.label, checks);
  const blocking = checks.some((c) => c.severity === "error");
  return {
    projects,
    flows,
    bonds,
    params,
    checks,
    perFile,
    sheets: blocking ? [] : districtSheets(projects, flows, bonds, params, checks, perFile),
  };
}

/** The parameter names a workbook sets itself (a named cell with a value), as opposed to taking the default. */
function setParameters(grid: WorkbookGrid): Set<string> {
  const set = new Set<string>();
  for (const p of PARAMETERS) {
    const n = grid.names.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
    if (n && n.value !== null && n.value !== undefined && n.value !== "") set.add(p.name);
  }
  return set;
}

/**
 * The district's 参数 win. Without a district workbook, parameters that all files agree on are used; a parameter
 * that differs between towns stops the consolidation (which value is right is the district's decision, never ours).
 */
function chooseParameters(
  files: readonly { file: string; params: Parameters; set: Set<string>; grid: WorkbookGrid }[],
  district: string | undefined,
  checks: ConsolidationCheck[],
): Parameters {
  const chosen = defaultParameters();
  const districtFile = district ? files.find((f) => f.file === district) : undefined;
  for (const p of PARAMETERS) {
    const values = files.filter((f) => f.set.has(p.name)).map((f) => ({ file: f.file, v: f.params[p.name], grid: f.grid }));
    const distinct = [...new Set(values.map((x) => x.v))];
    const placeOf = (x: { file: string; grid: WorkbookGrid }): SourcePlace => {
      const n = x.grid.names.find((g) => g.name.toLowerCase() === p.name.toLowerCase());
      return { file: x.file, sheet: n?.sheet ?? SHEET_NAMES.params, address: n ? a1(n.row, n.col) : "" };
    };
    // The district's 参数 win where the district workbook sets the parameter; where it leaves it to the default, the
    // towns' values are compared as without a district workbook (a default never overrides what the towns agree on).
    if (districtFile && districtFile.set.has(p.name)) {
      chosen[p.name] = districtFile.params[p.name];
      const others = values.filter((x) => x.file !== districtFile.file && x.v !== districtFile.params[p.name]);
      for (const o of others) {
        checks.push({
          kind: "parameterDiffers",
          severity: "warning",
          zh: `参数“${p.label}”(${p.name})：${o.file} 填 ${parameterText(o.v)}，区级 ${districtFile.file} 为 ${parameterText(districtFile.params[p.name])}，采用区级数值`,
          en: `Parameter ${p.name}: ${o.file} has ${parameterText(o.v)}, the district's ${districtFile.file} ${parameterText(districtFile.params[p.name])}; the district's value is used`,
          places: [placeOf(o), placeOf({ file: districtFile.file, grid: districtFile.grid })],
        });
      }
    } else if (distinct.length > 1) {
      checks.push({
        kind: "parameterDiffers",
        severity: "error",
        zh: `参数“${p.label}”(${p.name}) 各文件不一致：${values.map((x) => `${x.file} ${parameterText(x.v)}`).join("；")}。请用 --district 指定区级工作簿（其“参数”为准）`,
        en: `Parameter ${p.name} differs between files: ${values.map((x) => `${x.file} ${parameterText(x.v)}`).join("; ")}. Name the district workbook with --district (its 参数 are used)`,
        places: values.map(placeOf),
      });
    } else if (distinct.length === 1) {
      chosen[p.name] = distinct[0];
    }
  }
  return chosen;
}

const SOURCE_FILE_HEADER = "来源文件";
const SOURCE_CELL_HEADER = "来源位置";

/** 项目库 (with the source of every row), 现金流, 参数 and 汇总说明 of the consolidated district workbook. */
function districtSheets(
  projects: readonly ConsolidatedProject[],
  flows: readonly FlowRow[],
  bonds: readonly BondRow[],
  params: Parameters,
  checks: readonly ConsolidationCheck[],
  perFile: readonly { file: string; projects: number; towns: readonly string[] }[],
): SheetModel[] {
  const projectRecords = projects.map((p) => recordOf(p, PROJECT_COLUMNS));
  const flowRecords = flows.map((f) => recordOf(f, FLOW_COLUMNS));
  const bondRecords = bonds.map((b) => recordOf(b, BOND_COLUMNS));
  const [projectSheet, flowSheet, bondSheet] = buildTemplate(projectRecords, flowRecords, bondRecords);
  // 核准状态 / 核准意见 travel with their projects: without them a 退回 project would count in the district's plan.
  const reviewed = projects.some((p) => p.approvalStatus !== undefined);
  const approvalHeaders = reviewed ? APPROVAL_COLUMNS.map((c) => c.header) : [];
  const withSource = appendColumns(
    projectSheet,
    [...approvalHeaders, SOURCE_FILE_HEADER, SOURCE_CELL_HEADER],
    projects.map((p) => [
      ...(reviewed ? [p.approvalStatus ?? null, p.approvalComment ?? null] : []),
      p.source.file,
      p.source.address ? `${p.source.sheet}!${p.source.address}` : p.source.sheet,
    ]),
  );
  const paramSheet = parametersSheet();
  const paramRows = paramSheet.rows.map((row, i) => {
    if (i === 0) return row;
    const name = PARAMETERS[i - 1].name;
    return [row[0], params[name], ...row.slice(2)];
  });
  return [
    withSource,
    flowSheet,
    ...(bonds.length > 0 ? [bondSheet] : []),
    { ...paramSheet, rows: paramRows },
    summarySheet(projects, checks, perFile),
  ];
}

/** A row read by the reader, back as a template record (values in the contract's units; yes/no as 是/否). */
function recordOf(row: object, columns: readonly { key: string }[]): TemplateRecord {
  const r: Record<string, Cell> = {};
  for (const c of columns) {
    const v = (row as Record<string, unknown>)[c.key];
    if (v !== undefined) r[c.key] = typeof v === "boolean" ? (v ? "是" : "否") : (v as Cell);
  }
  return r;
}

/** Extra columns at the right of a table sheet (its Excel table grows with them). */
export function appendColumns(sheet: SheetModel, headers: readonly string[], values: readonly (readonly Cell[])[]): SheetModel {
  const rows = sheet.rows.map((row, i) => (i === 0 ? [...row, ...headers] : [...row, ...(values[i - 1] ?? headers.map(() => null))]));
  const tables = (sheet.tables ?? []).map((t) => ({ ...t, range: { ...t.range, cols: t.range.cols + headers.length } }));
  const widths = headers.map((h) => (h === "来源文件" ? 24 : h === "核准意见" ? 30 : 14));
  return { ...sheet, rows, tables, columnWidths: [...(sheet.columnWidths ?? []), ...widths] };
}

const SEVERITY_ZH: Record<ConsolidationCheck["severity"], string> = { error: "错误", warning: "警告", notice: "说明" };

/** 汇总说明: how many files, projects per file and town, and every check with its places. */
function summarySheet(
  projects: readonly ConsolidatedProject[],
  checks: readonly ConsolidationCheck[],
  perFile: readonly { file: string; projects: number; towns: readonly string[] }[],
): SheetModel {
  const rows: Cell[][] = [];
  const line = (...cells: Cell[]) => rows.push([cells[0] ?? null, cells[1] ?? null, cells[2] ?? null, cells[3] ?? null]);
  line("汇总说明 Consolidation summary");
  line(`共汇总 ${perFile.length} 个文件、${projects.length} 个项目`, null, null, null);
  line();
  line("文件 File", "镇街 Town", "项目数 Projects", null);
  const fileHeader = rows.length - 1;
  for (const f of perFile) line(f.file, f.towns.join("、"), f.projects, null);
  line(
    "合计",
    null,
    perFile.reduce((s, f) => s + f.projects, 0),
    null,
  );
  line();
  const byTown = new Map<string, number>();
  for (const p of projects) byTown.set(p.town ?? "（未填镇街）", (byTown.get(p.town ?? "（未填镇街）") ?? 0) + 1);
  line("镇街 Town", "项目数 Projects", null, null);
  const townHeader = rows.length - 1;
  for (const [town, n] of byTown) line(town, n, null, null);
  line();
  line("检查结果 Checks", "级别 Level", "位置 Places", "说明 Message");
  const checkHeader = rows.length - 1;
  const shown = checks.filter((c) => c.kind !== "readProblem" || c.severity !== "notice");
  if (shown.length === 0) line("未发现问题 no findings", null, null, null);
  for (const c of shown) line(c.kind, SEVERITY_ZH[c.severity], c.places.map(placeText).join("；"), `${c.zh} / ${c.en}`);
  const header = (row: number, cols: number) => ({ range: { row, col: 0, rows: 1, cols }, fill: "#DEEAF6", bold: true });
  return {
    role: "consolidation",
    name: SUMMARY_SHEET,
    rows,
    columnWidths: [30, 16, 40, 80],
    highlights: [
      { range: { row: 0, col: 0, rows: 1, cols: 1 }, fill: "#FFFFFF", bold: true },
      header(fileHeader, 3),
      header(townHeader, 2),
      header(checkHeader, 4),
    ],
  };
}
