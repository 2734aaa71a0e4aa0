/* eslint-disable no-undef, @typescript-eslint/no-require-imports */
// Webpack loader for the add-in bundles (issue 17: functions.js size). The Chinese and English descriptions of
// the function registry (a function's zh/en, its returns' zh/en, each argument's zh/en) serve the metadata, the
// zh-CN metadata and the help pages only, which are generated from the CLI build (lib/), never from the bundle.
// This loader blanks those string literals in src/registry/ sources before ts-loader compiles them, so they do
// not ship in functions.js. Labels (label: "安置面积"), ids, kinds, bounds, defaults and every other property
// are left exactly as written; objects of other shapes (verdict words, policy parameters, messages) untouched.
// The shapes: the object passed to defineFunction(...), its `returns` object, and any object literal with
// `name`, `kind` and `label` properties (an argument, ParamSpec).
const ts = require("typescript");

const DOC_KEYS = new Set(["zh", "en"]);

function propName(p) {
  return p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
}

function keys(obj) {
  return new Set(obj.properties.map(propName).filter(Boolean));
}

function isParamSpec(obj) {
  const k = keys(obj);
  return k.has("name") && k.has("kind") && k.has("label");
}

function isFunctionSpec(obj) {
  const call = obj.parent;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === "defineFunction" && call.arguments[0] === obj;
}

function isReturnsOfFunction(obj) {
  const prop = obj.parent;
  return ts.isPropertyAssignment(prop) && propName(prop) === "returns" && ts.isObjectLiteralExpression(prop.parent) && isFunctionSpec(prop.parent);
}

/** The source with the documentation strings replaced by "" (and how many were). */
function stripDocs(source, fileName = "registry.ts") {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const cuts = [];
  const visit = (node) => {
    if (ts.isObjectLiteralExpression(node) && (isFunctionSpec(node) || isReturnsOfFunction(node) || isParamSpec(node))) {
      for (const p of node.properties) {
        if (!ts.isPropertyAssignment(p) || !DOC_KEYS.has(propName(p))) continue;
        const v = p.initializer;
        if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v) || ts.isTemplateExpression(v)) cuts.push([v.getStart(sf), v.getEnd()]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = source;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) out = `${out.slice(0, start)}""${out.slice(end)}`;
  return { source: out, stripped: cuts.length };
}

module.exports = function stripDocsLoader(source) {
  return stripDocs(source, this.resourcePath).source;
};
module.exports.stripDocs = stripDocs;
