/* eslint-disable no-undef, @typescript-eslint/no-require-imports */
// Builds the add-in: the shared-runtime page (taskpane.html) that hosts both the task pane and the custom
// functions, functions.json (generated from the JSDoc tags of src/functions/functions.ts by
// custom-functions-metadata-plugin), functions-zh-cn.json (Chinese descriptions from the registry), the help
// pages and the manifest. HyperFormula and ExcelJS serve the CLI only and never enter these bundles.
// The registry is read from the CLI build (lib/, `npm run build:cli`), which `npm run build` runs first.

const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { FUNCTIONS } = require("./lib/src/registry");
const { zhMetadata } = require("./lib/src/registry/zhMetadata");

const DEV_ORIGIN = "https://localhost:3000";
const urlDev = `${DEV_ORIGIN}/`;

/**
 * The deployment URL of a production build: SHANTY_PROD_URL (https, any path; a trailing slash is added), or a
 * placeholder. Every development URL in every emitted text file is rewritten to it (manifest, both metadata
 * files, help pages, task-pane HTML, bundles), and the build fails if "localhost" is left anywhere in dist/.
 */
function productionUrl() {
  const raw = process.env.SHANTY_PROD_URL || "https://shanty-balance.example.org/";
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`SHANTY_PROD_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== "https:") throw new Error(`SHANTY_PROD_URL must use https (Office loads add-ins over HTTPS only): ${raw}`);
  if (url.search || url.hash) throw new Error(`SHANTY_PROD_URL must not have a query or fragment: ${raw}`);
  if (/^localhost$|^127\./.test(url.hostname)) throw new Error(`SHANTY_PROD_URL must not be a local address: ${raw}`);
  const base = url.href.endsWith("/") ? url.href : `${url.href}/`;
  return { base, origin: url.origin };
}

/**
 * Every development URL → the production one: "https://localhost:3000/…" → base + "…", and the bare origin
 * (<AppDomain>https://localhost:3000</AppDomain>) → the production origin (an AppDomain is an origin, no path).
 */
function toProdUrls(text, prod) {
  return text.split(urlDev).join(prod.base).split(DEV_ORIGIN).join(prod.origin);
}

/** Where office.js comes from: Microsoft's CDN (default, the only choice for AppSource) or the local copy. */
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_LOCAL_DIR = "office-js";

/** Text assets the URL rewrite and the localhost gate read (binary assets — icons — hold no URLs). */
const TEXT_ASSET = /\.(html|js|json|xml|css|txt|map)$/;

/** Where "localhost" is still in a production build's files (office-js/, Microsoft's verbatim copy, excepted). */
function localhostLeft(assets) {
  const left = [];
  for (const { name, text } of assets) {
    if (name.startsWith(`${OFFICE_JS_LOCAL_DIR}/`)) continue;
    const i = text.indexOf("localhost");
    if (i >= 0) left.push(`${name}: …${text.slice(Math.max(0, i - 30), i + 30).replace(/\s+/g, " ")}…`);
  }
  return left;
}

/**
 * Production only: rewrites the development URLs in every emitted text asset (after every other plugin has
 * emitted its files), then fails the build if "localhost" remains anywhere. The verbatim office.js copy of an
 * intranet build (office-js/) is Microsoft's code, which mentions localhost in its own host detection: it is
 * copied byte for byte and not rewritten, and it is the one folder the gate does not read.
 */
class ProductionUrlPlugin {
  constructor(prod) {
    this.prod = prod;
  }
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("ProductionUrlPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "ProductionUrlPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_REPORT + 10 }, () => {
        for (const name of Object.keys(compilation.assets)) {
          if (name.startsWith(`${OFFICE_JS_LOCAL_DIR}/`) || !TEXT_ASSET.test(name)) continue;
          const text = compilation.assets[name].source().toString();
          const rewritten = toProdUrls(text, this.prod);
          if (rewritten !== text) compilation.updateAsset(name, new sources.RawSource(rewritten));
        }
        const ours = Object.keys(compilation.assets).filter((name) => !name.startsWith(`${OFFICE_JS_LOCAL_DIR}/`));
        const left = localhostLeft(ours.map((name) => ({ name, text: compilation.assets[name].source().toString("latin1") })));
        if (left.length)
          compilation.errors.push(new Error(`production build still contains "localhost" (${left.length} files):\n  ${left.join("\n  ")}`));
      });
    });
  }
}

/**
 * Intranet build (SHANTY_OFFICE_JS=local): the task pane loads office.js from the add-in's own origin
 * (office-js/office.js, copied from the @microsoft/office-js package) instead of Microsoft's CDN, and the
 * CSP's script-src drops the CDN.
 */
function localOfficeJsHtml(html) {
  if (!html.includes(OFFICE_JS_CDN)) throw new Error(`taskpane.html no longer loads ${OFFICE_JS_CDN}; update webpack.config.js`);
  return html
    .split(OFFICE_JS_CDN)
    .join(`${OFFICE_JS_LOCAL_DIR}/office.js`)
    .replace(/ https:\/\/appsforoffice\.microsoft\.com(?=[;"])/g, "");
}

/** Files of @microsoft/office-js an Excel add-in needs: no debug copies, typings or other hosts' files. */
function officeJsFileWanted(file) {
  const name = path.basename(file);
  if (/\.debug\.js$|\.d\.ts$|^office-vsdoc\.js$/.test(name)) return false;
  return !/^(outlook|onenote|word|powerpoint|access|visio|project)/i.test(name);
}

class LocalOfficeJsPlugin {
  apply(compiler) {
    compiler.hooks.compilation.tap("LocalOfficeJsPlugin", (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap("LocalOfficeJsPlugin", (data) => {
        data.html = localOfficeJsHtml(data.html);
        return data;
      });
    });
  }
}

/** Emits functions-zh-cn.json next to functions.json, from the generated metadata plus the registry. */
class ZhMetadataPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("ZhMetadataPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "ZhMetadataPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const asset = compilation.getAsset("functions.json");
        if (!asset) {
          compilation.errors.push(new Error("functions.json was not generated"));
          return;
        }
        const generated = JSON.parse(asset.source.source().toString());
        const zh = zhMetadata(generated, FUNCTIONS);
        compilation.emitAsset("functions-zh-cn.json", new sources.RawSource(JSON.stringify(zh, null, 2)));
      });
    });
  }
}

/** Emits the help pages (one per function, plus an index), generated from the registry. */
class HelpPagesPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("HelpPagesPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "HelpPagesPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        // Help prose and the evaluated examples live in lib/src/help (build time only, never in a bundle).
        let files;
        try {
          files = require("./lib/src/help/site").helpSite(FUNCTIONS);
        } catch (e) {
          compilation.errors.push(new Error(`help pages not generated: ${e.message}`));
          return;
        }
        for (const [name, content] of files) compilation.emitAsset(`help/${name}`, new sources.RawSource(content));
      });
    });
  }
}

/** Production dependencies the project declares; anything else in package.json fails the build (issue 7). */
const ALLOWED_DEPENDENCIES = ["decimal.js", "exceljs", "fast-xml-parser", "hyperformula", "jszip"];

/**
 * Security gate of the add-in surface: the build fails when a production dependency beyond the declared few
 * appears in package.json, or when a bundle contains eval or the Function constructor (the CSP forbids them).
 */
class SecurityGatePlugin {
  apply(compiler) {
    const { Compilation } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("SecurityGatePlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "SecurityGatePlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ANALYSE }, () => {
        const deps = Object.keys(require("./package.json").dependencies || {});
        const extra = deps.filter((d) => !ALLOWED_DEPENDENCIES.includes(d));
        if (extra.length) compilation.errors.push(new Error(`undeclared production dependencies: ${extra.join(", ")}`));
        for (const name of Object.keys(compilation.assets)) {
          // The intranet build's office-js/ is Microsoft's office.js, byte for byte (the same code the CDN serves).
          if (!name.endsWith(".js") || name.startsWith(`${OFFICE_JS_LOCAL_DIR}/`)) continue;
          const text = compilation.assets[name].source().toString();
          const found = /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/.exec(text);
          if (found) {
            const context = text.slice(Math.max(0, found.index - 60), found.index + 40);
            compilation.errors.push(new Error(`${name} contains eval or the Function constructor: …${context}…`));
          }
        }
      });
    });
  }
}

module.exports = (env, options) => {
  const dev = options.mode === "development";
  const prod = dev ? undefined : productionUrl();
  const localOfficeJs = process.env.SHANTY_OFFICE_JS === "local";
  if (process.env.SHANTY_OFFICE_JS && !["local", "cdn"].includes(process.env.SHANTY_OFFICE_JS)) {
    throw new Error(`SHANTY_OFFICE_JS must be "local" or "cdn", not ${process.env.SHANTY_OFFICE_JS}`);
  }
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      functions: "./src/functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
    },
    output: {
      // SHANTY_DIST lets a test build into a directory of its own.
      path: path.resolve(__dirname, process.env.SHANTY_DIST || "dist"),
      filename: "[name].js",
      // Chunks loaded on demand (the portable export's zip code): named, so tests and the CSP review can find them.
      chunkFilename: "[name].chunk.js",
      // Every host that loads the pane has globalThis (the add-in targets ES2020): webpack's global-object helper
      // then needs no `new Function("return this")` fallback, which the CSP forbids.
      environment: { globalThis: true },
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".js"],
      // The pane's portable export (a chunk loaded on its click) uses JSZip's sources, not its prebuilt dist:
      // the dist bundles a setImmediate polyfill that calls new Function, which the CSP and the security gate
      // forbid. Its Node-only parts (streams; "lie", a Promise polyfill) are left out.
      alias: {
        jszip$: path.resolve(__dirname, "node_modules/jszip/lib/index.js"),
        setimmediate$: path.resolve(__dirname, "scripts/set-immediate-shim.js"),
        lie$: false,
      },
      fallback: { stream: false },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          // ES modules for webpack (tsconfig's CommonJS serves tsc and jest): `import()` stays a split point.
          use: {
            loader: "ts-loader",
            options: { transpileOnly: true, configFile: "tsconfig.json", compilerOptions: { module: "es2020", removeComments: false } },
          },
        },
        {
          // Library messages that name web pages: the page's name instead (an intranet build references no external URL).
          test: /[\\/]node_modules[\\/]jszip[\\/]lib[\\/].+\.js$/,
          use: { loader: path.resolve(__dirname, "scripts/no-external-urls-loader.js") },
        },
        {
          // The registry's descriptions are for metadata and help (built from lib/), not for the bundles (issue 17).
          test: /[\\/]src[\\/]registry[\\/][^\\/]+\.ts$/,
          enforce: "pre",
          use: { loader: path.resolve(__dirname, "scripts/strip-docs-loader.js") },
        },
        {
          // policy.ts as the engine and the registry import it (numbers only); the task pane's imports keep its words.
          test: /[\\/]src[\\/]registry[\\/]policy\.ts$/,
          issuer: /[\\/]src[\\/](engine|registry|functions)[\\/]/,
          enforce: "pre",
          use: { loader: path.resolve(__dirname, "scripts/strip-docs-loader.js"), options: { policy: true } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./src/functions/functions.ts" }),
      new ZhMetadataPlugin(),
      new SecurityGatePlugin(),
      new HelpPagesPlugin(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // Shared runtime: the custom functions run in the task pane's page.
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css", noErrorOnMissing: true },
          { from: "manifest*.xml", to: "[name][ext]" },
          // Intranet build: Microsoft's office.js for Excel (loader, Excel host files, locale strings), no debug copies.
          ...(localOfficeJs
            ? [
                {
                  from: path.join(path.dirname(require.resolve("@microsoft/office-js/package.json")), "dist"),
                  to: OFFICE_JS_LOCAL_DIR,
                  filter: officeJsFileWanted,
                  // Byte for byte: Microsoft's files are already minified and must not be rewritten by terser.
                  info: { minimized: true },
                },
              ]
            : []),
        ],
      }),
      ...(localOfficeJs ? [new LocalOfficeJsPlugin()] : []),
      ...(prod ? [new ProductionUrlPlugin(prod)] : []),
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, "dist") },
      server: {
        type: "https",
        options: env && env.WEBPACK_SERVE ? require("office-addin-dev-certs").getHttpsServerOptions() : undefined,
      },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
    },
  };
};

// For the build tests (test/build): the pure parts of the production rewrite.
module.exports.productionUrl = productionUrl;
module.exports.toProdUrls = toProdUrls;
module.exports.localhostLeft = localhostLeft;
module.exports.localOfficeJsHtml = localOfficeJsHtml;
