#!/usr/bin/env node
// The clerk's first load on the wire: the JS, CSS and fonts a browser fetches to show the login page and
// then the task list, as the server sends them (the .br variant, else .gz, else the file itself).
// It reads dist/index.html (module script, modulepreload and stylesheet tags), adds the route
// chunks of /login and /tasks with the dependencies the entry preloads for them (__vite__mapDeps),
// and follows every static import. Usage: node scripts/first-load.mjs [dist] [--check] [--gzip]
// --check exits 1 above the budget (150 KB, issue 12); --gzip counts the .gz variants instead.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const BUDGET = 150_000
const ROUTES = ['Login', 'Tasks']
const args = process.argv.slice(2)
const dist = args.find((a) => !a.startsWith('--')) ?? new URL('../dist', import.meta.url).pathname
const check = args.includes('--check')
const suffixes = args.includes('--gzip') ? ['.gz'] : ['.br', '.gz']

const html = readFileSync(join(dist, 'index.html'), 'utf8')
const files = new Set()
for (const m of html.matchAll(/<(script|link)\b[^>]*>/g)) {
  const tag = m[0]
  const url = /\b(?:src|href)="\/([^"]+)"/.exec(tag)?.[1]
  if (!url || !url.startsWith('assets/')) continue
  if (m[1] === 'script' || /rel="(modulepreload|stylesheet)"/.test(tag)) files.add(url)
}

// The entry's table of preloaded dependencies and the lists each dynamic import preloads.
for (const entry of [...files].filter((f) => f.endsWith('.js'))) {
  const js = readFileSync(join(dist, entry), 'utf8')
  const table = /m\.f=(\[[^\]]*\])/.exec(js)
  if (!table) continue
  const deps = JSON.parse(table[1])
  for (const call of js.matchAll(/__vite__mapDeps\(\[([\d,]+)\]\)/g)) {
    const list = call[1].split(',').map((i) => deps[Number(i)])
    if (ROUTES.some((r) => new RegExp(`^assets/${r}-[\\w-]+\\.js$`).test(list[0]))) list.forEach((f) => files.add(f))
  }
}

// Static imports of every JS file loaded so far, transitively.
const queue = [...files].filter((f) => f.endsWith('.js'))
while (queue.length) {
  const js = readFileSync(join(dist, queue.pop()), 'utf8')
  for (const m of js.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([\w.-]+\.js)"/g)) {
    const f = 'assets/' + m[1]
    if (!files.has(f)) { files.add(f); queue.push(f) }
  }
}

// Fonts the stylesheets name (Vant's icon font, a file of its own): fetched once an icon is drawn.
for (const css of [...files].filter((f) => f.endsWith('.css'))) {
  for (const m of readFileSync(join(dist, css), 'utf8').matchAll(/url\(["']?\/(assets\/[\w.-]+\.woff2?)["']?\)/g)) files.add(m[1])
}

let wire = 0, raw = 0
const rows = []
for (const f of [...files].sort()) {
  const size = statSync(join(dist, f)).size
  const variant = suffixes.find((s) => existsSync(join(dist, f + s)))
  const sent = variant ? statSync(join(dist, f + variant)).size : size
  raw += size; wire += sent
  rows.push([f, size, sent, variant ?? ''])
}
rows.sort((a, b) => b[2] - a[2])
for (const [f, size, sent, v] of rows) console.log(`${String(sent).padStart(8)} ${v.padEnd(3)} ${String(size).padStart(8)}  ${f}`)
console.log(`first load (login + tasks): ${files.size} files, ${raw} bytes, ${wire} bytes on the wire (budget ${BUDGET})`)
if (check && wire > BUDGET) {
  console.error(`first load is ${wire} bytes on the wire, over the ${BUDGET} budget`)
  process.exit(1)
}
