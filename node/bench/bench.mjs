// Side-by-side benchmark of composio-rs against fetch (and undici when installed), as ratios in one run, on
// real-sized tools (3.0–3.7 KB of JSON schema each; a 1,000-tool page is 3.3 MB).
//   cargo build --release -p composio-emulator && (cd node && npm install --no-save undici \
//      && npx napi build --platform --release --manifest-path ../bindings/node/Cargo.toml --output-dir native \
//      --js binding.js --dts binding.d.ts) && COMPOSIO_EMULATOR_BIN=target/x86_64-unknown-linux-gnu/release/composio-emulator \
//      node node/bench/bench.mjs
// Run `git checkout node/native` afterwards if the release build rewrote the generated files.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'

import { Composio } from '../index.mjs'
import { startEmulator } from '../test/emulator.mjs'

const SEQUENTIAL = 300
const CONCURRENT = 2000
const require = createRequire(import.meta.url)

async function optionalUndici() {
  try {
    return await import('undici')
  } catch {
    return null
  }
}

function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b)
  return [sorted[Math.floor(sorted.length / 2)], sorted[Math.floor(sorted.length * 0.99) - 1]]
}

async function timed(fn, n) {
  const out = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

async function throughput(fn) {
  let next = 0
  const worker = async () => {
    while (next++ < CONCURRENT) await fn()
  }
  const t = performance.now()
  await Promise.all(Array.from({ length: 64 }, worker))
  return CONCURRENT / ((performance.now() - t) / 1000)
}

function inChild(code) {
  return Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }).trim())
}

const emu = await startEmulator()
const base = emu.base_url.replace(/\/$/, '')
const headers = { 'x-api-key': emu.api_key }
const smallUrl = `${base}/api/v3.1/tools?toolkit_slug=github&limit=5`
const toolsUrl = `${base}/api/v3.1/tools?limit=1000`
const rows = []
try {
  const index = JSON.stringify(require.resolve('../index.js'))
  const load = Math.min(
    ...Array.from({ length: 5 }, () =>
      inChild(
        `const t=performance.now(); const {Composio}=require(${index}); new Composio({apiKey:'ak_x', baseURL:'http://127.0.0.1:1'}); console.log(performance.now()-t)`,
      ),
    ),
  )
  rows.push(['load + construct (ms)', load, null, null, 'target ≤ 30 ms'])

  const client = new Composio(emu.options())
  const undici = await optionalUndici()
  const viaFetch = async (url) => (await fetch(url, { headers })).json()
  const viaUndici = undici ? async (url) => (await undici.request(url, { headers })).body.json() : null
  const small = () => client.tools.list({ toolkitSlug: 'github', limit: 5 })
  await small()
  await viaFetch(smallUrl)
  const ours = percentiles(await timed(small, SEQUENTIAL))
  const theirs = percentiles(await timed(() => viaFetch(smallUrl), SEQUENTIAL))
  const und = viaUndici ? percentiles(await timed(() => viaUndici(smallUrl), SEQUENTIAL)) : [null, null]
  rows.push(['5-tool page p50 (ms)', ours[0], theirs[0], und[0], 'target ≤ 0.6× fetch'])
  rows.push(['5-tool page p99 (ms)', ours[1], theirs[1], und[1], ''])

  const bad = new Composio({ ...emu.options(), apiKey: 'ak_wrongwrongwrong', maxRetries: 0 })
  const badHeaders = { 'x-api-key': 'ak_wrongwrongwrong' }
  const errorOurs = () => bad.tools.list({ limit: 5 }).catch(() => null)
  const errorFetch = async () => (await fetch(smallUrl, { headers: badHeaders })).json()
  await errorOurs()
  rows.push([
    '401 error path p50 (ms)',
    percentiles(await timed(errorOurs, SEQUENTIAL))[0],
    percentiles(await timed(errorFetch, SEQUENTIAL))[0],
    null,
    '',
  ])

  const list = Math.min(...(await timed(() => client.tools.list({ limit: 1000 }), 10)))
  const listFetch = Math.min(...(await timed(() => viaFetch(toolsUrl), 10)))
  const listUndici = viaUndici ? Math.min(...(await timed(() => viaUndici(toolsUrl), 10))) : null
  rows.push(['1,000-tool page (ms)', list, listFetch, listUndici, 'target ≤ 1.0× fetch'])

  rows.push([
    '64 in flight, 5-tool pages (req/s)',
    await throughput(small),
    await throughput(() => viaFetch(smallUrl)),
    viaUndici ? await throughput(() => viaUndici(smallUrl)) : null,
    'target ≥ undici',
  ])
  const rss = (body) =>
    inChild(
      `(async () => { ${body}; for (let i = 0; i < 20; i++) await run(); console.log(process.memoryUsage().rss / 1048576) })()`,
    )
  rows.push([
    'RSS after 20 × 1,000-tool lists (MiB)',
    rss(`const {Composio}=require(${index}); const c=new Composio({apiKey:${JSON.stringify(emu.api_key)}, baseURL:${JSON.stringify(base)}}); const run=()=>c.tools.list({limit:1000})`),
    rss(`const run=async()=>(await fetch(${JSON.stringify(toolsUrl)}, {headers:${JSON.stringify(headers)}})).json()`),
    null,
    '',
  ])
} finally {
  emu.stop()
}

const fmt = (v) => (v === null ? '-' : v.toFixed(3))
console.log(`${'measure'.padEnd(38)} ${'composio-rs'.padStart(12)} ${'fetch'.padStart(10)} ${'undici'.padStart(10)} ${'÷fetch'.padStart(7)}  note`)
for (const [name, ours, f, u, note] of rows) {
  const ratio = f ? (ours / f).toFixed(2) : '-'
  console.log(`${name.padEnd(38)} ${fmt(ours).padStart(12)} ${fmt(f).padStart(10)} ${fmt(u).padStart(10)} ${ratio.padStart(7)}  ${note}`)
}
