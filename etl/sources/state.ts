import type { Warehouse } from '../../warehouse/client'

export async function getWatermark(wh: Warehouse, source: string): Promise<string | null> {
  const rows = await wh.rows<{ watermark: string | null }>(
    'SELECT watermark FROM source_state FINAL WHERE source = {source:String}',
    { source },
  )
  return rows[0]?.watermark ?? null
}

export async function setWatermark(wh: Warehouse, source: string, watermark: string): Promise<void> {
  await wh.command(
    'INSERT INTO source_state (source, watermark, _version) VALUES ({source:String}, {watermark:String}, {v:UInt64})',
    { source, watermark, v: Date.now() },
  )
}
