import { officeHost } from "../excel/host";
import { startTaskPane } from "./app";
import { availability, detectCapabilities, unavailableReason } from "./availability";
import { registerCommands } from "./commands";
import { createView } from "./view";

/*
 * Task pane entry. The page is the add-in's shared runtime: the custom functions bundle (functions.js) runs
 * in it too, and so do the ribbon commands. Excel work goes through officeHost (one Excel.run per action).
 * When office.js did not load, the page is not inside Excel, or Excel lacks a requirement set, the pane says so
 * and keeps every button disabled.
 */
const office = (globalThis as { Office?: typeof Office }).Office;
if (!office) {
  createView(document, {
    generate: () => undefined,
    insertTemplate: () => undefined,
    confirmTemplate: () => undefined,
    cancelTemplate: () => undefined,
    saveParameters: () => undefined,
    checkParameter: () => undefined,
    select: () => undefined,
    confirmMapping: () => undefined,
    cancelMapping: () => undefined,
    setApproval: () => undefined,
    consolidate: () => undefined,
    exportPortable: () => undefined,
  }).setUnavailable(unavailableReason(undefined, undefined)!);
} else {
  void office.onReady((info) => {
    const { controller, view } = startTaskPane(document, officeHost());
    const reason = unavailableReason(office, info?.host ? String(info.host) : null);
    if (reason) {
      view.setUnavailable(reason);
      return;
    }
    // e.g. volume-licensed Office 2019: the pane works, the SHANTY functions cannot calculate — say so, keep going
    const partial = availability(detectCapabilities(office));
    if (partial.level === "partial") view.setAdvisory({ zh: partial.zh, en: partial.en });
    registerCommands(office as unknown as Parameters<typeof registerCommands>[0], controller);
    void controller.loadParameters();
  });
}
