import type { ExcelHost } from "../excel/host";
import type { WriteProgress, WriteReport } from "../excel/write";
import { generateOutputs, GenerationResult, OutputKind } from "../workbook/generate";
import type { InputProblem, WorkbookGrid } from "../workbook/model";
import { Lang, StringKey, t } from "./i18n";

/*
 * What the task pane does, without the DOM and without Office: each button's run as a sequence of states
 * (progress, problems, outcome, error) handed to `render`. The host is an ExcelHost — Excel.run-based in the
 * add-in, an in-memory double in tests — so this module never touches Office.js.
 */

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface ProgressState {
  readonly key: StringKey;
  readonly params?: Readonly<Record<string, string | number>>;
  /** 0 … 1 */
  readonly fraction: number;
}

export type Action = OutputKind | "template";

export interface Outcome {
  readonly action: Action;
  readonly sheets: WriteReport["sheets"];
  readonly skippedNames: readonly string[];
  /** Present for generated reports (not for the template). */
  readonly summary?: GenerationResult["summary"];
}

export interface PaneState {
  readonly busy: boolean;
  /** Which button's run is (or was last) in progress. */
  readonly action?: Action;
  readonly progress?: ProgressState;
  readonly problems: readonly InputProblem[];
  readonly outcome?: Outcome;
  /** A warning-level message (e.g. "input has errors, nothing written"). */
  readonly notice?: Bilingual;
  readonly error?: Bilingual;
}

export type Generate = (grid: WorkbookGrid, kinds: readonly OutputKind[]) => GenerationResult;

function both(key: StringKey, params?: Readonly<Record<string, string | number>>): Bilingual {
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

export class TaskPaneController {
  private state: PaneState = { busy: false, problems: [] };

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
            progress: { key: "stepWrite", params: { done: p.done + 1, total: p.total, sheet: p.sheet ?? "" }, fraction: from + span * (0.1 + (0.7 * p.done) / Math.max(1, p.total)) },
          });
          break;
        case "commit":
          this.update({ progress: { key: "stepCommit", fraction: from + span * 0.85 } });
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
    this.update({ busy: true, action, progress, problems: [], outcome: undefined, notice: undefined, error: undefined });
    return true;
  }

  private fail(error: unknown): void {
    this.update({ busy: false, progress: undefined, error: toBilingual(error) });
  }

  /** 生成年度计划表 / 生成资金平衡报告: read → compute → show problems → write. */
  async generateReport(kind: OutputKind): Promise<void> {
    if (!this.begin(kind, { key: "stepRead", fraction: 0.05 })) return;
    try {
      const grid = await this.host.readWorkbook();
      this.update({ progress: { key: "stepCompute", fraction: 0.3 } });
      await nextFrame();
      const result = this.generate(grid, [kind]);
      const blocked = result.problems.some((p) => p.severity === "error");
      this.update({ problems: result.problems });
      if (blocked || result.sheets.length === 0) {
        this.update({ busy: false, progress: undefined, notice: both(blocked ? "blockedByProblems" : "noOutput") });
        return;
      }
      const report = await this.host.writeOutputs(result.sheets, this.writeProgress(0.5, 1));
      this.update({
        busy: false,
        progress: { key: "stepDone", fraction: 1 },
        outcome: { action: kind, sheets: report.sheets, skippedNames: report.skippedNames, summary: result.summary },
      });
    } catch (error) {
      this.fail(error);
    }
  }

  /** 插入模板工作簿 (含示例数据 optional). */
  async insertTemplate(withSample: boolean): Promise<void> {
    if (!this.begin("template", { key: "stepInspect", fraction: 0.05 })) return;
    try {
      const report = await this.host.insertTemplate(withSample, this.writeProgress(0.1, 1));
      this.update({
        busy: false,
        progress: { key: "stepDone", fraction: 1 },
        outcome: { action: "template", sheets: report.sheets, skippedNames: report.skippedNames },
        notice: report.sheets.length === 0 ? both("templateEmpty") : undefined,
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
