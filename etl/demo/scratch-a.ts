import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { openTempWarehouse } from '../../warehouse/testing'

const { wh, dispose } = await openTempWarehouse('scratch-')
try {
  await wh.command(`INSERT INTO FUNCTION file('/tmp/scr/b.csv', 'CSVWithNames')
SELECT concat('A', toString(number)) AS \`编号\`, formatDateTime(toDateTime('2021-01-01 00:00:00', 'Asia/Shanghai') + number, '%Y-%m-%d %H:%i:%S', 'Asia/Shanghai') AS t, number % 3 AS c, toDate('2023-05-06') + number AS d, if(number=1, NULL, 'x') n FROM numbers(3) ORDER BY number
SETTINGS engine_file_truncate_on_insert=1`)
  console.log(fs.readFileSync('/tmp/scr/b.csv', 'utf8'))
} catch (e) {
  console.log('ERR1', (e as Error).message)
}
try {
  const r = await wh.client.exec({
    query: `SELECT number AS a, 'x,y' AS b FROM numbers(3) FORMAT CustomSeparated SETTINGS format_custom_escaping_rule='CSV', format_custom_field_delimiter=',', format_custom_row_after_delimiter='\\n', format_custom_result_before_delimiter='\\xEF\\xBB\\xBFa,b\\n'`,
  })
  await pipeline(r.stream, fs.createWriteStream('/tmp/scr/c.csv'))
  console.log(JSON.stringify(fs.readFileSync('/tmp/scr/c.csv', 'utf8')))
} catch (e) {
  console.log('ERR2', (e as Error).message)
}
await dispose()
