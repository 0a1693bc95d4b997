// ESLint: eslint-plugin-office-addins' rekommenderade regler (Office.js-fallgropar, prettier)
// plus typescript-eslint för TypeScript. Kärnan (src/core) får inte använda `any`.
const officeAddins = require("eslint-plugin-office-addins");
const tseslint = require("typescript-eslint");

module.exports = [
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test-artifacts/**", "out/**"] },
  // The preset brings its own older @typescript-eslint plugin; use one copy for both.
  ...officeAddins.configs.recommended.map((c) =>
    c.plugins && c.plugins["@typescript-eslint"]
      ? {
          ...c,
          plugins: { ...c.plugins, "@typescript-eslint": tseslint.plugin },
          languageOptions: { ...c.languageOptions, parser: tseslint.parser },
        }
      : c,
  ),
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ["**/*.{ts,tsx}"] })),
  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "error" },
  },
  {
    // ExcelJS objects are not Office.js proxies: the Office.js load/sync rules do not apply.
    files: ["src/xlsx/**/*.ts", "test/xlsx/**/*.ts", "src/cli/**/*.ts"],
    rules: {
      "office-addins/call-sync-before-read": "off",
      "office-addins/load-object-before-read": "off",
      "office-addins/call-sync-after-load": "off",
    },
  },
  {
    files: ["test/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];
