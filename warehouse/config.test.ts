import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('loadConfig', () => {
  it('defaults to the embedded engine on ./data and port 3000', () => {
    const c = loadConfig({})
    expect(c.warehouse.mode).toBe('embedded')
    expect(c.warehouse.dataDir.endsWith('/data')).toBe(true)
    expect(c.port).toBe(3000)
    expect(c.warehouse.database).toBe('default')
  })

  it('switches to server mode when CLICKHOUSE_URL is set', () => {
    const c = loadConfig({
      CLICKHOUSE_URL: 'http://ch:8123',
      CLICKHOUSE_DATABASE: 'plan',
      CLICKHOUSE_USER: 'u',
    })
    expect(c.warehouse).toMatchObject({ mode: 'server', url: 'http://ch:8123', database: 'plan', user: 'u' })
  })

  it.each([
    [{ PORT: 'abc' }, /PORT must be a number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ CLICKHOUSE_URL: 'ftp://x' }, /CLICKHOUSE_URL must be an http\(s\) URL/],
    [
      { CLICKHOUSE_URL: 'http://x:8123', CLICKHOUSE_DATABASE: 'a; DROP' },
      /CLICKHOUSE_DATABASE must be a plain identifier/,
    ],
    [{ CLICKHOUSE_CLUSTER: 'c1' }, /CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('rejects %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', CLICKHOUSE_URL: ' ' }).warehouse.mode).toBe('embedded')
  })
})
