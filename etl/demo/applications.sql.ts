import { enumPairs, headerRow } from '../contract/forms'
import { type FactContext, P, perDept, perTown } from './fact-context'
import { dateTime, floats, label, pickIndex, u, yearIndex } from './random.sql'
import { APPLICATION_RATES, BAD_ROW_EVERY, BAD_ROW_KINDS, FACT_DAYS } from './story'

/** Bad rows sit at the middle of every `stride` rows, one kind after another. */
export function badRowPlan(rows: number): { count: number; stride: number } {
  const count = Math.min(rows, Math.max(BAD_ROW_KINDS.length, Math.round(rows / BAD_ROW_EVERY)))
  return { count, stride: Math.max(1, Math.floor(rows / count)) }
}

/**
 * One row per application with typed columns, before formatting: shared by the
 * applications file and the 好差评 that refer to them. Columns: n, ii (item), di
 * (dept), ti (town), channel, submitted, fully_online, cert_required, e_cert_used,
 * visits, promised_days, done_at, status, completed_at, updated_at, bad_kind.
 */
export function applicationsBaseSql(ctx: FactContext, rows: number): string {
  const lag = (f: (l: FactContext['depts'][number]['lag']) => number | undefined) =>
    floats(perDept(ctx, (d) => f(d.lag) ?? 0))
  const townLag = (f: (l: FactContext['towns'][number]['lag']) => number | undefined) =>
    floats(perTown(ctx, (t) => f(t.lag) ?? 0))
  const bad = badRowPlan(rows)
  const half = Math.floor(bad.stride / 2)
  const r = APPLICATION_RATES
  return `SELECT
  number AS n,
  -- Volume grows over the years: day density rises towards the end of the period.
  toUInt32(floor(${FACT_DAYS} * pow(${u(1)}, 0.9))) AS day0,
  toYear(toDate(${P.start}) + day0) AS y0,
  -- A few popular items take most applications (Zipf-like); an item not in the catalogue
  -- that year falls back to one that always is.
  toUInt32(floor(${ctx.items.length} * pow(${u(2)}, 3))) + 1 AS ii0,
  if(${P.itemFrom}[ii0] <= y0 AND y0 <= ${P.itemTo}[ii0], ii0, 1 + ii0 % ${ctx.alwaysPresent}) AS ii,
  ${P.itemDept}[ii] AS di,
  ${pickIndex(
    perTown(ctx, (t) => t.weight),
    u(3),
  )} AS ti,
  ${floats(r.online)}[least(greatest(y0 - 2020, 1), 5)] - ${lag((l) => l.channel)}[di] - ${townLag((l) => l.channel)}[ti] AS p_online,
  multiIf(
    ${P.itemOnline}[ii] > y0 OR ${u(4)} >= p_online, 'window',
    ${u(5)} < 0.07, 'kiosk',
    ${P.itemMobile}[ii] <= y0 AND ${u(6)} < ${floats(r.mobile)}[least(greatest(y0 - 2020, 1), 5)], 'mobile',
    'web') AS channel,
  -- Halls are closed at weekends: window applications move to the nearest weekday.
  toDayOfWeek(toDate(${P.start}) + day0) AS dow,
  if(channel = 'window' AND dow >= 6, if(day0 + 8 - dow < ${FACT_DAYS}, day0 + 8 - dow, day0 + 5 - dow), day0) AS day,
  if(channel = 'window', 30600 + floor(32400 * ${u(7)}), 21600 + floor(64800 * ${u(7)})) AS sec,
  addSeconds(${P.start}, toUInt32(day * 86400 + sec)) AS submitted,
  ${yearIndex('submitted')} AS yi,
  toYear(submitted) AS y,
  channel IN ('web', 'mobile') AND ${P.itemFull}[ii] <= y
    AND ${u(8)} < ${floats(r.fullOnline)}[yi] - ${lag((l) => l.fullOnline)}[di] AS fully_online,
  if(${P.itemCert}[ii] = 1, ${u(9)} < 0.95, ${u(9)} < 0.03) AS cert_required,
  cert_required
    AND ${u(10)} < ${floats(r.eCertificate)}[yi] - ${lag((l) => l.eCert)}[di] - ${townLag((l) => l.eCert)}[ti] AS e_cert_used,
  toUInt8(multiIf(fully_online, 0, channel != 'window', 1, ${P.itemOneVisit}[ii] <= y, 1, 2 + (${u(11)} < 0.3))) AS visits,
  ${P.itemDays}[ii] AS promised_days,
  -- Working days ≈ 1.4 calendar days; most finish in time, slow departments less often.
  if(promised_days = 0, 600 + floor(7200 * ${u(12)}),
    floor(promised_days * 1.4 * 86400 * ${floats(perDept(ctx, (d) => d.lag.slow ?? 1))}[di] * pow(${u(12)}, 0.6))) AS elapsed,
  addSeconds(submitted, toUInt32(elapsed)) AS done_at,
  ${u(13)} AS us,
  multiIf(us < 0.02, 'withdrawn', us < 0.035, 'rejected',
    done_at > ${P.exportAt}, if(submitted > ${P.exportAt} - 432000, 'submitted', 'accepted'),
    'completed') AS status,
  if(status = 'completed', done_at, NULL) AS completed_at,
  least(multiIf(
    status = 'completed', addSeconds(done_at, toUInt32(60 * floor(30 * ${u(14)}))),
    status IN ('withdrawn', 'rejected'), addSeconds(submitted, toUInt32(259200 * ${u(14)})),
    addSeconds(submitted, 600)), ${P.exportAt}) AS updated_at,
  if(n % ${bad.stride} = ${half} AND intDiv(n, ${bad.stride}) < ${bad.count},
    toInt8(intDiv(n, ${bad.stride}) % ${BAD_ROW_KINDS.length}), toInt8(-1)) AS bad_kind
FROM numbers({demoRows:UInt64})`
}

export const applicationId = "concat('BJ', toString(y), leftPad(toString(n), 9, '0'))"

/** Header: the contract's main Chinese aliases, in contract order (the order of the SELECT below). */
export const APPLICATION_HEADER = headerRow('service_applications', 'zh')

/**
 * The file's rows. Value forms vary on purpose (channel as 窗口 or window, bools as
 * 是/否, Y/N, true/false); bad_kind ≥ 0 breaks the row in one of BAD_ROW_KINDS.
 */
export function applicationsFileSql(ctx: FactContext, rows: number): string {
  return `SELECT
  ${applicationId},
  ${P.items}[ii],
  ${P.depts}[di],
  ${P.towns}[ti],
  multiIf(bad_kind = 2, '传真', ${u(15)} < 0.7, ${label('channel', enumPairs('service_applications', 'channel'))}, channel),
  if(fully_online, '是', '否'),
  if(cert_required AND bad_kind != 3, 'Y', 'N'),
  if(e_cert_used OR bad_kind = 3, 'true', 'false'),
  visits,
  if(bad_kind = 0, '2022-13-45 10:00:00', ${dateTime('submitted')}),
  if(bad_kind = 1, ${dateTime('addSeconds(submitted, -259200)')}, ${dateTime('completed_at')}),
  promised_days,
  ${label("if(bad_kind = 1, 'completed', status)", enumPairs('service_applications', 'status'))},
  ${dateTime('updated_at')}
FROM (${applicationsBaseSql(ctx, rows)})`
}
