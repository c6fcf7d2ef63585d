// Generates src/api/schema.d.ts, the TypeScript types of the HTTP API, from backend/api/openapi.yaml with
// openapi-typescript. `npm run gen:api` writes it; `node scripts/gen-api.mjs --check` (scripts/test.sh, so
// make test) regenerates it in memory and fails when the committed file differs, naming the command that fixes it.
import openapiTS, { astToString } from 'openapi-typescript'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
// --spec FILE reads another copy (e.g. the committed one, `git show HEAD:backend/api/openapi.yaml`).
const specArg = process.argv.indexOf('--spec')
const spec = specArg > 0 ? process.argv[specArg + 1] : join(here, '..', '..', 'backend', 'api', 'openapi.yaml')
// --out FILE writes (or checks) another file than src/api/schema.d.ts.
const outArg = process.argv.indexOf('--out')
const out = outArg > 0 ? process.argv[outArg + 1] : join(here, '..', 'src', 'api', 'schema.d.ts')

const header = `// Generated from backend/api/openapi.yaml by openapi-typescript (scripts/gen-api.mjs): do not edit.
// Run \`npm run gen:api\` in frontend/ after changing openapi.yaml; src/api/types.ts names these types for the app.

`

const ast = await openapiTS(pathToFileURL(spec), { alphabetize: false })
const text = header + astToString(ast)

if (process.argv.includes('--check')) {
  let committed = ''
  try {
    committed = readFileSync(out, 'utf8')
  } catch {
    /* missing: differs */
  }
  if (committed !== text) {
    const a = committed.split('\n')
    const b = text.split('\n')
    let i = 0
    while (i < a.length && i < b.length && a[i] === b[i]) i++
    console.error(`src/api/schema.d.ts is out of step with backend/api/openapi.yaml (first difference at line ${i + 1}:`)
    console.error(`  committed: ${a[i] ?? '(end of file)'}`)
    console.error(`  generated: ${b[i] ?? '(end of file)'})`)
    console.error('Run `npm run gen:api` in frontend/ and commit src/api/schema.d.ts.')
    process.exit(1)
  }
  console.log('src/api/schema.d.ts matches backend/api/openapi.yaml')
} else {
  writeFileSync(out, text)
  console.log('wrote src/api/schema.d.ts')
}
