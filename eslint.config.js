// ESLint: eslint-plugin-office-addins' rekommenderade regler (Office.js-fallgropar, prettier)
// plus typescript-eslint för TypeScript. Kärnan (src/core) får inte använda `any`.
const officeAddins = require("eslint-plugin-office-addins");
const tseslint = require("typescript-eslint");
const react = require("eslint-plugin-react");
const reactHooks = require("eslint-plugin-react-hooks");

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
    // React (the task pane, *.tsx): the Office.js and prettier rules the preset applies to .ts,
    // eslint-plugin-react for the automatic JSX runtime, and the rules of hooks.
    ...officeAddins.configs.recommended.find((c) => c.rules && c.rules["office-addins/call-sync-after-load"]),
    files: ["**/*.tsx"],
    plugins: {
      ...officeAddins.configs.recommended.find(
        (c) => c.rules && c.rules["office-addins/call-sync-after-load"],
      ).plugins,
      "@typescript-eslint": tseslint.plugin,
      react,
      "react-hooks": reactHooks,
    },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...react.configs.flat.recommended.languageOptions.globals },
    },
    settings: { react: { version: "detect" } },
    rules: {
      ...officeAddins.configs.recommended.find(
        (c) => c.rules && c.rules["office-addins/call-sync-after-load"],
      ).rules,
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat["jsx-runtime"].rules,
      ...reactHooks.configs.flat.recommended.rules,
      "react/prop-types": "off",
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
