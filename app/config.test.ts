import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('loadConfig (every layer, validated once)', () => {
  it('defaults: embedded engine on ./data, port 3000, demo data on, default limits', () => {
    const c = loadConfig({})
    expect(c.warehouse.mode).toBe('embedded')
    expect(c.port).toBe(3000)
    expect(c.host).toBe('127.0.0.1')
    expect(c.cookieSecure).toBe(false)
    expect(c.etl).toEqual({ demoData: 'auto', demoScale: 1 })
    expect(c.limits).toEqual({
      queriesPerUser: 2,
      exploreTimeoutMs: 30_000,
      queryTimeoutMs: 60_000,
      resultMaxBytes: 64 * 1024 * 1024,
      resultCacheBytes: 64 * 1024 * 1024,
      requestBodyBytes: 1024 * 1024,
      uploadBodyBytes: 20 * 1024 * 1024,
    })
    expect(c.adminPassword).toBeUndefined()
  })

  it("gives each layer's variables to its settings", () => {
    const c = loadConfig({
      CLICKHOUSE_URL: 'http://ch:8123',
      DEMO_DATA: 'off',
      SOURCES_FILE: 'sources.yml',
      QUERIES_PER_USER: '3',
      COOKIE_SECURE: 'true',
      TRUSTED_PROXY_HEADER: 'X-Forwarded-For',
      ADMIN_PASSWORD: 'Root-pass-2025',
    })
    expect(c.warehouse.mode).toBe('server')
    expect(c.etl).toEqual({ demoData: 'off', demoScale: 1, sourcesFile: 'sources.yml' })
    expect(c.limits.queriesPerUser).toBe(3)
    expect(c.cookieSecure).toBe(true)
    expect(c.trustedProxyHeader).toBe('x-forwarded-for')
    expect(c.adminPassword).toBe('Root-pass-2025')
  })

  it.each([
    [{ PORT: 'abc' }, /PORT must be a number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ DEMO_DATA: 'yes' }, /DEMO_DATA must be 'auto' or 'off'/],
    [{ QUERIES_PER_USER: '1.5' }, /QUERIES_PER_USER must be a whole number/],
    [{ COOKIE_SECURE: 'yes' }, /COOKIE_SECURE must be 'true' or 'false'/],
    [{ CLICKHOUSE_CLUSTER: 'c1' }, /CLICKHOUSE_CLUSTER: needs CLICKHOUSE_URL/],
  ])('rejects %o naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('lists the problems of every layer in one error', () => {
    let error: unknown
    try {
      loadConfig({ LOG_LEVEL: 'loud', DEMO_SCALE: '-1', RESULT_MAX_MB: 'x', PORT: 'abc' })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const issues = (error as ConfigError).issues.map((i) => i.split(':')[0])
    expect(issues.sort()).toEqual(['DEMO_SCALE', 'LOG_LEVEL', 'PORT', 'RESULT_MAX_MB'])
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', CLICKHOUSE_URL: ' ', DEMO_DATA: '' }).port).toBe(3000)
  })
})
