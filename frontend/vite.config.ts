/// <reference types="vitest/config" />
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { runInNewContext } from 'node:vm'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { messagesModule } from './scripts/precompile-messages.mjs'

/**
 * Writes NAME.br and NAME.gz beside every compressible hashed asset of at least 1 KB (where the
 * variant is smaller), at maximum compression, once per build. The server (backend/web) answers
 * with the variant the browser accepts; nginx's gzip_static finds the .gz files.
 */
function precompress(): Plugin {
  return {
    name: 'tianbao-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist'
      for (const name of Object.keys(bundle)) {
        if (!name.startsWith('assets/') || !/\.(js|mjs|css|svg|json|txt|html)$/.test(name)) continue
        const data = readFileSync(join(dir, name))
        if (data.length < 1024) continue
        const br = brotliCompressSync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        })
        const gz = gzipSync(data, { level: 9 })
        if (br.length < data.length) writeFileSync(join(dir, name + '.br'), br)
        if (gz.length < data.length) writeFileSync(join(dir, name + '.gz'), gz)
      }
    },
  }
}

/**
 * Emits /sw.js from sw/sw.js with the list of every built asset to precache and a version that
 * changes with it, so an offline reload shows the app and a new build replaces the old cache.
 */
function serviceWorker(): Plugin {
  return {
    name: 'tianbao-service-worker',
    apply: 'build',
    // After Vite's own plugins: its HTML plugin drops the entry chunk left empty when the startup
    // chunk (chunking()) takes every module; a precache list naming it would fail the install.
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((n) => n.startsWith('assets/')).sort().map((n) => '/' + n)
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)
      const src = readFileSync(join(import.meta.dirname, 'sw', 'sw.js'), 'utf8')
        .replace('__VERSION__', version)
        .replace('__PRECACHE__', JSON.stringify(files))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: src })
    },
  }
}

/**
 * Vant's icon font comes inlined in its CSS (a 25 KB woff2 data: URL) with a fallback fetched from a
 * CDN (at.alicdn.com) that the Content-Security-Policy blocks (font-src 'self' data:), logging an
 * error on every page. The fallback is dropped, and the font becomes a file of its own beside the
 * CSS (written to node_modules/.cache/tianbao, then hashed into assets/ by Vite like any url()): the stylesheet,
 * which holds up the first paint, no longer carries it; the browser fetches it once an icon is drawn.
 */
function vantIconFontFile(): Plugin {
  return {
    name: 'tianbao-vant-icon-font-file',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]vant[\\/].*\.css(\?|$)/.test(id)) return null
      let out = code.replace(/,\s*url\(["']?(?:https?:)?\/\/at\.alicdn\.com[^)]*\)\s*format\(["']?[\w-]+["']?\)/g, '')
      out = out.replace(/url\(["']?data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)["']?\)/g, (_m, b64: string) => {
        const dir = join(import.meta.dirname, 'node_modules', '.cache', 'tianbao')
        const file = join(dir, 'vant-icon.woff2')
        const data = Buffer.from(b64, 'base64')
        if (!existsSync(file) || !readFileSync(file).equals(data)) {
          mkdirSync(dir, { recursive: true })
          writeFileSync(file, data)
        }
        return `url("${relative(dirname(id.replace(/\?.*$/, '')), file).split(sep).join('/')}")`
      })
      return out === code ? null : { code: out, map: null }
    },
  }
}

/**
 * The app's messages (src/i18n/zh-CN.ts and en.ts, plain objects of strings) become message
 * functions at build time (scripts/precompile-messages.mjs), or stay strings when they are only
 * their own text: vue-i18n then shows them without compiling each one the first time it is used,
 * in the task that draws the screen. Runs after the TypeScript is stripped; the module is evaluated
 * here, in Node, to read its object. The form builder's strings (i18n/builder-zh.ts, builder-en.ts)
 * too: with nothing left to compile, the build leaves vue-i18n's message compiler out
 * (runtimeOnlyI18n). The unit tests keep the strings, which vue-i18n compiles as before.
 */
function i18nPrecompile(): Plugin {
  return {
    name: 'tianbao-i18n-precompile',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!/[\\/]src[\\/]i18n[\\/](zh-CN|en|builder-zh|builder-en)\.ts$/.test(id)) return null
      const sandbox: { messages?: unknown } = {}
      runInNewContext(code.replace(/\bexport default\b/, 'globalThis.messages ='), sandbox)
      if (!sandbox.messages || typeof sandbox.messages !== 'object') throw new Error(`${id}: no messages object`)
      return { code: messagesModule(sandbox.messages), map: null }
    },
  }
}

/**
 * Emits routes.json: each route of src/router.ts with its screen's own chunk and stylesheet (not
 * one index.html loads already). The server names them in
 * that route's index.html (backend/web, hints.go), so a phone opening /fill/12 or /leader fetches
 * the screen alongside the app instead of after the app has started and the router asked for it.
 */
