import type { InputProblem } from "../workbook/model";
import type { ApprovalStatus } from "./approve";
import { Bilingual, Outcome, PaneState, pick, ReportAction, SHEET_OF_ROLE } from "./controller";
import { isUnbalanced, Lang, list, orderVerdicts, StringKey, t, tc, verdictName } from "./i18n";
import { groupOf, ParameterField, ParameterGroup, PARAMETER_GROUPS, formatParameter, rangeText } from "./paramEdit";
import { GROUP_CAP, groupProblems, ProblemGroup } from "./problems";

/*
 * The task pane's DOM: binds the buttons of taskpane.html and renders a PaneState. Every piece of text that
 * can come from the workbook (sheet and project names, messages, the report sentence) is set with
 * textContent, never parsed as markup, so a project called "<img src=x onerror=…>" is shown as those characters.
 * After each run the view scrolls to and focuses what the run produced (error, offer, notice, result or
 * problems) and announces it in the live region, so neither sighted nor screen-reader users lose the result.
 */

export interface ViewHandlers {
  generate(kind: ReportAction): void;
  insertTemplate(withSample: boolean): void;
  confirmTemplate(): void;
  cancelTemplate(): void;
  saveParameters(drafts: Readonly<Record<string, string>>): void;
  checkParameter(name: string, raw: string): void;
  select(problem: InputProblem): void;
  confirmMapping(choice: Readonly<Record<string, string>>): void;
  cancelMapping(): void;
  setApproval(status: ApprovalStatus, comment: string): void;
  consolidate(): void;
  exportPortable(): void;
}

