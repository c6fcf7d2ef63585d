// Compiles vue-i18n messages into message functions at build time (vite.config.ts, i18nPrecompile).
// vue-i18n otherwise compiles each message the first time it is shown (parse, AST, a closure over it),
// in the same task as the screen that shows it: the leader's board and a form show a hundred or so.
// The functions are ordinary code in the bundle, what vue-i18n's own build tools made before its JIT
// mode, so the Content-Security-Policy (no unsafe-eval) is untouched.
import { baseCompile } from '@intlify/message-compiler'

/** One message as a function's source (the message compiler's "arrow" output). */
export function compileMessage(source, where = '') {
  const { code } = baseCompile(source, {
    mode: 'arrow',
    onError: (e) => {
      throw new Error(`i18n message ${where} ${JSON.stringify(source)}: ${e.message}`)
    },
  })
  return code
}

// What the compiler makes of a message that is only its own text: no placeholder, plural or link.
const STATIC = /^\(ctx\) => \{\s*const \{ normalize: _normalize \} = ctx;?\s*return _normalize\(\[("(?:[^"\\]|\\.)*")\]\);?\s*\}$/

/**
 * One message as module source: a function, or the string itself when the message is only its own
 * text. vue-i18n without its compiler (the build's) shows a string message as it is, so the two
 * read the same; the string is a third of the function's size and no closure to parse at startup.
 */
export function messageSource(source, where = '') {
  const code = compileMessage(source, where)
  const m = STATIC.exec(code.trim())
  return m && JSON.parse(m[1]) === source ? JSON.stringify(source) : code
}

/** A messages object as module source, every message a function or, when only text, a string. */
export function messagesModule(messages) {
  const walk = (v, path) => {
    if (typeof v === 'string') return messageSource(v, path)
    if (Array.isArray(v)) return '[' + v.map((x, i) => walk(x, `${path}[${i}]`)).join(',') + ']'
    if (v && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ':' + walk(x, path ? `${path}.${k}` : k)).join(',') + '}'
    return JSON.stringify(v)
  }
  return 'export default ' + walk(messages, '') + '\n'
}
