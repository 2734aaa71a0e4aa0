import type { Bilingual } from "../engine/catalogue";
import type { ExcelHost } from "../excel/host";
import type { ParameterChange, ParameterEdit } from "../excel/params";
import type { TemplateRole } from "../excel/template";
import type { WriteProgress, WriteReport } from "../excel/write";
import { POLICY_PARAMETERS } from "../registry/policy";
import { generateOutputs, GenerationResult, OutputKind } from "../workbook/generate";
import { InputProblem, ownershipName, WorkbookGrid } from "../workbook/model";
import type { ProjectKey } from "../workbook/contract";
import { MappingSuggestion, mergeMappings, storedMapping, suggestMapping } from "../workbook/reader/mapping";
import { Lang, StringKey, t } from "./i18n";
import { ParameterField, parameterFields, parseParameter } from "./paramEdit";
import { ApprovalStatus, planApproval } from "./approve";

/*
 * What the task pane does, without the DOM and without Office: each button's run as a sequence of states
 * (progress, problems, outcome, next-step hint, error) handed to `render`. The host is an ExcelHost —
 * Excel.run-based in the add-in, an in-memory double in tests — so this module never touches Office.js.
 */

export type { Bilingual };

export type Params = Readonly<Record<string, string | number>>;

export interface ProgressState {
  readonly key: StringKey;
  readonly params?: Params;
  /** 0 … 1 */
  readonly fraction: number;
}

export type ReportAction = OutputKind | "all";
export type Action = ReportAction | "template" | "params" | "approval" | "consolidate" | "portable";

export interface Outcome {
  readonly action: Action;
  readonly sheets: WriteReport["sheets"];
  readonly skippedNames: readonly string[];
  /** Present for generated reports (not for the template). */
  readonly summary?: GenerationResult["summary"];
  /** Parameter writes (action "params"). */
  readonly changes?: readonly ParameterChange[];
}

export interface Hint {
  readonly key: StringKey;
  readonly params?: Params;
}

export interface PendingTemplate {
  readonly withSample: boolean;
  readonly present: readonly { readonly role: TemplateRole; readonly sheet: string }[];
  readonly missing: readonly TemplateRole[];
}

export interface PaneState {
  readonly busy: boolean;
  /** Which button's run is (or was last) in progress. */
  readonly action?: Action;
  readonly progress?: ProgressState;
  readonly problems: readonly InputProblem[];
  readonly outcome?: Outcome;
  /** A message that is not an error: "warning" (nothing written, input to fix) or "info" (nothing to do). */
  readonly notice?: Bilingual & { readonly kind: "warning" | "info" };
  readonly error?: Bilingual;
  /** What to do next, after a run. */
  readonly hint?: Hint;
  /** The parameter editor's rows (undefined until the workbook was read). */
  readonly fields?: readonly ParameterField[];
  /** Messages of parameter values that were rejected, by parameter name. */
  readonly paramErrors: Readonly<Record<string, Bilingual>>;
  /** Some template sheets exist: the pane asks whether to add only the missing ones. */
  readonly pendingTemplate?: PendingTemplate;
  /** No project table found, but a header row came close: the pane asks which column holds each missing field. */
  readonly mappingStep?: { readonly kind: ReportAction; readonly suggestion: MappingSuggestion };
  /** Counts finished runs, so the view moves focus to the result once per run. */
  readonly runs: number;
}

export type Generate = (grid: WorkbookGrid, kinds: readonly OutputKind[]) => GenerationResult;

export function both(key: StringKey, params?: Params): Bilingual {
  return { zh: t("zh", key, params), en: t("en", key, params) };
}

/** Any thrown value → a message in both languages (the Excel layer's errors already carry both). */
export function toBilingual(error: unknown): Bilingual {
  if (error && typeof error === "object" && typeof (error as Bilingual).zh === "string" && typeof (error as Bilingual).en === "string") {
    return { zh: (error as Bilingual).zh, en: (error as Bilingual).en };
  }
  const message = error instanceof Error ? error.message : String(error);
  return both("unexpectedError", { message });
}

