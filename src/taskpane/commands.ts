import type { ReportAction, TaskPaneController } from "./controller";

/*
 * The ribbon's one-click commands (manifest: ExecuteFunction generatePlan / generateBalance / generateAll). In
 * the shared runtime they call the same controller as the pane's buttons, so the pane shows the outcome; the
 * pane is opened first so that progress and result are visible.
 */

export const COMMANDS: Readonly<Record<string, ReportAction>> = {
  generatePlan: "plan",
  generateBalance: "balance",
  generateAll: "all",
};

interface ActionsLike {
  associate(name: string, handler: (event: { completed(): void }) => unknown): void;
}

interface OfficeCommandsLike {
  readonly actions?: ActionsLike;
  readonly addin?: { showAsTaskpane?(): Promise<void> };
}

export function registerCommands(office: OfficeCommandsLike, controller: TaskPaneController): string[] {
  if (!office.actions) return [];
  for (const [name, kind] of Object.entries(COMMANDS)) {
    office.actions.associate(name, async (event) => {
      try {
        await office.addin?.showAsTaskpane?.();
      } catch {
        // the pane may already be open, or the host cannot open it; the run goes on
      }
      try {
        await controller.generateReport(kind);
      } finally {
        event.completed();
      }
    });
  }
  return Object.keys(COMMANDS);
}
