import PDFDocument from 'pdfkit'

/** A real, small PDF (pdfkit) with one line of text: an evidence file for tests. */
export function samplePdf(text = 'evidence'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument()
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.text(text)
    doc.end()
  })
}
