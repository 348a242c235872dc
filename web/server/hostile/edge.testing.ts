import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'

/** Raw bytes to the server (what fetch refuses to send), the answer's text once it closes. */
export function rawRequest(base: string, text: string, timeoutMs = 5000): Promise<string> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve) => {
    let out = ''
    const socket = net.connect(Number(port), hostname, () => socket.write(text))
    const timer = setTimeout(() => socket.destroy(), timeoutMs)
    socket.on('data', (d) => {
      out += d.toString()
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(out)
    })
  })
}

export interface BodyAnswer {
  status: number | null
  ms: number
  text: string
  /** Bytes the client managed to send before the answer ended the exchange. */
  sent: number
  setCookies: string[]
}

/**
 * POSTs `bytes` of body from one reused 64 KB chunk (the client holds no big buffer), with a
 * Content-Length or chunked; resolves with the answer even when the server cuts the upload.
 */
export function postBody(
  url: string,
  bytes: number,
  opts: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<BodyAnswer> {
  const chunk = Buffer.alloc(64 * 1024, 'a')
  const t0 = performance.now()
  return new Promise((resolve) => {
    let sent = 0
    let done = false
    const finish = (a: Omit<BodyAnswer, 'ms' | 'sent'>) => {
      if (done) return
      done = true
      resolve({ ...a, ms: performance.now() - t0, sent })
    }
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.chunked ? {} : { 'content-length': String(bytes) }),
          ...opts.headers,
        },
      },
      (res) => {
        let text = ''
        res.on('data', (d) => {
          text += d.toString()
        })
        const end = () =>
          finish({ status: res.statusCode ?? null, text, setCookies: res.headers['set-cookie'] ?? [] })
        res.on('end', end)
        res.on('error', end)
        res.on('close', end)
      },
    )
    req.on('error', (err) => finish({ status: null, text: String(err), setCookies: [] }))
    const pump = () => {
      while (!done && sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent)
        sent += n
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once('drain', pump)
          return
        }
      }
      req.end()
    }
    pump()
  })
}

/** The first URL a started server prints (its address), or why it did not start. */
export function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /(http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString()
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)))
  })
}

/** Resident memory of a process in MB (Linux; null elsewhere). */
export function rssMB(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb ? Number(kb) / 1024 : null
  } catch {
    return null
  }
}