/** Text of a bilingual message in the chosen language. */
export function pick(message: Bilingual, lang: Lang): string {
  return lang === "zh" ? message.zh : message.en;
}

/** Lets the browser paint the progress step before a synchronous computation. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const SHEET_OF_ROLE: Record<TemplateRole, StringKey> = {
  projects: "roleProjects",
  flows: "roleFlows",
  bonds: "roleBonds",
  params: "roleParams",
};

export class TaskPaneController {
  private state: PaneState = { busy: false, problems: [], paramErrors: {}, runs: 0 };

  constructor(
    private readonly host: ExcelHost,
    private readonly render: (state: PaneState) => void,
    private readonly generate: Generate = generateOutputs,
  ) {}

  get current(): PaneState {
    return this.state;
  }

  private update(patch: Partial<PaneState>): void {
    this.state = { ...this.state, ...patch };
    this.render(this.state);
  }

  /** Maps the writer's phases onto the bar between `from` and `to`. */
  private writeProgress(from: number, to: number) {
    return (p: WriteProgress) => {
      const span = to - from;
      switch (p.phase) {
        case "inspect":
          this.update({ progress: { key: "stepInspect", fraction: from } });
          break;
        case "write":
          this.update({
            progress: {
              key: "stepWrite",
              params: { done: p.done + 1, total: p.total, sheet: p.sheet ?? "" },
              fraction: from + span * (0.1 + (0.7 * p.done) / Math.max(1, p.total)),
            },
          });
          break;
        case "commit":
          this.update({ progress: { key: p.replacing ? "stepCommit" : "stepFinish", fraction: from + span * 0.85 } });
          break;
        case "rollback":
          this.update({ progress: { key: "stepRollback", fraction: from + span * 0.85 } });
          break;
        case "done":
          break;
      }
    };
  }

  private begin(action: Action, progress: ProgressState): boolean {
    if (this.state.busy) return false;
    this.update({
      busy: true,
      action,
      progress,
      problems: [],
      outcome: undefined,
      notice: undefined,
      error: undefined,
      hint: undefined,
      pendingTemplate: undefined,
      mappingStep: undefined,
    });
    return true;
  }

  private finish(patch: Partial<PaneState>): void {
    this.update({ busy: false, runs: this.state.runs + 1, ...patch });
  }

  private fail(error: unknown): void {
    this.finish({ progress: undefined, error: toBilingual(error) });
  }

  private readFields(grid: WorkbookGrid): void {
    this.state = { ...this.state, fields: parameterFields(grid) };
  }

  /** Reads the parameter cells for the editor (at start, and after the template or an edit changed them). */
  async loadParameters(): Promise<void> {
    try {
      this.readFields(await this.host.readWorkbook());
      this.render(this.state);
    } catch (error) {
      if (!this.state.busy) this.update({ error: toBilingual(error) });
    }
  }

  /** 生成年度计划表 / 生成资金平衡报告 / 生成全部: read → compute → show problems → write. */
  async generateReport(kind: ReportAction): Promise<void> {
    if (!this.begin(kind, { key: "stepRead", fraction: 0.05 })) return;
    try {
      const grid = await this.host.readWorkbook();
      this.readFields(grid);
      this.update({ progress: { key: "stepCompute", fraction: 0.3 } });
      await nextFrame();
      // 生成全部: the plan, the balance report and, where the workbook has a 债券 table, the bonds' 收支平衡表
      const result = this.generate(grid, kind === "all" ? ["plan", "balance", "bonds"] : [kind]);
      const blocked = result.problems.some((p) => p.severity === "error");
      this.update({ problems: result.problems });
      if (blocked || result.sheets.length === 0) {
        // the mapping step only when the reader found no project table (its wbClosestTable problem)
        const noTable = result.problems.some((p) => p.code === "wbClosestTable");
        const suggestion = noTable ? suggestMapping(grid, ownedSheets(grid)) : undefined;
        this.finish({
          progress: undefined,
          notice: { ...both(blocked ? "blockedByProblems" : "noOutput"), kind: "warning" },
          hint: suggestion ? { key: "hintMapping" } : blocked ? { key: "hintBlocked" } : undefined,
          mappingStep: suggestion && { kind, suggestion },
        });
        return;
      }
      const report = await this.host.writeOutputs(result.sheets, this.writeProgress(0.5, 1));
      const first = report.sheets[0]?.name ?? "";
      const last = report.sheets[report.sheets.length - 1]?.name ?? "";
      this.finish({
        progress: { key: "stepDone", fraction: 1 },
        outcome: { action: kind, sheets: report.sheets, skippedNames: report.skippedNames, summary: result.summary },
        hint:
          kind === "plan"
            ? { key: "hintAfterPlan", params: { sheet: first } }
            : { key: "hintAfterBalance", params: { sheet: kind === "all" ? (report.sheets[1]?.name ?? last) : last } },
      });
    } catch (error) {
      this.fail(error);
    }
  }

  /** 插入模板: all three sheets, or — when some exist — an offer to add only the missing ones. */
  async insertTemplate(withSample: boolean): Promise<void> {
    if (!this.begin("template", { key: "stepInspect", fraction: 0.05 })) return;
    try {
      const presence = await this.host.templatePresence();
      if (presence.missing.length === 0) {
        this.finish({
          progress: undefined,
          notice: {
            ...this.templateText(
              "templateAllPresent",
              presence.present.map((p) => p.sheet),
            ),
            kind: "info",
          },
          hint: { key: "hintAfterTemplateAgain" },
        });
        return;
      }
      if (presence.present.length > 0) {
        this.finish({ progress: undefined, pendingTemplate: { withSample, present: presence.present, missing: presence.missing } });
        return;
      }
      await this.writeTemplate(withSample, presence.missing);
    } catch (error) {
      this.fail(error);
    }
  }

  private templateText(key: StringKey, sheets: readonly string[]): Bilingual {
    return { zh: t("zh", key, { sheets: sheets.join("、") }), en: t("en", key, { sheets: sheets.join(", ") }) };
  }

  /** The offer accepted: add only the missing template sheets. */
  async confirmTemplate(): Promise<void> {
    const pending = this.state.pendingTemplate;
    if (!pending || this.state.busy) return;
    if (!this.begin("template", { key: "stepInspect", fraction: 0.05 })) return;
    try {
      await this.writeTemplate(pending.withSample, pending.missing);
    } catch (error) {
      this.fail(error);
    }
  }

  cancelTemplate(): void {
    if (this.state.pendingTemplate)
      this.update({ pendingTemplate: undefined, notice: { ...both("templateCancelled"), kind: "info" }, runs: this.state.runs + 1 });
  }

  private async writeTemplate(withSample: boolean, roles: readonly TemplateRole[]): Promise<void> {
    const report = await this.host.insertTemplate(withSample, this.writeProgress(0.1, 0.9), roles);
    this.readFields(await this.host.readWorkbook());
    this.finish({
      progress: { key: "stepDone", fraction: 1 },
      outcome: { action: "template", sheets: report.sheets, skippedNames: report.skippedNames },
      notice: report.sheets.length === 0 ? { ...both("templateEmpty"), kind: "info" } : undefined,
      hint: { key: withSample ? "hintAfterTemplateSample" : "hintAfterTemplate" },
    });
  }

  /** Live check of one field (on change): the message shows next to it before anything is saved. */
  checkParameter(name: string, raw: string): boolean {
    const spec = POLICY_PARAMETERS.find((p) => p.name === name);
    if (!spec) return false;
    const parsed = parseParameter(spec, raw);
    const { [name]: _old, ...rest } = this.state.paramErrors;
    void _old;
    this.update({ paramErrors: parsed.ok ? rest : { ...rest, [name]: parsed.message } });
    return parsed.ok;
  }

  /**
   * 保存参数: every edited field is validated first; if one is rejected nothing is written. Values equal to the
   * workbook's are not rewritten; missing parameters are created on 参数.
   */
  async saveParameters(drafts: Readonly<Record<string, string>>): Promise<void> {
    if (!this.begin("params", { key: "stepParams", fraction: 0.2 })) return;
    const errors: Record<string, Bilingual> = {};
    const edits: ParameterEdit[] = [];
    for (const [name, raw] of Object.entries(drafts)) {
      const field = this.state.fields?.find((f) => f.spec.name === name);
      const spec = field?.spec ?? POLICY_PARAMETERS.find((p) => p.name === name);
      if (!spec) continue;
      const parsed = parseParameter(spec, raw);
      if (!parsed.ok) errors[name] = parsed.message;
      else if (field?.current !== parsed.value) edits.push({ name, value: parsed.value });
    }
    const rejected = Object.keys(errors);
    if (rejected.length) {
      const labels = rejected.map((n) => POLICY_PARAMETERS.find((p) => p.name === n)!);
      this.finish({
        progress: undefined,
        paramErrors: errors,
        notice: {
          zh: t("zh", "paramsRejected", { names: labels.map((p) => p.zh).join("、"), count: rejected.length }),
          en: t("en", rejected.length === 1 ? "paramsRejectedOne" : "paramsRejected", {
            names: labels.map((p) => p.en).join(", "),
            count: rejected.length,
          }),
          kind: "warning",
        },
      });
      return;
    }
    if (edits.length === 0) {
      this.finish({ progress: undefined, paramErrors: {}, notice: { ...both("paramsUnchanged"), kind: "info" } });
      return;
    }
    try {
      const report = await this.host.writeParameters(edits);
      this.readFields(await this.host.readWorkbook());
      this.finish({
        paramErrors: {},
        progress: { key: "stepDone", fraction: 1 },
        outcome: { action: "params", sheets: [], skippedNames: [], changes: report.changes },
        hint: { key: "hintAfterParams" },
      });
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * The mapping step answered: `choice` names, per missing field, the header of the column that holds it. Every
   * field needs a column and no column serves two fields; the mapping is stored in the workbook (as the CLI's
   * --map does) and the report is generated again.
   */
  async confirmMapping(choice: Readonly<Partial<Record<ProjectKey, string>>>): Promise<void> {
    const step = this.state.mappingStep;
    if (!step || this.state.busy) return;
    const missing = step.suggestion.missing.filter((m) => !choice[m.key]);
    const chosen = Object.values(choice).filter((h): h is string => !!h);
    if (missing.length || new Set(chosen).size !== chosen.length) {
      this.update({
        notice: missing.length
          ? {
              zh: t("zh", "mappingIncomplete", { fields: missing.map((m) => m.header).join("、") }),
              en: t("en", "mappingIncomplete", { fields: missing.map((m) => m.en).join(", ") }),
              kind: "warning",
            }
          : { ...both("mappingDuplicate"), kind: "warning" },
        runs: this.state.runs + 1,
      });
      return;
    }
    if (!this.begin(step.kind, { key: "stepMapping", fraction: 0.05 })) return;
    try {
      const grid = await this.host.readWorkbook();
      await this.host.storeMapping(mergeMappings(storedMapping(grid), { projects: choice, flows: {} }));
      this.state = { ...this.state, busy: false };
    } catch (error) {
      this.fail(error);
      return;
    }
    await this.generateReport(step.kind);
  }

  cancelMapping(): void {
    if (this.state.mappingStep) this.update({ mappingStep: undefined, runs: this.state.runs + 1 });
  }

  /**
   * 写入所选行 (核准): the selected project rows get `status` (and the comment) in their 核准状态 / 核准意见
   * cells; a selection outside the project's rows writes nothing and says where to select.
   */
  async setApproval(status: ApprovalStatus, comment: string): Promise<void> {
    if (!this.begin("approval", { key: "stepRead", fraction: 0.1 })) return;
    try {
      const area = await this.host.selectedArea();
      const grid = await this.host.readWorkbook();
      const decision = planApproval(grid, area, status, comment);
      if (!decision.ok) {
        this.finish({ progress: undefined, notice: { ...decision.message, kind: "warning" } });
        return;
      }
      const report = await this.host.writeApproval(decision.plan);
      const params = { count: report.rows, ids: decision.ids.join("、"), status, range: decision.range };
      const parts = (lang: Lang) =>
        [
          t(lang, "approvalDone", { ...params, ids: decision.ids.join(lang === "zh" ? "、" : ", ") }),
          report.created.length
            ? t(lang, "approvalDoneCreated", { columns: report.created.map((c) => `“${c}”`).join(lang === "zh" ? "、" : ", ") })
            : "",
          decision.skipped > 0 ? t(lang, "approvalDoneSkipped") : "",
        ]
          .filter(Boolean)
          .join(lang === "zh" ? "" : " ");
      this.finish({
        progress: { key: "stepDone", fraction: 1 },
        notice: { zh: parts("zh"), en: parts("en"), kind: "info" },
        hint: { key: "hintAfterApproval" },
      });
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * 汇总各镇街工作簿: needs insertWorksheetsFromBase64 (ExcelApi 1.13). Where the host lacks it the pane says so;
   * either way it points to `shanty merge`, which is where consolidation runs today (issue 18 item 1).
   */
  consolidate(): void {
    if (this.state.busy) return;
    const key: StringKey = this.host.canInsertWorksheets() ? "consolidateUseCli" : "consolidateUnsupported";
    this.update({
      action: "consolidate",
      notice: { ...both(key), kind: key === "consolidateUnsupported" ? "warning" : "info" },
      error: undefined,
      outcome: undefined,
      hint: undefined,
      runs: this.state.runs + 1,
    });
  }

  /**
   * 导出通用工作簿: a copy of the workbook whose SHANTY formulas are native formulas (or values with the original
   * formula in a comment), opened as a new workbook; this workbook is not changed. Hosts that cannot hand over
   * their file get the command-line way instead.
   */
  async exportPortable(): Promise<void> {
    if (this.state.busy) return;
    if (!this.host.canExportPortable()) {
      this.update({
        action: "portable",
        notice: { ...both("portableUnsupported"), kind: "warning" },
        error: undefined,
        outcome: undefined,
        hint: undefined,
        runs: this.state.runs + 1,
      });
      return;
    }
    if (!this.begin("portable", { key: "stepPortableFile", fraction: 0.1 })) return;
    const steps = { file: ["stepPortableFile", 0.1], convert: ["stepPortableConvert", 0.4], open: ["stepPortableOpen", 0.85] } as const;
    try {
      const report = await this.host.exportPortable((phase) =>
        this.update({ progress: { key: steps[phase][0], fraction: steps[phase][1] } }),
      );
      if (!report.opened) {
        this.finish({ progress: { key: "stepDone", fraction: 1 }, notice: { ...both("portableNothing"), kind: "info" } });
        return;
      }
      const functions = (lang: Lang) => report.functions.map((f) => `${f.id}×${f.cells}`).join(lang === "zh" ? "、" : ", ");
      const text = (lang: Lang) =>
        t(lang, "portableDone", { converted: report.converted, values: report.values, functions: functions(lang) });
      this.finish({
        progress: { key: "stepDone", fraction: 1 },
        notice: { zh: text("zh"), en: text("en"), kind: "info" },
        hint: { key: "hintAfterPortable" },
      });
    } catch (error) {
      this.fail(error);
    }
  }

  /** A click on a problem: select its cell in the workbook. */
  async select(problem: InputProblem): Promise<void> {
    if (!problem.sheet) return;
    try {
      await this.host.selectCell(problem.sheet, problem.address);
      if (this.state.error) this.update({ error: undefined });
    } catch (error) {
      this.update({ error: toBilingual(error) });
    }
  }
}

export { SHEET_OF_ROLE };

/** Sheets the add-in wrote (never input, never a mapping candidate). */
function ownedSheets(grid: WorkbookGrid): Set<string> {
  const marks = new Set(["plan", "balance", "bondBalance"].map((r) => ownershipName(r as "plan").toUpperCase()));
  return new Set(grid.names.filter((n) => marks.has(n.name.toUpperCase())).map((n) => n.sheet));
}
