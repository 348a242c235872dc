import { openTempWarehouse } from '../../warehouse/testing'

const dir = process.argv[2]!
const { wh, dispose } = await openTempWarehouse('scratch-')
const q = async (title: string, sql: string) => {
  try {
    const r = await wh.rows(
      sql + ' SETTINGS input_format_try_infer_datetimes=0, input_format_try_infer_dates=0',
    )
    console.log('==', title)
    console.table(r)
  } catch (e) {
    console.log('ERR', title, (e as Error).message.slice(0, 400))
  }
}
const apps = `file('${dir}/service_applications.csv', 'CSVWithNames') WHERE toYear(parseDateTimeBestEffortOrNull(\`申请时间\`)) > 2000 AND \`办件状态\` != '已撤回'`
await q(
  'apps by year',
  `SELECT toYear(parseDateTimeBestEffortOrNull(\`申请时间\`)) y, count() c, round(avg(\`申请渠道\` NOT IN ('窗口','window')),3) online, round(avg(\`全程网办\`='是'),3) fo, round(sumIf(\`使用电子证照\`='true', \`涉及证照\`='Y')/countIf(\`涉及证照\`='Y'),3) ecert, round(avg(\`申请渠道\` IN ('掌上','mobile')),3) mobile, round(avg(\`跑动次数\`),2) visits FROM ${apps} GROUP BY y ORDER BY y`,
)
await q(
  'apps by dept 2025',
  `SELECT \`受理部门编码\` d, count() c, round(avg(\`申请渠道\` NOT IN ('窗口','window')),3) online, round(avg(\`全程网办\`='是'),3) fo, round(sumIf(\`使用电子证照\`='true', \`涉及证照\`='Y')/countIf(\`涉及证照\`='Y'),3) ecert FROM ${apps} AND toYear(parseDateTimeBestEffortOrNull(\`申请时间\`))=2023 GROUP BY d ORDER BY d`,
)
await q(
  'apps by town 2023',
  `SELECT \`办理地区划代码\` t, count() c, round(avg(\`申请渠道\` NOT IN ('窗口','window')),3) online, round(avg(\`全程网办\`='是'),3) fo, round(sumIf(\`使用电子证照\`='true', \`涉及证照\`='Y')/countIf(\`涉及证照\`='Y'),3) ecert FROM ${apps} AND toYear(parseDateTimeBestEffortOrNull(\`申请时间\`))=2023 GROUP BY t ORDER BY t`,
)
await q(
  'status',
  `SELECT \`办件状态\` s, count() FROM file('${dir}/service_applications.csv', 'CSVWithNames') GROUP BY s`,
)
await q(
  'eval',
  `SELECT toYear(parseDateTimeBestEffort(evaluated_at)) y, count() c, round(avg(rating>=3),4) sat, round(sumIf(rectified='true', rating<=2)/countIf(rating<=2),3) rect, sum(application_id IS NULL) noapp FROM file('${dir}/evaluations.csv', 'CSVWithNames') GROUP BY y ORDER BY y`,
)
await q(
  'eval by dept',
  `SELECT dept_code, count() c, round(avg(rating>=3),4) sat, round(sumIf(rectified='true', rating<=2)/countIf(rating<=2),3) rect FROM file('${dir}/evaluations.csv', 'CSVWithNames') GROUP BY dept_code ORDER BY sat LIMIT 5`,
)
await q(
  'sharing',
  `SELECT toYear(parseDateTimeBestEffort(requested_at)) y, count() c, round(countIf(status='satisfied')/countIf(status!='pending'),4) sat, countIf(status='pending') pend FROM file('${dir}/sharing_requests.csv', 'CSVWithNames') GROUP BY y ORDER BY y`,
)
await q(
  'sharing by provider',
  `SELECT provider_dept_code, count() c, round(countIf(status='satisfied')/countIf(status!='pending'),4) sat FROM file('${dir}/sharing_requests.csv', 'CSVWithNames') GROUP BY 1 ORDER BY sat LIMIT 5`,
)
const hot = `(SELECT *, parseDateTimeBestEffort(\`来电时间\`) r, parseDateTimeBestEffortOrNull(\`办理时限\`) due, parseDateTimeBestEffortOrNull(\`办结时间\`) cl FROM file('${dir}/hotline_tickets.jsonl', 'JSONEachRow'))`
await q(
  'hotline',
  `SELECT toYear(r) y, count() c, round(countIf(cl <= due)/countIf(due IS NOT NULL),4) ontime, round(countIf(\`回访满意度\` IN ('满意','基本满意'))/countIf(\`回访满意度\`!='未评价'),4) sat, round(avg(\`来源渠道\`='电话'),3) phone FROM ${hot} GROUP BY y ORDER BY y`,
)
await q(
  'hotline by dept',
  `SELECT \`承办部门编码\` d, count() c, round(countIf(cl <= due)/countIf(due IS NOT NULL),4) ontime FROM ${hot} GROUP BY d ORDER BY ontime LIMIT 5`,
)
const ev = `(SELECT *, parseDateTimeBestEffort(\`上报时间\`) r, parseDateTimeBestEffortOrNull(\`处置时限\`) due, parseDateTimeBestEffortOrNull(\`办结时间\`) cl FROM file('${dir}/governance_events.csv', 'CSVWithNames'))`
await q(
  'events',
  `SELECT toYear(r) y, count() c, round(countIf(\`事件状态\`='已办结')/countIf(\`事件状态\`!='已作废'),4) closure, round(countIf(\`事件状态\`='已办结' AND cl<=due)/countIf(\`事件状态\`!='已作废' AND due IS NOT NULL),4) ontime FROM ${ev} GROUP BY y ORDER BY y`,
)
await q(
  'events by town',
  `SELECT substring(toString(\`区划代码\`),1,9) t, count() c, round(countIf(\`事件状态\`='已办结')/countIf(\`事件状态\`!='已作废'),4) closure, round(countIf(\`事件状态\`='已办结' AND cl<=due)/countIf(\`事件状态\`!='已作废' AND due IS NOT NULL),4) ontime FROM ${ev} WHERE toYear(r)=2024 GROUP BY t ORDER BY t`,
)
await q(
  'dau',
  `SELECT toYear(parseDateTimeBestEffort(\`日期\`)) y, round(avg(\`日活跃用户数\`)) m, count() FROM file('${dir}/app_activity.csv', 'CSVWithNames') GROUP BY y ORDER BY y`,
)
await dispose()