function routeHints(): Plugin {
  return {
    name: 'tianbao-route-hints',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const source = readFileSync(join(import.meta.dirname, 'src', 'router.ts'), 'utf8')
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
      const byName = new Map(chunks.map((c) => [c.fileName, c]))
      // What index.html loads already: the scripts and stylesheets it names and what they import.
      const html = bundle['index.html']
      if (!html || html.type !== 'asset') throw new Error('routeHints: no index.html in the bundle')
      const loaded = new Set<string>()
      const walk = (name: string) => {
        if (loaded.has(name)) return
        loaded.add(name)
        for (const i of byName.get(name)?.imports ?? []) walk(i)
      }
      for (const m of String(html.source).matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) walk(m[1])
      const routes: { path: string; modules: string[]; styles: string[] }[] = []
      for (const m of source.matchAll(/path: '([^']+)'[^\n]*?import\('\.\/(views\/[^']+)'\)/g)) {
        const view = join(import.meta.dirname, 'src', m[2])
        const chunk = chunks.find((c) => c.facadeModuleId === view)
        if (!chunk) throw new Error(`routeHints: no chunk for ${m[2]} (route ${m[1]})`)
        // The screen's own chunk and stylesheet only: naming every chunk it imports as well made the
        // board's first paint later on a slow network (they took bandwidth from the app's script),
        // while the imports are small and follow the screen's chunk at once.
        // Vite's importedCss of a chunk: the stylesheet of the chunk's own modules.
        const css = (chunk as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? new Set<string>()
        routes.push({ path: m[1], modules: ['/' + chunk.fileName], styles: [...css].filter((f) => !loaded.has(f)).map((f) => '/' + f) })
      }
      if (routes.length < 10) throw new Error(`routeHints: only ${routes.length} routes read from src/router.ts`)
      this.emitFile({ type: 'asset', fileName: 'routes.json', source: JSON.stringify(routes, null, 1) })
    },
  }
}

/**
 * In the build, vue-i18n without its message compiler (17 KB of the first load): every message is a
 * function compiled at build time or plain text (i18nPrecompile), none is compiled in the browser,
 * and vue-i18n's flag lets the bundler drop the compiler; plain text goes through i18n/index.ts's
 * plainText. Build only: the unit tests keep the strings and the compiler. A message added as a
 * string at run time would show as its source (a journey in each language reads the screens, the
 * builder's included).
 */
function runtimeOnlyI18n(): Plugin {
  return {
    name: 'tianbao-runtime-only-i18n',
    apply: 'build',
    config: () => ({ define: { __INTLIFY_DROP_MESSAGE_COMPILER__: 'true' } }),
  }
}

/**
 * Everything the entry imports statically goes into one chunk ("app") beside the entry, instead of
 * the ten shared chunks the default splitting made of it (Vue's runtime, reactivity, vue-i18n, the
 * messages, the API client…), each a request of its own before the first paint. Served over
 * HTTP/1.1 (six connections to an origin), ten requests wait on each other; two do not. The lazy
 * screens import from it as they did from the shared chunks. startup() walks the module graph once
 * the build has it (buildEnd); the chunk groups read the set it leaves.
 */
const startupModules = new Set<string>()
function startup(): Plugin {
  return {
    name: 'tianbao-startup-chunk',
    apply: 'build',
    buildEnd() {
      startupModules.clear()
      const entry = [...this.getModuleIds()].find((id) => this.getModuleInfo(id)?.isEntry)
      const queue = entry ? [...(this.getModuleInfo(entry)?.importedIds ?? [])] : []
      while (queue.length) {
        const id = queue.pop()!
        if (startupModules.has(id)) continue
        startupModules.add(id)
        queue.push(...(this.getModuleInfo(id)?.importedIds ?? []))
      }
    },
  }
}

/**
 * Marks the app's chunks for eager compilation (V8's explicit compile hint, Chrome 136+): a chunk is
 * fetched only when its code is about to run (the startup chunk on every load, a screen's chunks as
 * the router enters it), so V8 compiles its functions on the background thread while it streams in
 * rather than one by one on the main thread at their first call, which is most of the startup's and
 * a first screen's long tasks on a slow phone. Other engines read it as a comment. Not the chart
 * library's chunk: V8's advice is to leave out large libraries of which only a part runs.
 */
function compileHints(): Plugin {
  /** Half a megabyte of charting of which a drawing runs a part: compiled as it is called, as by default. */
  const LIBRARY_IN_PART = /node_modules\/(echarts|zrender)\//
  return {
    name: 'tianbao-compile-hints',
    apply: 'build',
    // After Vite's own (its import analysis puts __vite__mapDeps first): the hint must open the file.
    generateBundle: {
      order: 'post',
      handler(_, bundle) {
        for (const out of Object.values(bundle)) {
          if (out.type !== 'chunk' || out.moduleIds.some((id) => LIBRARY_IN_PART.test(id))) continue
          out.code = '//# allFunctionsCalledOnLoad\n' + out.code
        }
      },
    },
  }
}

export default defineConfig({
  plugins: [vue(), vantIconFontFile(), i18nPrecompile(), runtimeOnlyI18n(), startup(), compileHints(), precompress(), serviceWorker(), routeHints()],
  // Compile-time feature flags: the app uses vue-i18n's Composition API only (no legacy API, no
  // global $t or <i18n-t>), Vue's Composition API only (no component declares data, methods or
  // lifecycle options: Vue skips reading them for every component it creates) and no devtools in
  // production, so that code is dropped from the bundle (less JavaScript to parse and run before
  // the first screen, Lighthouse's TBT and LCP).
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Every browser the app supports preloads modules itself; the polyfill only scanned the page for
    // preload links and watched it for more, in the task that starts the app.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'app', test: (id: string) => startupModules.has(id) }] },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:18090' },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
  },
})
