import type { AppDeps } from '../trpc'
import type { Attachment } from './channels/message'

/** What the alert run works with: the app's own dependencies (the CLI builds the same). */
export type AlertDeps = AppDeps

/**
 * One thing worth telling: an event a rule watches for, or a scheduled report's period. Its
 * key is what makes it happen once per recipient (with the rule or subscription and the
 * recipient); `dept` says whose data it shows, so a department account only ever receives
 * its own department's events.
 */
export interface AlertEvent {
  /** Unique within its origin, e.g. `2025:online_rate:behind` or `2026-11`. */
  key: string
  /** The department the content is about; undefined: district-wide (never sent to a department account). */
  dept?: string
  /** One line, Chinese. */
  title: string
  /** Detail lines (the key numbers), Chinese. */
  lines: string[]
  /** Where it is in the app: an in-app route `#/…`. */
  link: string
  facts: Record<string, string | number | boolean | null>
  /** Files for email (the PDF), built once per event when a message needs them. */
  attachments?: () => Promise<Attachment[]>
}

/** One alert run: the time it stands at and what its sources share (asked once per run). */
export interface AlertRun {
  deps: AlertDeps
  now: Date
  /** Asia/Shanghai date of `now`. */
  today: string
  /** `--now`: scheduled deliveries of the current period are due whatever the hour. */
  force: boolean
  memo: Map<string, Promise<unknown>>
}

/** Asked once per run and key (values for a scope, the task board, the data status). */
export function once<T>(run: AlertRun, key: string, make: () => Promise<T>): Promise<T> {
  let hit = run.memo.get(key) as Promise<T> | undefined
  if (!hit) {
    hit = make()
    run.memo.set(key, hit)
  }
  return hit
}
