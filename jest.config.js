/** Unit and integration tests (Node). Browser tests have their own config (jest.browser.config.js). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/test/browser/"],
  // Whole-workbook tests (plan, recalc, demo, LibreOffice round trips) take seconds on a 2-core machine and more
  // under load; no test asserts a duration (performance lives in `npm run bench`), so the limit only catches hangs.
  testTimeout: 120_000,
  transform: {
    // Type errors are the job of `npm run typecheck`; tests only transpile, which keeps them fast.
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }],
  },
  moduleNameMapper: {
    // office-addin-mock 4 requires office-addin-manifest, whose ESM-only dependencies jest on Node 20 cannot
    // load; the mock only reads its OfficeApp names, which this stub provides.
    "^office-addin-manifest$": "<rootDir>/test/support/office-addin-manifest-stub.js",
  },
};
