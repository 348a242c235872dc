import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../etl/demo-bootstrap'
import { loadCatalog } from '../../indicators/catalog'
import { LEADER, openTestLayer, type TestLayer } from '../testing/layer'
import { dataPeriod, latestDataDate } from './data-dates'

describe('dates of the data (not of its loading), over the demo data', () => {
  let t: TestLayer
  beforeAll(async () => {
    t = await openTestLayer()
    await loadDemoData(t.wh, { dataDir: t.wh.config.dataDir, scale: 0.01, log: () => {} })
  }, 120_000)
  afterAll(() => t.dispose())

  const rawMax = async (sql: string) => {
    const rows = await t.wh.rows<{ d: string }>(sql)
    return rows[0]?.d ?? null
  }

  it('is the latest event day within the range, as the warehouse has it', async () => {
    const expected = await rawMax(
      "SELECT toString(max(toDate(submitted_at, 'Asia/Shanghai'))) AS d FROM service_applications FINAL WHERE toDate(submitted_at, 'Asia/Shanghai') BETWEEN '2025-01-01' AND '2025-06-30'",
    )
    const got = await latestDataDate(
      t.sl,
      { timeDimension: 'application_kpis.date', filters: [], from: '2025-01-01', to: '2025-06-30' },
      LEADER,
    )
    expect(got).toBe(expected)
    expect(got! <= '2025-06-30').toBe(true)
    const yearEnd = await latestDataDate(
      t.sl,
      { timeDimension: 'application_kpis.date', filters: [], from: '2025-01-01', to: '2025-12-31' },
      LEADER,
    )
    expect(yearEnd! >= got!).toBe(true)
    expect(yearEnd! <= '2025-12-31').toBe(true)
  })

  it('is null for a range without data', async () => {
    const got = await latestDataDate(
      t.sl,
      { timeDimension: 'hotline_kpis.date', filters: [], from: '2031-01-01', to: '2031-12-31' },
      LEADER,
    )
    expect(got).toBeNull()
  })

  it('lists the years of the period with data up to today, none after; the latest most indicators cover', async () => {
    const wide = { start: 2021, end: 2030 }
    const period = await dataPeriod(t.sl, loadCatalog(), LEADER, '2026-11-30', wide)
    expect(period.years).toContain(2025)
    expect(period.years.every((y) => y <= 2026)).toBe(true)
    // The demo's events end in 2025 (only the item catalogue has a snapshot in 2026).
    expect(period.latest).toBe(2025)
    const planOnly = await dataPeriod(t.sl, loadCatalog(), LEADER, '2026-11-30', { start: 2021, end: 2025 })
    expect(planOnly.years).toEqual(period.years.filter((y) => y <= 2025))
    const earlier = await dataPeriod(t.sl, loadCatalog(), LEADER, '2022-06-30', wide)
    expect(earlier.years).toEqual(period.years.filter((y) => y <= 2022))
    expect(earlier.latest).toBe(2022)
  })

  it('region levels the views declare are the levels their data is recorded at', async () => {
    const views = (await t.sl.meta(LEADER)).filter((v) => v.regionLevels.length > 0)
    expect(views.find((v) => v.name === 'application_kpis')?.regionLevels).toEqual(['town'])
    expect(views.find((v) => v.name === 'hotline_kpis')?.regionLevels).toEqual(['town', 'village'])
    for (const v of views.filter((x) => x.name !== 'region_kpis')) {
      const { data } = await t.sl.load(
        { dimensions: [`${v.name}.region_code`, `${v.name}.town_code`], limit: 5000 },
        LEADER,
      )
      // A village row: its region is not its town.
      const village = data.some(
        (r) => r[`${v.name}.town_code`] && r[`${v.name}.region_code`] !== r[`${v.name}.town_code`],
      )
      expect(village, v.name).toBe(v.regionLevels.includes('village'))
    }
  })
})
