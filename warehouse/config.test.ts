import { describe, expect, it } from 'vitest'
import { ConfigError, loadWarehouseConfig } from './config'

describe('loadWarehouseConfig', () => {
  it('defaults to the embedded engine on ./data', () => {
    const c = loadWarehouseConfig({})
    expect(c.warehouse.mode).toBe('embedded')
    expect(c.warehouse.dataDir.endsWith('/data')).toBe(true)
    expect(c.warehouse.database).toBe('default')
    expect(c.logLevel).toBe('info')
  })

  it('switches to server mode when CLICKHOUSE_URL is set', () => {
    const c = loadWarehouseConfig({
      CLICKHOUSE_URL: 'http://ch:8123',
      CLICKHOUSE_DATABASE: 'plan',
      CLICKHOUSE_USER: 'u',
    })
    expect(c.warehouse).toMatchObject({ mode: 'server', url: 'http://ch:8123', database: 'plan', user: 'u' })
  })

  it.each([
    [{ CLICKHOUSE_URL: 'ftp://x' }, /CLICKHOUSE_URL must be an http\(s\) URL/],
    [
      { CLICKHOUSE_URL: 'http://x:8123', CLICKHOUSE_DATABASE: 'a; DROP' },
      /CLICKHOUSE_DATABASE must be a plain identifier/,
    ],
    [{ CLICKHOUSE_CLUSTER: 'c1' }, /CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('rejects %o with a clear message', (env, message) => {
    expect(() => loadWarehouseConfig(env)).toThrow(ConfigError)
    expect(() => loadWarehouseConfig(env)).toThrow(message)
  })

  it("reads only the warehouse's variables", () => {
    // Another layer's variable, even an invalid one, is not the warehouse's business.
    expect(loadWarehouseConfig({ PORT: 'abc', COOKIE_SECURE: 'maybe' }).warehouse.mode).toBe('embedded')
  })

  it('treats empty strings as unset', () => {
    expect(loadWarehouseConfig({ DATA_DIR: '', CLICKHOUSE_URL: ' ' }).warehouse.mode).toBe('embedded')
  })
})