export interface TaskPaneView {
  render(state: PaneState): void;
  setLang(lang: Lang): void;
  /** office.js missing, not in Excel, or requirement sets missing: the message, and every button stays disabled. */
  setUnavailable(message: Bilingual): void;
  /** Something is missing but the pane still works (e.g. the custom-functions sets): the message, buttons enabled. */
  setAdvisory(message: Bilingual): void;
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

interface ParamRow {
  readonly field: ParameterField;
  readonly input: HTMLInputElement;
  readonly reset: HTMLButtonElement;
  readonly meta: HTMLElement;
  readonly source: HTMLElement;
  readonly error: HTMLElement;
  readonly label: HTMLElement;
  readonly unit: HTMLElement;
  /** The value the input showed when the workbook was last read (what "unchanged" means). */
  shown: string;
}

export function createView(doc: Document, handlers: ViewHandlers): TaskPaneView {
  let lang: Lang = storedLang();
  let last: PaneState = { busy: false, problems: [], paramErrors: {}, runs: 0 };
  let lastRuns = 0;
  let unavailable: Bilingual | undefined;
  let advisory: Bilingual | undefined;
  const expanded = new Set<string>();

  const buttons = {
    template: byId<HTMLButtonElement>(doc, "btn-template"),
    plan: byId<HTMLButtonElement>(doc, "btn-plan"),
    balance: byId<HTMLButtonElement>(doc, "btn-balance"),
    all: byId<HTMLButtonElement>(doc, "btn-all"),
    save: byId<HTMLButtonElement>(doc, "btn-params-save"),
    missing: byId<HTMLButtonElement>(doc, "btn-template-missing"),
    cancel: byId<HTMLButtonElement>(doc, "btn-template-cancel"),
    mappingSave: byId<HTMLButtonElement>(doc, "btn-mapping-save"),
    mappingCancel: byId<HTMLButtonElement>(doc, "btn-mapping-cancel"),
    approval: byId<HTMLButtonElement>(doc, "btn-approval"),
    consolidate: byId<HTMLButtonElement>(doc, "btn-consolidate"),
    portable: byId<HTMLButtonElement>(doc, "btn-portable"),
  };
  const approvalRadios = [
    byId<HTMLInputElement>(doc, "approval-approve"),
    byId<HTMLInputElement>(doc, "approval-return"),
    byId<HTMLInputElement>(doc, "approval-submit"),
  ];
  const approvalComment = byId<HTMLInputElement>(doc, "approval-comment");
  const mapping = byId(doc, "mapping");
  const mappingIntro = byId(doc, "mapping-intro");
  const mappingFields = byId(doc, "mapping-fields");
  let mappingFor: PaneState["mappingStep"];
  const mappingSelects = new Map<string, HTMLSelectElement>();
  const radios = [byId<HTMLInputElement>(doc, "tpl-blank"), byId<HTMLInputElement>(doc, "tpl-sample")];
  const sample = radios[1];
  const langZh = byId<HTMLButtonElement>(doc, "lang-zh");
  const langEn = byId<HTMLButtonElement>(doc, "lang-en");
  const status = byId(doc, "status");
  const unavailableBox = byId(doc, "unavailable");
  const confirm = byId(doc, "template-confirm");
  const confirmText = byId(doc, "template-confirm-text");
  const paramsSummary = byId(doc, "params-summary");
  const paramsList = byId(doc, "params-list");
  const paramsDetails = byId<HTMLDetailsElement>(doc, "params-details");
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
  let rows: ParamRow[] = [];
  const groupBoxes = new Map<ParameterGroup, { box: HTMLElement; title: HTMLElement }>();
  const GROUP_KEY: Record<ParameterGroup, StringKey> = {
    fees: "paramGroupFees",
    land: "paramGroupLand",
    compensation: "paramGroupCompensation",
    bonds: "paramGroupBonds",
    stress: "paramGroupStress",
    plan: "paramGroupPlan",
    other: "paramGroupOther",
  };
  /** The section a parameter row goes in, created (in PARAMETER_GROUPS order) on first use. */
  function groupBox(group: ParameterGroup): HTMLElement {
    let g = groupBoxes.get(group);
    if (!g) {
      const box = el(doc, "div", "param-group");
      box.setAttribute("role", "group");
      const title = el(doc, "h3", "param-group-title");
      title.id = `param-group-${group}`;
      box.setAttribute("aria-labelledby", title.id);
      box.append(title);
      g = { box, title };
      groupBoxes.set(group, g);
      const later = PARAMETER_GROUPS.slice(PARAMETER_GROUPS.indexOf(group) + 1)
        .map((x) => groupBoxes.get(x)?.box)
        .find((x) => x);
      paramsList.insertBefore(box, later ?? null);
    }
    return g.box;
  }
  let rowsFields: readonly ParameterField[] | undefined;

  const tr = (key: StringKey, params?: Readonly<Record<string, string | number>>) => t(lang, key, params);
  const drafts = () =>
    Object.fromEntries(rows.filter((r) => r.input.value.trim() !== r.shown).map((r) => [r.field.spec.name, r.input.value]));

  buttons.template.addEventListener("click", () => handlers.insertTemplate(sample.checked));
  buttons.plan.addEventListener("click", () => handlers.generate("plan"));
  buttons.balance.addEventListener("click", () => handlers.generate("balance"));
  buttons.all.addEventListener("click", () => handlers.generate("all"));
  buttons.save.addEventListener("click", () => handlers.saveParameters(drafts()));
  buttons.missing.addEventListener("click", () => handlers.confirmTemplate());
  buttons.mappingSave.addEventListener("click", () =>
    handlers.confirmMapping(Object.fromEntries([...mappingSelects].map(([k, sel]) => [k, sel.value]))),
  );
  buttons.mappingCancel.addEventListener("click", () => handlers.cancelMapping());
  buttons.cancel.addEventListener("click", () => handlers.cancelTemplate());
  buttons.consolidate.addEventListener("click", () => handlers.consolidate());
  buttons.portable.addEventListener("click", () => handlers.exportPortable());
  buttons.approval.addEventListener("click", () =>
    handlers.setApproval((approvalRadios.find((r) => r.checked)?.value ?? "核准") as ApprovalStatus, approvalComment.value),
  );
  langZh.addEventListener("click", () => view.setLang("zh"));
  langEn.addEventListener("click", () => view.setLang("en"));

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

  function hintLine(state: PaneState): HTMLElement | undefined {
    if (!state.hint) return undefined;
    const p = el(doc, "p", "next-step");
    p.append(
      el(doc, "strong", "next-step-label", `${tr("nextStep")}${lang === "zh" ? "：" : ": "}`),
      doc.createTextNode(tr(state.hint.key, state.hint.params)),
    );
    return p;
  }

  function formatValue(field: ParameterField, v: unknown): string {
    return typeof v === "number" ? formatParameter(field.spec, v) : v === undefined ? "" : String(v);
  }

  function renderOutcome(state: PaneState): void {
    const outcome: Outcome | undefined = state.outcome;
    resultBody.replaceChildren();
    const changes = outcome?.changes ?? [];
    result.hidden = !outcome || (outcome.sheets.length === 0 && changes.length === 0);
    if (!outcome || result.hidden) return;
    if (outcome.action === "params") {
      resultBody.append(el(doc, "p", "result-line", tc(lang, "paramsWritten", changes.length)));
      const ul = el(doc, "ul", "changes");
      for (const c of changes) {
        const field = rows.find((r) => r.field.spec.name === c.name)?.field ?? state.fields?.find((f) => f.spec.name === c.name);
        const label = field ? (lang === "zh" ? field.spec.zh : field.spec.en) : c.name;
        const to = field ? formatParameter(field.spec, c.to) : String(c.to);
        const from = field ? formatValue(field, c.from) : String(c.from ?? "");
        ul.append(
          el(
            doc,
            "li",
            "change",
            c.created
              ? tr("paramCreated", { label, name: c.name, cell: c.cell, to })
              : tr("paramChange", { label, name: c.name, from, to }),
          ),
        );
      }
      resultBody.append(ul);
    } else {
      const names = outcome.sheets.map((s) => (s.replaced ? `${s.name}${tr("replacedNote")}` : s.name));
      resultBody.append(
        el(doc, "p", "result-line", tr(outcome.action === "template" ? "templateWritten" : "writtenSheets", { sheets: list(lang, names) })),
      );
    }
    const summary = outcome.summary;
    if (summary) {
      if (summary.projectCount > 0) resultBody.append(el(doc, "p", "result-meta", tc(lang, "projectCount", summary.projectCount)));
      if (summary.sentence) resultBody.append(el(doc, "p", "result-sentence", summary.sentence));
      const verdicts = orderVerdicts(summary.verdicts);
      if (verdicts.length) {
        resultBody.append(el(doc, "h3", "result-subheading", tr("verdictsHeading")));
        const chips = el(doc, "ul", "verdicts");
        for (const [verdict, count] of verdicts) {
          const chip = el(doc, "li", isUnbalanced(verdict) ? "verdict verdict-bad" : "verdict");
          chip.append(el(doc, "span", "verdict-name", verdictName(lang, verdict)), el(doc, "span", "verdict-count", String(count)));
          chips.append(chip);
        }
        resultBody.append(chips);
      }
    }
    if (outcome.skippedNames.length)
      resultBody.append(el(doc, "p", "result-meta", tr("skippedNames", { names: list(lang, outcome.skippedNames) })));
  }

  function problemButton(problem: InputProblem, withText: boolean): HTMLElement {
    const where = problem.sheet
      ? problem.address
        ? `${problem.sheet}!${problem.address}`
        : `${problem.sheet}（${tr("wholeSheet")}）`
      : "";
    const body: HTMLElement = problem.sheet ? el(doc, "button", "problem") : el(doc, "div", "problem");
    if (problem.sheet) {
      (body as HTMLButtonElement).type = "button";
      body.addEventListener("click", () => handlers.select(problem));
    }
    if (where) body.append(el(doc, "span", "problem-where", where));
    if (withText) body.append(el(doc, "span", "problem-text", lang === "zh" ? problem.zh : problem.en));
    return body;
  }

  function severityKey(g: ProblemGroup): StringKey {
    return g.severity === "error" ? "severityError" : g.severity === "warning" ? "severityWarning" : "severityNotice";
  }

  function renderProblems(items: readonly InputProblem[]): void {
    problemsList.replaceChildren();
    problems.hidden = items.length === 0;
    problemsHeading.textContent = tc(lang, "problemsHeading", items.length);
    for (const group of groupProblems(items)) {
      const li = el(doc, "li", `problem-group problem-${group.severity === "error" ? "error" : "warning"}`);
      const head = el(doc, "div", "group-head");
      head.append(el(doc, "span", "badge", tr(severityKey(group))));
      const title = el(doc, "span", "group-title");
      title.textContent = `${group.sheet ? `${group.sheet} · ` : ""}${lang === "zh" ? group.zh : group.en}`;
      head.append(title);
      if (group.items.length > 1) head.append(el(doc, "span", "group-count", tc(lang, "problemGroupCount", group.items.length)));
      li.append(head);
      const ul = el(doc, "ul", "group-items");
      const open = expanded.has(group.key);
      const shown = open ? group.items : group.items.slice(0, GROUP_CAP);
      // A single problem is shown with its full text; in a group the title says the cause and each line names its cell.
      for (const p of shown) {
        const item = el(doc, "li");
        item.append(problemButton(p, true));
        ul.append(item);
      }
      li.append(ul);
      const rest = group.items.length - shown.length;
      if (rest > 0) {
        const more = el(doc, "button", "btn-link problems-more", tc(lang, "problemsMore", rest));
        more.type = "button";
        more.setAttribute("aria-expanded", "false");
        more.addEventListener("click", () => {
          expanded.add(group.key);
          renderProblems(last.problems);
          const next =
            problemsList.querySelectorAll<HTMLElement>(".problem-group")[
              groupProblems(last.problems).findIndex((g) => g.key === group.key)
            ];
          next?.querySelectorAll<HTMLElement>(".problem")[GROUP_CAP]?.focus();
        });
        li.append(more);
      }
      problemsList.append(li);
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

  function buildParamRows(fields: readonly ParameterField[]): void {
    const keep = new Map(rows.map((r) => [r.field.spec.name, r]));
    const next: ParamRow[] = [];
    for (const field of fields) {
      const old = keep.get(field.spec.name);
      const shownValue = field.current === undefined ? formatParameter(field.spec, field.spec.default) : formatValue(field, field.current);
      if (old) {
        const dirty = old.input.value.trim() !== old.shown;
        next.push(Object.assign(old, { field, shown: shownValue }));
        if (!dirty) old.input.value = shownValue;
        continue;
      }
      const id = `param-${field.spec.name}`;
      const wrap = el(doc, "div", "param");
      wrap.dataset.name = field.spec.name;
      const label = el(doc, "label", "param-label");
      (label as HTMLLabelElement).htmlFor = id;
      const line = el(doc, "div", "param-input-row");
      const input = el(doc, "input", "param-input");
      input.id = id;
      input.type = "text";
      input.inputMode = "decimal";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.value = shownValue;
      input.setAttribute("aria-describedby", `${id}-meta ${id}-error`);
      const unit = el(doc, "span", "param-unit");
      const reset = el(doc, "button", "btn-link param-reset");
      reset.type = "button";
      const meta = el(doc, "p", "param-meta");
      meta.id = `${id}-meta`;
      const source = el(doc, "p", "param-source");
      const error = el(doc, "p", "param-error");
      error.id = `${id}-error`;
      error.hidden = true;
      line.append(input, unit, reset);
      wrap.append(label, line, meta, source, error);
      groupBox(groupOf(field.spec.name)).append(wrap);
      const row: ParamRow = { field, input, reset, meta, source, error, label, unit, shown: shownValue };
      input.addEventListener("change", () => handlers.checkParameter(row.field.spec.name, input.value));
      reset.addEventListener("click", () => {
        input.value = formatParameter(row.field.spec, row.field.spec.default);
        handlers.checkParameter(row.field.spec.name, input.value);
        input.focus();
      });
      next.push(row);
    }
    rows = next;
  }

  function renderParams(state: PaneState): void {
    if (state.fields && state.fields !== rowsFields) {
      buildParamRows(state.fields);
      rowsFields = state.fields;
    }
    paramsSummary.textContent = rows.length ? tc(lang, "paramsShowAll", rows.length) : tr("paramsNotLoaded");
    for (const [group, g] of groupBoxes) g.title.textContent = tr(GROUP_KEY[group]);
    for (const r of rows) {
      const spec = r.field.spec;
      r.label.textContent = lang === "zh" ? spec.zh : spec.en;
      r.unit.textContent = spec.unit;
      r.unit.hidden = spec.unit === "";
      const def = formatParameter(spec, spec.default);
      r.reset.textContent = tr("paramReset");
      r.reset.setAttribute("aria-label", tr("paramResetLabel", { label: lang === "zh" ? spec.zh : spec.en, value: def }));
      const parts = [tr("paramDefault", { value: def }), tr("paramRange", { range: pick(rangeText(spec), lang) })];
      parts.push(r.field.cell ? tr("paramCell", { cell: r.field.cell }) : tr("paramMissing"));
      r.meta.textContent = parts.join(" · ");
      r.source.textContent = tr("paramSource", { source: spec.source });
      r.source.lang = "zh-CN";
      const err = state.paramErrors[spec.name];
      r.error.hidden = !err;
      r.error.textContent = err ? pick(err, lang) : "";
      r.input.setAttribute("aria-invalid", String(!!err));
      r.input.disabled = state.busy || !!unavailable;
      r.reset.disabled = state.busy || !!unavailable;
    }
  }

  /** The mapping step: one labelled select per missing field, listing the closest header row's columns. */
  function renderMapping(state: PaneState): void {
    const step = state.mappingStep;
    mapping.hidden = !step;
    if (!step) {
      mappingFor = undefined;
      return;
    }
    const sg = step.suggestion;
    mappingIntro.textContent = tr("mappingIntro", {
      sheet: sg.sheet,
      row: sg.row + 1,
      fields: list(
        lang,
        sg.missing.map((m) => (lang === "zh" ? m.header : m.en)),
      ),
    });
    if (mappingFor !== step) {
      mappingFor = step;
      mappingFields.replaceChildren();
      mappingSelects.clear();
      for (const m of sg.missing) {
        const id = `map-${m.key}`;
        const wrap = el(doc, "div", "mapping-field");
        const label = el(doc, "label", "param-label");
        (label as HTMLLabelElement).htmlFor = id;
        label.dataset.key = m.key;
        const select = el(doc, "select", "mapping-select");
        select.id = id;
        const none = el(doc, "option", undefined, "");
        none.value = "";
        select.append(none);
        for (const h of sg.headers) {
          if (!h) continue;
          const o = el(doc, "option", undefined, h);
          o.value = h;
          select.append(o);
        }
        select.value = sg.proposal[m.key] ?? "";
        wrap.append(label, select);
        mappingFields.append(wrap);
        mappingSelects.set(m.key, select);
      }
    }
    for (const m of sg.missing) {
      const label = mappingFields.querySelector<HTMLElement>(`label[data-key="${m.key}"]`);
      if (label) label.textContent = lang === "zh" ? m.header : m.en;
      const none = mappingSelects.get(m.key)?.options[0];
      if (none) none.textContent = tr("mappingChoose");
    }
  }

  function renderConfirm(state: PaneState): void {
    const pending = state.pendingTemplate;
    confirm.hidden = !pending;
    if (!pending) return;
    const present = pending.present.map((p) => p.sheet);
    const missing = pending.missing.map((r) => tr(SHEET_OF_ROLE[r]));
    confirmText.textContent = tr("templatePartial", { present: list(lang, present), missing: list(lang, missing) });
  }

  /** After a run: the live region says what happened; focus and scroll go to what the user must read first. */
  function announceAndFocus(state: PaneState): void {
    const parts: string[] = [];
    let target: HTMLElement | undefined;
    if (state.error) {
      parts.push(pick(state.error, lang));
      target = errorBox;
    } else if (state.pendingTemplate) {
      parts.push(confirmText.textContent ?? "");
      target = buttons.missing;
    } else if (state.mappingStep) {
      if (state.notice) parts.push(pick(state.notice, lang));
      parts.push(mappingIntro.textContent ?? "");
      target = mapping;
    } else {
      if (state.notice) parts.push(pick(state.notice, lang));
      const line = resultBody.querySelector(".result-line")?.textContent;
      if (line) parts.push(line);
      if (state.hint) parts.push(`${tr("nextStep")}${lang === "zh" ? "：" : ": "}${tr(state.hint.key, state.hint.params)}`);
      const invalid = rows.find((r) => state.paramErrors[r.field.spec.name]);
      if (invalid && state.action === "params") {
        paramsDetails.open = true;
        target = invalid.input;
      } else if (!result.hidden) target = result;
      else if (!noticeBox.hidden) target = noticeBox;
      else if (!problems.hidden) target = problems;
    }
    status.textContent = parts.filter(Boolean).join(" ");
    if (target) {
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }
  }

  const view: TaskPaneView = {
    get lang() {
      return lang;
    },
    render(state) {
      last = state;
      const off = state.busy || !!unavailable;
      for (const button of [
        buttons.template,
        buttons.plan,
        buttons.balance,
        buttons.all,
        buttons.missing,
        buttons.cancel,
        buttons.mappingSave,
        buttons.mappingCancel,
        buttons.approval,
        buttons.consolidate,
        buttons.portable,
      ])
        button.disabled = off;
      for (const r of approvalRadios) r.disabled = off;
      approvalComment.disabled = off;
      for (const select of mappingSelects.values()) select.disabled = off;
      buttons.save.disabled = off || rows.length === 0;
      for (const r of radios) r.disabled = off;
      doc.body.setAttribute("aria-busy", String(state.busy));
      renderProgress(state);
      message(errorBox, "errorHeading", state.error && pick(state.error, lang));
      message(noticeBox, undefined, state.notice && pick(state.notice, lang));
      noticeBox.className = `message ${state.notice?.kind === "info" ? "message-info" : "message-warning"}`;
      renderParams(state);
      renderConfirm(state);
      renderMapping(state);
      renderOutcome(state);
      renderProblems(state.problems);
      const hint = hintLine(state);
      if (hint) (!result.hidden ? resultBody : !noticeBox.hidden ? noticeBox : resultBody).append(hint);
      if (hint && result.hidden && noticeBox.hidden) result.hidden = false;
      if (state.runs !== lastRuns && !state.busy) {
        lastRuns = state.runs;
        announceAndFocus(state);
      }
    },
    setLang(next) {
      lang = next;
      try {
        globalThis.localStorage?.setItem(LANG_KEY, next);
      } catch {
        // not persisted; the switch still applies to this session
      }
      applyStaticText();
      if (unavailable ?? advisory) message(unavailableBox, undefined, pick((unavailable ?? advisory)!, lang));
      view.render(last);
    },
    setAdvisory(msg) {
      advisory = msg;
      unavailableBox.className = "message message-info";
      unavailableBox.setAttribute("role", "status");
      message(unavailableBox, undefined, pick(msg, lang));
    },
    setUnavailable(msg) {
      unavailable = msg;
      unavailableBox.className = "message message-error";
      unavailableBox.setAttribute("role", "alert");
      message(unavailableBox, undefined, pick(msg, lang));
      view.render(last);
      status.textContent = pick(msg, lang);
    },
  };
  applyStaticText();
  view.render(last);
  return view;
}
