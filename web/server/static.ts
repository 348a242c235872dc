import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
}

/** Encodings the build writes beside a file (`x.js.br`, `x.js.gz`), in order of preference. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const

const isFile = (file: string) => fs.existsSync(file) && !fs.statSync(file).isDirectory()

/** The precompressed copy the client accepts, if the build wrote one. */
function encoded(file: string, accept: string): { file: string; encoding: string } | null {
  const accepted = accept
    .toLowerCase()
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name!.trim())
  for (const e of ENCODINGS) {
    if (accepted.includes(e.name) && isFile(file + e.ext)) return { file: file + e.ext, encoding: e.name }
  }
  return null
}

/**
 * Serves the built client; unknown paths get index.html so client-side routes work. Text
 * assets go out precompressed (brotli, else gzip) when the client accepts it.
 */
export function serveStatic(
  root: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify({ error: '请求地址无效 (malformed URL)' }))
    return true
  }
  const safe = path.normalize(decoded).replace(/^(\.\.[/\\])+/, '')
  let file = path.join(root, safe)
  if (file !== root && !file.startsWith(root + path.sep)) return false
  if (!isFile(file)) file = path.join(root, 'index.html')
  if (!fs.existsSync(file)) return false
  const ext = path.extname(file)
  const variant = encoded(file, String(req.headers['accept-encoding'] ?? ''))
  const body = variant?.file ?? file
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'content-length': fs.statSync(body).size,
    ...(variant ? { 'content-encoding': variant.encoding } : {}),
    vary: 'Accept-Encoding',
    // Hashed assets never change; index.html always revalidates.
    'cache-control': file.includes(`${path.sep}assets${path.sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  })
  if (req.method === 'HEAD') res.end()
  // A file gone or unreadable mid-way ends this response, not the process.
  else
    fs.createReadStream(body)
      .on('error', () => res.destroy())
      .pipe(res)
  return true
}
