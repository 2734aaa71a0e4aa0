import type { OutputKind } from "../workbook/generate";
import type { InputProblem } from "../workbook/model";
import { Outcome, PaneState, pick } from "./controller";
import { isUnbalanced, Lang, list, orderVerdicts, StringKey, t, verdictName } from "./i18n";

/*
 * The task pane's DOM: binds the buttons of taskpane.html and renders a PaneState. Every piece of text that
 * can come from the workbook (sheet and project names, messages, the report sentence) is set with
 * textContent, never parsed as markup, so a project called "<img src=x onerror=…>" is shown as those characters.
 */

export interface ViewHandlers {
  generate(kind: OutputKind): void;
  insertTemplate(withSample: boolean): void;
  select(problem: InputProblem): void;
}

export interface TaskPaneView {
  render(state: PaneState): void;
  setLang(lang: Lang): void;
  readonly lang: Lang;
}

const LANG_KEY = "shanty-balance.lang";

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`taskpane.html lacks #${id}`);
  return element as T;
}

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function storedLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh"; // storage can be blocked in the Office web host's iframe
  }
}

export function createView(doc: Document, handlers: ViewHandlers): TaskPaneView {
  let lang: Lang = storedLang();
  let last: PaneState = { busy: false, problems: [] };

  const buttons = {
    template: byId<HTMLButtonElement>(doc, "btn-template"),
    plan: byId<HTMLButtonElement>(doc, "btn-plan"),
    balance: byId<HTMLButtonElement>(doc, "btn-balance"),
  };
  const sample = byId<HTMLInputElement>(doc, "chk-sample");
  const langZh = byId<HTMLButtonElement>(doc, "lang-zh");
  const langEn = byId<HTMLButtonElement>(doc, "lang-en");
  const progress = byId(doc, "progress");
  const progressBar = byId(doc, "progress-bar");
  const progressFill = byId(doc, "progress-fill");
  const progressText = byId(doc, "progress-text");
  const errorBox = byId(doc, "error");
  const noticeBox = byId(doc, "notice");
  const result = byId(doc, "result");
  const resultBody = byId(doc, "result-body");
  const problems = byId(doc, "problems");
  const problemsHeading = byId(doc, "problems-heading");
  const problemsList = byId(doc, "problems-list");

  buttons.template.addEventListener("click", () => handlers.insertTemplate(sample.checked));
  buttons.plan.addEventListener("click", () => handlers.generate("plan"));
  buttons.balance.addEventListener("click", () => handlers.generate("balance"));
  langZh.addEventListener("click", () => view.setLang("zh"));
  langEn.addEventListener("click", () => view.setLang("en"));

  const tr = (key: StringKey, params?: Readonly<Record<string, string | number>>) => t(lang, key, params);

  function applyStaticText(): void {
    doc.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    doc.querySelectorAll<HTMLElement>("[data-i18n]").forEach((node) => {
      node.textContent = tr(node.dataset.i18n as StringKey);
    });
    doc.querySelectorAll<HTMLElement>("[data-i18n-label]").forEach((node) => {
      node.setAttribute("aria-label", tr(node.dataset.i18nLabel as StringKey));
    });
    langZh.setAttribute("aria-pressed", String(lang === "zh"));
    langEn.setAttribute("aria-pressed", String(lang === "en"));
  }

  function message(box: HTMLElement, heading: StringKey | undefined, text: string | undefined): void {
    box.replaceChildren();
    box.hidden = text === undefined;
    if (text === undefined) return;
    if (heading) box.append(el(doc, "strong", "message-title", tr(heading)));
    box.append(el(doc, "span", "message-text", text));
  }

  function renderOutcome(outcome: Outcome | undefined): void {
    resultBody.replaceChildren();
    result.hidden = !outcome || outcome.sheets.length === 0;
    if (!outcome || outcome.sheets.length === 0) return;
    const names = outcome.sheets.map((s) => (s.replaced ? `${s.name}${tr("replacedNote")}` : s.name));
    resultBody.append(el(doc, "p", "result-line", tr(outcome.action === "template" ? "templateWritten" : "writtenSheets", { sheets: list(lang, names) })));
    const summary = outcome.summary;
    if (summary) {
      if (summary.projectCount > 0) resultBody.append(el(doc, "p", "result-meta", tr("projectCount", { count: summary.projectCount })));
      if (summary.sentence) resultBody.append(el(doc, "p", "result-sentence", summary.sentence));
      const verdicts = orderVerdicts(summary.verdicts);
      if (verdicts.length) {
        resultBody.append(el(doc, "h3", "result-subheading", tr("verdictsHeading")));
        const chips = el(doc, "ul", "verdicts");
        for (const [verdict, count] of verdicts) {
          const chip = el(doc, "li", isUnbalanced(verdict) ? "verdict verdict-bad" : "verdict");
          chip.title = verdict;
          chip.append(el(doc, "span", "verdict-name", verdictName(lang, verdict)), el(doc, "span", "verdict-count", String(count)));
          chips.append(chip);
        }
        resultBody.append(chips);
      }
    }
    if (outcome.skippedNames.length) resultBody.append(el(doc, "p", "result-meta", tr("skippedNames", { names: list(lang, outcome.skippedNames) })));
  }

  function renderProblems(items: readonly InputProblem[]): void {
    problemsList.replaceChildren();
    problems.hidden = items.length === 0;
    problemsHeading.textContent = tr("problemsHeading", { count: items.length });
    for (const problem of items) {
      const item = el(doc, "li");
      const where = problem.sheet ? (problem.address ? `${problem.sheet}!${problem.address}` : `${problem.sheet}（${tr("wholeSheet")}）`) : "";
      const body: HTMLElement = problem.sheet ? el(doc, "button", "problem") : el(doc, "div", "problem");
      body.classList.add(problem.severity === "error" ? "problem-error" : "problem-warning");
      if (problem.sheet) {
        (body as HTMLButtonElement).type = "button";
        body.addEventListener("click", () => handlers.select(problem));
      }
      body.append(el(doc, "span", "badge", tr(problem.severity === "error" ? "severityError" : "severityWarning")));
      if (where) body.append(el(doc, "span", "problem-where", where));
      body.append(el(doc, "span", "problem-text", lang === "zh" ? problem.zh : problem.en));
      item.append(body);
      problemsList.append(item);
    }
  }

  function renderProgress(state: PaneState): void {
    const p = state.progress;
    progress.hidden = !p;
    progress.classList.toggle("progress-done", !!p && !state.busy);
    if (!p) return;
    const percent = Math.round(Math.max(0, Math.min(1, p.fraction)) * 100);
    progressFill.style.width = `${percent}%`;
    progressBar.setAttribute("aria-valuenow", String(percent));
    progressText.textContent = tr(p.key, p.params);
  }

  const view: TaskPaneView = {
    get lang() {
      return lang;
    },
    render(state) {
      last = state;
      for (const button of Object.values(buttons)) button.disabled = state.busy;
      sample.disabled = state.busy;
      doc.body.setAttribute("aria-busy", String(state.busy));
      renderProgress(state);
      message(errorBox, "errorHeading", state.error && pick(state.error, lang));
      message(noticeBox, undefined, state.notice && pick(state.notice, lang));
      renderOutcome(state.outcome);
      renderProblems(state.problems);
    },
    setLang(next) {
      lang = next;
      try {
        globalThis.localStorage?.setItem(LANG_KEY, next);
      } catch {
        // not persisted; the switch still applies to this session
      }
      applyStaticText();
      view.render(last);
    },
  };
  applyStaticText();
  view.render(last);
  return view;
}
