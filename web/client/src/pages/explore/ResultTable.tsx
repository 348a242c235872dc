import { formatCell } from './cells'

interface Props {
  rows: Array<Record<string, unknown>>
  columns: Array<{ key: string; title: string }>
  /** Right-aligned columns (measures). */
  numeric: string[]
}

export function ResultTable({ rows, columns, numeric }: Props) {
  return (
    <div className="table-wrap table-scroll">
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                title={c.key}
                className={numeric.includes(c.key) ? 'num' : undefined}
              >
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // Rows have no natural key; their position is stable for one result.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={numeric.includes(c.key) ? 'num' : undefined}>
                  {formatCell(c.key, r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
