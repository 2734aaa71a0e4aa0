import * as fs from "fs";
import * as path from "path";
import ts from "typescript";

/*
 * The office.js double for the browser test: support/fakeExcel.ts and the office-addin-mock it is built on
 * (the same modules the jest tests use, no copy), wrapped in a tiny CommonJS loader, plus minimal Office /
 * Excel / CustomFunctions globals. office-addin-manifest is replaced by the same stub jest maps it to.
 */

const ROOT = path.resolve(__dirname, "../..");

function transpile(file: string): string {
  return ts.transpileModule(fs.readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  }).outputText;
}

/** id → CommonJS source; `require` inside each resolves by the ids below. */
function modules(): Record<string, string> {
  const mock = path.dirname(require.resolve("office-addin-mock"));
  const lib = (name: string) => fs.readFileSync(path.join(mock, `${name}.js`), "utf8");
  return {
    "office-addin-mock": lib("main"),
    "./officeMockObject": lib("officeMockObject"),
    "./host": lib("host"),
    "./possibleErrors": lib("possibleErrors"),
    "./objectData": lib("objectData"),
    "office-addin-manifest": fs.readFileSync(path.join(ROOT, "test/support/office-addin-manifest-stub.js"), "utf8"),
    fakeExcel: transpile(path.join(ROOT, "support/fakeExcel.ts")),
  };
}

export function officeDouble(): string {
  const defs = Object.entries(modules())
    .map(([id, source]) => `${JSON.stringify(id)}: function (module, exports, require) {\n${source}\n}`)
    .join(",\n");
  return `(function () {
  var defs = {${defs}};
  var cache = {};
  function load(id) {
    id = id.replace(/\\.js$/, "");
    if (cache[id]) return cache[id].exports;
    if (!defs[id]) throw new Error("office double: no module " + id);
    var module = (cache[id] = { exports: {} });
    defs[id](module, module.exports, load);
    return module.exports;
  }
  var excel = load("fakeExcel").createFakeExcel(window.__initialWorkbook || { sheets: [{ name: "Sheet1" }] });
  window.__fakeExcel = excel;
  window.__excelRuns = 0;
  var info = { host: window.__hostName === undefined ? "Excel" : window.__hostName, platform: "OfficeOnline" };
  // The file API of 导出通用工作簿: the test puts the workbook's bytes (base64) in window.__fileBase64; slices of
  // 64 KB as Excel on iPad sends them, so the pane must join several.
  function fileBytes() {
    var text = atob(window.__fileBase64 || "");
    var bytes = new Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
  window.__openFiles = 0;
  var documentApi = {
    getFileAsync: function (type, options, callback) {
      if (type !== "compressed") throw new Error("office double: unexpected file type " + type);
      var bytes = fileBytes();
      var size = 65536;
      window.__openFiles++;
      var file = {
        size: bytes.length,
        sliceCount: Math.ceil(bytes.length / size),
        getSliceAsync: function (i, cb) {
          setTimeout(function () { cb({ status: "succeeded", value: { data: bytes.slice(i * size, (i + 1) * size), index: i } }); }, 0);
        },
        closeAsync: function (cb) { window.__openFiles--; setTimeout(function () { if (cb) cb({ status: "succeeded" }); }, 0); },
      };
      setTimeout(function () { callback({ status: "succeeded", value: file }); }, 0);
    },
  };
  window.Office = {
    HostType: { Excel: "Excel" },
    FileType: { Compressed: "compressed" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    context: { displayLanguage: "zh-CN", document: documentApi, requirements: { isSetSupported: function (name, version) { return !(window.__missingSets || []).includes(name + " " + version); } } },
    onReady: function (callback) {
      return new Promise(function (resolve) {
        setTimeout(function () { if (callback) callback(info); resolve(info); }, 0);
      });
    },
  };
  window.__actions = {};
  window.Office.actions = { associate: function (name, handler) { window.__actions[name] = handler; } };
  window.Office.addin = { showAsTaskpane: function () { window.__shownAsTaskpane = (window.__shownAsTaskpane || 0) + 1; return Promise.resolve(); } };
  window.__createdWorkbooks = [];
  window.Excel = {
    run: function (batch) { window.__excelRuns++; return excel.run(batch); },
    createWorkbook: function (base64) { window.__createdWorkbooks.push(base64); return Promise.resolve(); },
  };
  window.CustomFunctions = {
    associate: function () {},
    Error: function (code, message) { this.code = code; this.message = message; },
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!" },
  };
})();`;
}
