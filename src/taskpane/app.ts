import type { ExcelHost } from "../excel/host";
import { Generate, TaskPaneController } from "./controller";
import { createView, TaskPaneView } from "./view";

/** Wires the page to a host: the view's buttons call the controller, the controller's states go to the view. */
export function startTaskPane(doc: Document, host: ExcelHost, generate?: Generate): { controller: TaskPaneController; view: TaskPaneView } {
  let controller: TaskPaneController | undefined;
  const view = createView(doc, {
    generate: (kind) => void controller?.generateReport(kind),
    insertTemplate: (withSample) => void controller?.insertTemplate(withSample),
    confirmTemplate: () => void controller?.confirmTemplate(),
    cancelTemplate: () => controller?.cancelTemplate(),
    saveParameters: (drafts) => void controller?.saveParameters(drafts),
    checkParameter: (name, raw) => void controller?.checkParameter(name, raw),
    select: (problem) => void controller?.select(problem),
    confirmMapping: (choice) => void controller?.confirmMapping(choice),
    cancelMapping: () => controller?.cancelMapping(),
    setApproval: (status, comment) => void controller?.setApproval(status, comment),
    consolidate: () => controller?.consolidate(),
    exportPortable: () => void controller?.exportPortable(),
  });
  controller = new TaskPaneController(host, (state) => view.render(state), generate);
  return { controller, view };
}
