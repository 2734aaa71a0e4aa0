import { officeHost } from "../excel/host";
import { startTaskPane } from "./app";

/*
 * Task pane entry. The page is the add-in's shared runtime: the custom functions bundle (functions.js) runs
 * in it too. Excel work goes through officeHost (one Excel.run per action); the rest is in app/controller/view.
 */
Office.onReady(() => {
  startTaskPane(document, officeHost());
});