import fs from 'node:fs'
import iconv from 'iconv-lite'

const lines = iconv
  .decode(fs.readFileSync(`${dir}/service_items.csv`), 'gbk')
  .trim()
  .split('\r\n')
  .slice(1)
  .map((l) => l.split(','))
const by = new Map<string, string[][]>()
for (const l of lines) {
  const k = l[9]!
  by.set(k, [...(by.get(k) ?? []), l])
}
for (const [d, ls] of by) {
  const r = (i: number) => (ls.filter((l) => l[i] === '是').length / ls.length).toFixed(4)
  const hall = ls.filter((l) => l[8] === '是')
  console.log(
    d,
    ls.length,
    'online',
    ls.filter((l) => l[3] === '是').length,
    r(3),
    'full',
    r(4),
    'one',
    ls.filter((l) => l[5] === '是').length,
    r(5),
    'mob',
    r(7),
    'book',
    (hall.filter((l) => l[6] === '是').length / hall.length).toFixed(4),
  )
  const notOnline = ls
    .filter((l) => l[3] !== '是')
    .map((l) => l[2])
    .reduce((m, c) => ({ ...m, [c!]: (m[c!] ?? 0) + 1 }), {} as Record<string, number>)
  console.log('   not online by dept', JSON.stringify(notOnline).slice(0, 300))
}
