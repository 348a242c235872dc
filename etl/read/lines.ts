import fs from 'node:fs'

export interface Line {
  /** 1-based line number. */
  number: number
  /** The line's text, or its first `maxBytes` bytes when it is longer. */
  text: string
  /** Full length in bytes; more than `maxBytes` means the line was cut. */
  bytes: number
}

/**
 * Splits a file into lines (LF or CRLF) holding at most `maxBytes` of any one line, so a
 * line of gigabytes (or a file with no newline at all) cannot exhaust memory the way
 * readline would.
 */
export async function* boundedLines(file: string, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = []
  let kept = 0
  let bytes = 0
  let number = 0
  const emit = (): Line => {
    let buf = Buffer.concat(parts)
    if (buf.length && buf[buf.length - 1] === 0x0d && bytes <= maxBytes) buf = buf.subarray(0, -1)
    const line = { number: ++number, text: buf.toString('utf8'), bytes }
    parts = []
    kept = 0
    bytes = 0
    return line
  }
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      take(chunk.subarray(start, nl))
      yield emit()
      start = nl + 1
    }
    take(chunk.subarray(start))
  }
  if (bytes > 0) yield emit()

  function take(piece: Buffer): void {
    bytes += piece.length
    if (kept >= maxBytes || piece.length === 0) return
    const slice = piece.subarray(0, maxBytes - kept)
    // Copy: the stream may reuse its buffer, and a small slice must not pin a whole chunk.
    parts.push(Buffer.from(slice))
    kept += slice.length
  }
}
