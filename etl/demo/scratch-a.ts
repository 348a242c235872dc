import { openTempWarehouse } from '../../warehouse/testing'

const { wh, dispose } = await openTempWarehouse('scratch-')
console.log(
  await wh.rows(
    `SELECT name, value FROM system.settings WHERE name IN ('max_bytes_before_external_sort','max_threads','max_memory_usage','max_bytes_ratio_before_external_sort')`,
  ),
)
const sel = (tail: string) => `INSERT INTO FUNCTION file('/tmp/scr/o.csv', 'CustomSeparated')
SELECT number AS n, concat('BJ', leftPad(toString(number), 10, '0'), repeat('x', 150)) AS a, formatDateTime(toDateTime('2021-01-01 00:00:00','Asia/Shanghai') + cityHash64(number, 3) % 150000000, '%Y-%m-%d %H:%i:%S') AS b, cityHash64(number,2) % 7 AS c FROM numbers(10000000) ${tail}`
const S = `engine_file_truncate_on_insert=1, format_custom_escaping_rule='CSV', format_custom_field_delimiter=',', format_custom_row_after_delimiter='\\n'`
for (const [name, tail] of [
  ['orderby', `ORDER BY n SETTINGS ${S}`],
  ['plain', `SETTINGS ${S}`],
  ['threads1', `SETTINGS ${S}, max_threads=1`],
]) {
  const t = Date.now()
  await wh.command(sel(tail!))
  const mem = process.memoryUsage().rss / 1e6
  const first = await wh.rows(
    `SELECT count() c, sum(n = rowNumberInAllBlocks()) inorder FROM file('/tmp/scr/o.csv', 'CSV', 'n UInt64, a String, b String, c UInt8')`,
  )
  console.log(name, Date.now() - t, 'ms rss', mem.toFixed(0), JSON.stringify(first))
}
await dispose()
