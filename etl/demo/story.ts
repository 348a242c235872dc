/**
 * The demo district's storyline: the moment it is "exported", the trajectories the
 * indicators follow and the targets they are measured against (seeds 001 and 004).
 * Every number that shapes how the dashboards read lives here, so the story can be
 * retold by editing one file.
 */

/** The facts cover the plan period, 2021-01-01 .. 2025-12-31 (Asia/Shanghai). */
export const FACTS_START = '2021-01-01 00:00:00'
export const FACT_DAYS = 1826
export const FIRST_FACT_YEAR = 2021

/**
 * The export moment. Fixed (never "now") so output is byte-identical; a few days after
 * the period so that late-December applications, tickets and events are still open.
 */
export const EXPORT_AT = '2026-01-04 09:00:00'
export const GENERATED_AT = '2026-01-04T01:00:00.000Z'

/** Catalogue snapshots: year-ends for closed years, a recent export for the current one. */
export const SNAPSHOT_DATES: ReadonlyArray<readonly [year: number, date: string]> = [
  [2020, '2020-12-31'],
  [2021, '2021-12-31'],
  [2022, '2022-12-31'],
  [2023, '2023-12-31'],
  [2024, '2024-12-31'],
  [2025, '2025-12-20'],
]

/** Rows per unit of scale for the facts that scale. */
export const VOLUME = {
  applications: 1_000_000,
  hotlineTickets: 300_000,
  governanceEvents: 150_000,
  sharingRequests: 8_000,
} as const

/** Share of applications that get a 好差评 rating (of those completed). */
export const EVALUATION_SHARE = 0.31

/** Deliberately broken application rows: about one in ten thousand, at least one of each kind. */
export const BAD_ROW_EVERY = 10_000
export const BAD_ROW_KINDS = [
  'impossible submitted_at (2022-13-45)',
  'completed_at before submitted_at',
  'unknown channel (传真)',
  'e_certificate_used without certificate_required',
] as const

/**
 * Catalogue flag rates per snapshot year 2020..2025 (share of items, booking: of hall
 * items). 2020 matches seed 004's baseline exactly: 1680 items, 1500 online, 1414 一次办.
 * Online 99.4% and 最多跑一次 98.2% stay short of the 100% goals; 掌上可办 ends at 76%
 * (goal ≥80%); 全程网办事项 reaches 81.5% (≥80%) and 网上预约 100%.
 */
export const CATALOGUE_RATES = {
  online: [1500 / 1680, 0.935, 0.962, 0.978, 0.988, 0.994],
  full: [0.42, 0.53, 0.63, 0.71, 0.77, 0.815],
  mobile: [0.28, 0.4, 0.52, 0.62, 0.7, 0.76],
  oneVisit: [1414 / 1680, 0.88, 0.92, 0.95, 0.97, 0.982],
  booking: [0.45, 0.62, 0.78, 0.9, 0.97, 1],
} as const

/** Application behaviour per year 2021..2025 before department and town lags. */
export const APPLICATION_RATES = {
  /** Chance an application to an online-capable item is made online (web/mobile/kiosk). */
  online: [0.5, 0.6, 0.69, 0.77, 0.83],
  /** Of online applications not at a kiosk: chance of mobile when the item is mobile-capable. */
  mobile: [0.38, 0.48, 0.57, 0.64, 0.7],
  /** Chance a web/mobile application to a 全程网办 item is completed fully online. */
  fullOnline: [0.82, 0.87, 0.91, 0.93, 0.95],
  /** 用证率 before lags: targets 60/85/95% for 2021/22/23 — behind in 2023, caught up in 2024. */
  eCertificate: [0.66, 0.88, 0.955, 0.98, 0.99],
} as const

/** Other facts per year 2021..2025 before lags. */
export const FACT_RATES = {
  /** 1–2 star share of 好差评 ratings. */
  badRating: [0.045, 0.04, 0.034, 0.03, 0.027],
  /** 共享满足率 before provider lags: 50/75/95% targets; ends slightly below 95%. */
  sharingSatisfied: [0.6, 0.8, 0.95, 0.955, 0.96],
  /** 12345 tickets closed by their due time. */
  hotlineOnTime: [0.86, 0.89, 0.92, 0.94, 0.95],
  /** 一网统管 events closed by their due time. */
  eventOnTime: [0.8, 0.85, 0.89, 0.92, 0.93],
} as const

/** 政务App daily active users, yearly means 2021..2025 (targets 5万/7万/10万 for 2021/22/23). */
export const APP_NAME = 'i示范政务App'
export const APP_DAU_MEANS = [47_500, 71_500, 95_000, 108_000, 117_000] as const
