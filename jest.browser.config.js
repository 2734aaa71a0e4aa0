/** Real-browser tests: the built task pane (dist/, `npm run build` first) in Debian chromium via playwright-core. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test/browser"],
  testMatch: ["<rootDir>/test/browser/**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }],
  },
  testTimeout: 60000,
  // One browser at a time: the tests share a server and a chromium process.
  maxWorkers: 1,
};
