// Webpack: builds the Excel add-in's pages into dist-web/ (task pane, ribbon commands and the
// commands' notification dialog), with office.js served from node_modules (no network at run time),
// and the browser version (preview.html: the real task pane beside a sheet viewer over the fake
// Excel workbook).
//   npx webpack --mode production      → dist-web/ (npm run build:pane; `--env out=DIR` elsewhere)
//   npx webpack serve --mode development → https://localhost:3000 (what manifest.xml points to)
//   npx webpack --mode production --env preview [--env out=DIR] → only the browser version, in
//     dist-web/preview/ (or DIR) as index.html (npm run preview builds and serves it)
const path = require("path");
const fs = require("fs");
const os = require("os");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

/** The pages' Content-Security-Policy. Fluent UI (Griffel) inserts styles at run time, hence
 * 'unsafe-inline' for styles only; scripts only from the add-in's own origin and never eval. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors *",
].join("; ");

const OFFICE_JS = path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));

/** office.js loads the host's script and its strings from beside itself: copy what Excel needs. */
const OFFICE_JS_IGNORE = [
  "**/*.debug.js",
  "**/*-vsdoc.js",
  "**/*.d.ts",
  "**/outlook_strings.js",
  "**/{access,onenote,outlook,outlookwebapp,powerpoint,powerpointios,project,word,wordios}-*.js",
  "**/webauth/**",
  "**/custom-functions-runtime.js",
];

/** Dev certificates made by `npx office-addin-dev-certs install`, when present. */
function devCerts() {
  const dir = path.join(os.homedir(), ".office-addin-dev-certs");
  const files = { key: "localhost.key", cert: "localhost.crt", ca: "ca.crt" };
  if (!Object.values(files).every((f) => fs.existsSync(path.join(dir, f)))) return undefined;
  return Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(path.join(dir, f))]));
}

const page = (name, template, chunks) =>
  new HtmlWebpackPlugin({
    filename: `${name}.html`,
    template,
    chunks,
    inject: "body",
    scriptLoading: "defer",
    csp: CSP,
    minify: false,
  });

/** ExcelJS's prebuilt browser bundle (loaded by the preview on demand): nothing in it to parse. */
const EXCELJS_BROWSER = /exceljs[\\/]dist[\\/]exceljs(\.bare)?(\.min)?\.js$/;

/** ExcelJS's browser bundle is minified already: marked so, Terser does not spend seconds on it. */
class AlreadyMinified {
  apply(compiler) {
    const stage = compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE - 1;
    compiler.hooks.compilation.tap("AlreadyMinified", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "AlreadyMinified", stage }, (assets) => {
        for (const name of Object.keys(assets))
          if (/^exceljs\.[^/]*\.js$/.test(name))
            compilation.updateAsset(name, (source) => source, { minimized: true });
      });
    });
  }
}

/** Options both builds share: TypeScript through swc, source maps without eval, size hints. */
function shared(production) {
  return {
    mode: production ? "production" : "development",
    // No eval-based source maps: the CSP allows no 'unsafe-eval'.
    devtool: "source-map",
    resolve: { extensions: [".tsx", ".ts", ".js", ".json"] },
    module: {
      noParse: EXCELJS_BROWSER,
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "swc-loader",
            options: {
              jsc: {
                parser: { syntax: "typescript", tsx: true },
                target: "es2019",
                transform: { react: { runtime: "automatic", development: !production } },
              },
            },
          },
        },
      ],
    },
    performance: {
      hints: production ? "warning" : false,
      maxEntrypointSize: 1_500_000,
      maxAssetSize: 1_500_000,
    },
    stats: { children: false, modules: false },
  };
}

module.exports = (env = {}, argv = {}) => {
  const production = argv.mode !== "development";
  // `--env preview`: only the browser version (no Office pages, no office.js), for `npm run
  // preview`, the end-to-end tests and the pane benchmark.
  const previewOnly = Boolean(env.preview);
  const previewPage = new HtmlWebpackPlugin({
    filename: previewOnly ? "index.html" : "preview.html",
    template: "./src/preview/preview.html",
    chunks: ["preview"],
    inject: "body",
    scriptLoading: "defer",
    csp: CSP,
    minify: false,
  });
  if (previewOnly) {
    return {
      ...shared(production),
      entry: { preview: "./src/preview/index.tsx" },
      output: {
        path: path.resolve(__dirname, env.out || "dist-web/preview"),
        filename: production ? "[name].[contenthash:8].js" : "[name].js",
        chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
        clean: true,
      },
      plugins: [previewPage, new AlreadyMinified()],
    };
  }
  return {
    ...shared(production),
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
      notification: "./src/dialog/notification.ts",
      preview: "./src/preview/index.tsx",
    },
    output: {
      path: path.resolve(__dirname, env.out || "dist-web"),
      filename: production ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      clean: true,
    },
    plugins: [
      page("taskpane", "./src/taskpane/taskpane.html", ["taskpane"]),
      page("commands", "./src/commands/commands.html", ["commands"]),
      page("notification", "./src/dialog/notification.html", ["notification"]),
      page("hjalp", "./src/taskpane/hjalp.html", []),
      previewPage,
      new AlreadyMinified(),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "[path][name][ext]" },
          // Copied as they are (already minified by Microsoft; Terser must not touch them).
          { from: OFFICE_JS, to: ".", globOptions: { ignore: OFFICE_JS_IGNORE }, info: { minimized: true } },
        ],
      }),
    ],
    devServer: {
      port: 3000,
      // No hot reload or live reload: their web socket is a network call the CSP forbids.
      hot: false,
      liveReload: false,
      webSocketServer: false,
      client: false,
      // The meta tag cannot carry frame-ancestors; the header can.
      headers: { "Content-Security-Policy": CSP },
      server: { type: "https", ...(devCerts() ? { options: devCerts() } : {}) },
      static: false,
    },
  };
};

/** The Content-Security-Policy, for servers that send it as a header (scripts/start.js). */
module.exports.CSP = CSP;
