import type http from 'node:http'
import type { Warehouse } from '../../warehouse/client'
import { checkWarehouse } from '../../warehouse/health'

export interface HttpDeps {
  wh: Warehouse
  bootstrap?: { state: string; message: string }
}

const PLACEHOLDER = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>规划指标监测 Plan Scorecard</title></head>
<body><h1>数字政府"十四五"规划指标监测</h1><p>Plan Scorecard is starting up. 服务已启动。</p>
<p><a href="/healthz">/healthz</a></p></body></html>`

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

export function createRequestHandler(deps: HttpDeps): http.RequestListener {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    try {
      if (url.pathname === '/healthz') {
        const health = await checkWarehouse(deps.wh)
        sendJson(res, health.reachable ? 200 : 503, {
          status: health.reachable ? 'ok' : 'degraded',
          warehouse: health,
        })
        return
      }
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(PLACEHOLDER)
        return
      }
      sendJson(res, 404, { error: 'not found / 未找到' })
    } catch {
      sendJson(res, 500, { error: 'internal error / 服务内部错误' })
    }
  }
}
