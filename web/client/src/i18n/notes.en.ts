import type { notesZh } from './notes.zh'

/** Notes on the indicator page, in English; the type makes a missing key a compile error. */
export const notesEn: Record<keyof typeof notesZh, string> = {
  'inote.title': 'Notes',
  'inote.titleAll': 'Notes (district, departments and towns)',
  'inote.empty': 'No notes for this year yet.',
  'inote.kind.explanation': 'Explanation',
  'inote.kind.cause': 'Cause',
  'inote.kind.measure': 'Measure',
  'inote.wholeYear': 'All of {year}',
  'inote.month': '{year}-{month}',
  'inote.by': '{who} · {at}',
  'inote.selected': 'In the reports',
  'inote.select': 'Add to reports',
  'inote.unselect': 'Remove from reports',
  'inote.delete': 'Delete',
  'inote.confirmDelete': 'Delete this note?',
  'inote.addFor': 'A note on “{scope}” for {year}',
  'inote.kind': 'Kind',
  'inote.period': 'Month',
  'inote.body': 'Text',
  'inote.bodyHint': 'What happened, why, or what was done (at most {n} characters)',
  'inote.needBody': 'Please write the note',
  'inote.save': 'Save note',
  'inote.saving': 'Saving…',
  'inote.marker': 'Notes {n}',
  'inote.markerLabel': '{n} notes in month {month}',
} as const
