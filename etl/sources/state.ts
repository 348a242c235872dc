import { z } from 'zod'
import type { Warehouse } from '../../warehouse/client'
import { defineQuery } from '../../warehouse/query'

const WATERMARK = defineQuery({
  name: 'source_state.watermark',
  sql: 'SELECT watermark FROM source_state FINAL WHERE source = {source:String}',
  params: z.object({ source: z.string() }),
  row: z.object({ watermark: z.string().nullable() }),
})

export async function getWatermark(wh: Warehouse, source: string): Promise<string | null> {
  const [row] = await wh.query(WATERMARK, { source })
  return row?.watermark ?? null
}

export async function setWatermark(wh: Warehouse, source: string, watermark: string): Promise<void> {
  await wh.command(
    'INSERT INTO source_state (source, watermark, _version) VALUES ({source:String}, {watermark:String}, {v:UInt64})',
    { source, watermark, v: Date.now() },
  )
}
