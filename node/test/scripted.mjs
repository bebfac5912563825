// A local model server for the provider SDKs' whole loops (loopback only).
import { createServer } from 'node:http'

/** A local model server: answers each POST with the next scripted body and keeps what it was sent. */
export async function scripted(replies) {
  const received = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push(JSON.parse(body))
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(replies.shift()))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, received, close: () => new Promise((r) => server.close(r)) }
}
