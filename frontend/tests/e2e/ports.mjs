// Ports for the servers a journey starts. They come from below the kernel's ephemeral range
// (32768–60999 on Linux): a port picked inside it can be taken as the local end of some outgoing
// connection before the server binds it ("bind: address already in use", seen in CI). Each is
// checked free first.
import net from 'node:net'

/** A free port on 127.0.0.1 between 20000 and 31999. */
export async function quietPort() {
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000)
    if (await free(port)) return port
  }
  throw new Error('no free port between 20000 and 31999')
}

function free(port) {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.once('error', () => resolve(false))
    s.once('listening', () => s.close(() => resolve(true)))
    s.listen(port, '127.0.0.1')
  })
}
