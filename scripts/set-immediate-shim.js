/* eslint-disable no-undef */
// For the task pane's bundle only (webpack resolve.alias): JSZip's lib calls setImmediate, which browsers lack.
// The usual polyfill (the setimmediate package) turns a string argument into code with new Function, which the
// pane's CSP forbids and the build's security gate rejects; JSZip only ever passes functions, so a timer will do.
if (typeof globalThis.setImmediate !== "function") {
  globalThis.setImmediate = function (callback, ...args) {
    return setTimeout(() => callback(...args), 0);
  };
}
