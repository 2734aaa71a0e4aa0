// ESLint 9 flat config, picked up by `npm run lint` (office-addin-lint 3 runs eslint with ./eslint.config.mjs when it
// exists — that exact name — and with its own bundled config otherwise). It starts from the Office add-in recommended
// set, which keeps the Office.js rules (call-sync-before-read, load-object-before-read, no-context-sync-in-loop …) on.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";

export default [
  { ignores: ["dist/**", "lib/**", "coverage/**", "node_modules/**"] },
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: "module" },
    rules: {
      // Formatting is enforced: prettier with .prettierrc.json (printWidth 140, the width the code base is written at).
      // `npm run format` rewrites; `npm run lint` fails on any file prettier would change.
      "prettier/prettier": "error",
    },
  },
  {
    files: ["**/*.ts"],
    rules: {
      // The compiler resolves names (strict tsconfig, @types/office-js …); core no-undef knows neither types nor the
      // Office globals and would flag every `Excel`, `Office` and `CustomFunctions`.
      "no-undef": "off",
      // TypeScript allows a type and a value of the same name (`export type X` + `export const X`) and overloads.
      "no-redeclare": "off",
    },
  },
  {
    // The Office.js rules guess from names (`context`, `load`, a property read after `getCell`) and misfire on
    // headless code that drives ExcelJS or HyperFormula; they apply where Office.js is used.
    files: ["**/*.ts"],
    ignores: ["src/excel/**", "src/taskpane/**", "src/functions/**"],
    rules: Object.fromEntries(Object.keys(officeAddins.rules).map((rule) => [`office-addins/${rule}`, "off"])),
  },
];
