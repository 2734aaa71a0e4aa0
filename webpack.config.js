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

const urlDev = "https://localhost:3000/";
const urlProd = process.env.SHANTY_PROD_URL || "https://shanty-balance.example.org/"; // deployment origin

/** Every occurrence of the dev URL (the template's string replace only changed the first one). */
function toProdUrls(text) {
  return text.replace(new RegExp(urlDev.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"), "g"), urlProd);
}

/** Emits functions-zh-cn.json next to functions.json, from the generated metadata plus the registry. */
class ZhMetadataPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("ZhMetadataPlugin", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "ZhMetadataPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const asset = compilation.getAsset("functions.json");
          if (!asset) {
            compilation.errors.push(new Error("functions.json was not generated"));
            return;
          }
          const generated = JSON.parse(asset.source.source().toString());
          const zh = zhMetadata(generated, FUNCTIONS);
          compilation.emitAsset("functions-zh-cn.json", new sources.RawSource(JSON.stringify(zh, null, 2)));
        },
      );
    });
  }
}

/** Emits the help pages (one per function, plus an index), generated from the registry. */
class HelpPagesPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("HelpPagesPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "HelpPagesPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        let pages;
        try {
          pages = require("./lib/src/help/pages");
        } catch (e) {
          compilation.warnings.push(new Error(`help pages not generated: ${e.message}`));
          return;
        }
        for (const spec of FUNCTIONS) {
          compilation.emitAsset(`help/${spec.id}.html`, new sources.RawSource(pages.helpPage(spec)));
        }
        compilation.emitAsset("help/index.html", new sources.RawSource(pages.helpIndex(FUNCTIONS)));
        if (pages.HELP_CSS) compilation.emitAsset("help/help.css", new sources.RawSource(pages.HELP_CSS));
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
          if (!name.endsWith(".js")) continue;
          const text = compilation.assets[name].source().toString();
          if (/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/.test(text)) {
            compilation.errors.push(new Error(`${name} contains eval or the Function constructor`));
          }
        }
      });
    });
  }
}

module.exports = (env, options) => {
  const dev = options.mode === "development";
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      functions: "./src/functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, configFile: "tsconfig.json" } },
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
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              return dev ? content : toProdUrls(content.toString());
            },
          },
        ],
      }),
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
