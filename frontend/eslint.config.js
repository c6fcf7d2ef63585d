// ESLint (flat config): JS recommended, typescript-eslint recommended and eslint-plugin-vue's
// flat/recommended; .vue files are parsed by vue-eslint-parser with the TypeScript parser for
// their <script lang="ts">. `npx eslint .` runs in scripts/test.sh (and so in `make test`).
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    // Build output, screenshots, and src/api/vocab.ts, which `go generate ./backend/vocab` writes
    // (a Go test keeps it in step with the backend's lists; it is not edited by hand).
    ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'src/api/vocab.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },
  {
    // Layout only. The templates are written compact, one element per line with its attributes
    // on it (see any view); these rules would re-wrap ~1,200 lines without finding anything. The
    // rest of flat/recommended (attribute order, prop types, mutating props, v-for keys, …) stays on.
    files: ['**/*.vue'],
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-indent': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,vue}', 'tests/unit/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['tests/e2e/**/*.mjs', 'scripts/**/*.{js,mjs}', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The journeys run in Node, but the callbacks they hand to page.evaluate and
    // page.waitForFunction run in the page.
    files: ['tests/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The service worker's source: a worker's globals; __PRECACHE__ is the build's list (vite.config.ts).
    files: ['sw/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker, __PRECACHE__: 'readonly' } },
  },
  {
    // Route views are named by their route and directory (views/Login.vue, views/reviewer/Queue.vue,
    // views/admin/Admin.vue); the router imports them lazily by path and never registers them as
    // components, so a one-word name cannot clash with an HTML element. Renaming every view file to
    // two words would churn the router and every reference for no gain. Components under
    // src/components still have to be multi-word.
    files: ['src/views/**/*.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
)
