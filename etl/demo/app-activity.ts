import { headerRow } from '../contract/forms'
import { writeCsv } from './files.writer'
import { rand } from './random'
import { APP_DAU_MEANS, APP_NAME, FIRST_FACT_YEAR } from './story'

/** Spring Festival (除夕) dates: usage dips for about a week around them. */
const SPRING_FESTIVAL = ['2021-02-11', '2022-01-31', '2023-01-21', '2024-02-09', '2025-01-28']
/** Days the statistics feed was down: absent from the export, as real series have gaps. */
const MISSING_DAYS = new Set(['2022-08-14', '2024-03-02'])
const DAY_MS = 86_400_000

interface Day {
  date: Date
  iso: string
  dau: number
}

/** The app's daily series: growth through yearly anchors, weekly rhythm, holidays, noise. */
export function appActivitySeries(): Day[] {
  const start = Date.UTC(FIRST_FACT_YEAR, 0, 1)
  const end = Date.UTC(FIRST_FACT_YEAR + APP_DAU_MEANS.length, 0, 1)
  const festivals = SPRING_FESTIVAL.map((d) => Date.parse(`${d}T00:00:00Z`))
  const days: Day[] = []
  for (let t = start; t < end; t += DAY_MS) {
    const date = new Date(t)
    const iso = date.toISOString().slice(0, 10)
    if (MISSING_DAYS.has(iso)) continue
    // Linear between mid-year anchors at each year's mean.
    const yearPos =
      date.getUTCFullYear() -
      FIRST_FACT_YEAR +
      (t - Date.UTC(date.getUTCFullYear(), 0, 1)) / (365 * DAY_MS) -
      0.5
    const i = Math.min(Math.max(Math.floor(yearPos), 0), APP_DAU_MEANS.length - 2)
    const level = APP_DAU_MEANS[i]! + (APP_DAU_MEANS[i + 1]! - APP_DAU_MEANS[i]!) * (yearPos - i)
    const dow = date.getUTCDay()
    const weekly = dow === 0 ? 0.8 : dow === 6 ? 0.86 : 1.07
    const holiday = festivals.some((f) => Math.abs(t - f) <= 5 * DAY_MS) ? 0.55 : 1
    const noise = 1 + (rand('dau', iso) - 0.5) * 0.12
    days.push({ date, iso, dau: level * weekly * holiday * noise })
  }
  // Rescale each year so its mean is exactly the storyline's (the shape stays).
  APP_DAU_MEANS.forEach((mean, y) => {
    const inYear = days.filter((d) => d.date.getUTCFullYear() === FIRST_FACT_YEAR + y)
    const actual = inYear.reduce((s, d) => s + d.dau, 0) / inYear.length
    for (const d of inYear) d.dau = Math.round((d.dau * mean) / actual)
  })
  return days
}

/** app_activity.csv: Chinese headers, dates like 2023/5/6. */
export function writeAppActivity(file: string): number {
  const rows = appActivitySeries().map((d) => [
    `${d.date.getUTCFullYear()}/${d.date.getUTCMonth() + 1}/${d.date.getUTCDate()}`,
    APP_NAME,
    d.dau,
  ])
  writeCsv(file, headerRow('app_activity', 'zh'), rows, 'utf-8')
  return rows.length
}
