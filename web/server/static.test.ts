import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveStatic } from './static'

/** The built client as files on disk: precompressed copies beside the text assets, as the build writes them. */
describe('static client files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'static-'))
  const js = 'console.log("总览");\n'.repeat(200)
  let server: http.Server
  let base = ''
  beforeAll(async () => {
    fs.mkdirSync(path.join(root, 'assets'))
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>规划监测</title>')
    fs.writeFileSync(path.join(root, 'assets/app-1a2b.js'), js)
    fs.writeFileSync(path.join(root, 'assets/app-1a2b.js.br'), zlib.brotliCompressSync(js))
    fs.writeFileSync(path.join(root, 'assets/app-1a2b.js.gz'), zlib.gzipSync(js))
    server = http.createServer((req, res) => {
      if (!serveStatic(root, req, res, new URL(req.url ?? '/', 'http://x').pathname)) {
        res.writeHead(404).end()
      }
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.close()
    fs.rmSync(root, { recursive: true, force: true })
  })

  /** Raw bytes and headers (fetch would decode the body itself). */
  const get = (p: string, acceptEncoding?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(
          `${base}${p}`,
          { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            )
          },
        )
        .on('error', reject)
    })

  it('sends the brotli copy when accepted, else gzip, else the file itself; always varying on it', async () => {
    const br = await get('/assets/app-1a2b.js', 'gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(js)
    const gz = await get('/assets/app-1a2b.js', 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(gz.body).toString()).toBe(js)
    const plain = await get('/assets/app-1a2b.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(js)
    for (const r of [br, gz, plain]) {
      expect(r.headers.vary).toBe('Accept-Encoding')
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(Number(r.headers['content-length'])).toBe(r.body.length)
    }
    expect(br.body.length).toBeLessThan(plain.body.length / 5)
  })

  it('honours q=0 (not acceptable) and serves index.html, revalidated, for client routes', async () => {
    expect((await get('/assets/app-1a2b.js', 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip')
    const page = await get('/tasks/abc', 'br')
    expect(page.status).toBe(200)
    expect(page.headers['content-encoding']).toBeUndefined()
    expect(page.headers['cache-control']).toBe('no-cache')
    expect(page.body.toString()).toContain('规划监测')
  })
})
