import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * The metadata store's tables as Kysely sees them; they must match meta/migrations/*.sql
 * (meta/store.test.ts compares the columns with information_schema).
 *
 * timestamptz columns read as `Date` on both backends and accept a `Date` or an ISO string;
 * bigint identity columns read as `number` (both backends parse int8 with `Number`,
 * see store.ts).
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamp with a database default (`now()`). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>
/** `GENERATED ALWAYS AS IDENTITY`: never written. */
type Identity = ColumnType<number, never, never>

export type Role = 'leader' | 'evaluator' | 'analyst' | 'department' | 'admin'
export type UnitType = 'department' | 'town'
export type RankingStatus = 'frozen' | 'unfrozen' | 'published'
export type ThrottleScope = 'account' | 'address' | 'user'

export interface UsersTable {
  username: string
  display_name: string
  role: Role
  dept_code: string | null
  password_hash: string
  disabled: Generated<boolean>
  password_changed_at: DefaultTimestamp
  created_at: DefaultTimestamp
  updated_at: DefaultTimestamp
}

export interface SessionsTable {
  /** SHA-256 of the token, 64 lowercase hex digits. */
  token_hash: string
  username: string
  created_at: DefaultTimestamp
  expires_at: Timestamp
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface SigninThrottlesTable {
  scope: ThrottleScope
  key: string
  count: number
  last_at: Timestamp
}

export interface SigninKnownAddressesTable {
  username: string
  address: string
  last_at: Timestamp
}

export interface FrozenRankingsTable {
  period_key: string
  unit_type: UnitType
  scheme_id: string
  status: RankingStatus
  /** The ranking's JSON text, exactly as written. */
  payload: string
  changed_by: string
  changed_at: DefaultTimestamp
  /** The target version it was scored with (migration 0013); null: none, or not recorded. */
  target_version_id: ColumnType<number | null, number | null | undefined, number | null>
  /** Whether target_version_id was recorded (false for rankings frozen before 0013). */
  targets_recorded: Generated<boolean>
}

/**
 * Publications of official rankings (migration 0005), never deleted: a withdrawal is asked
 * for with a reason and approved by another person. One row per period × unit type is
 * current (withdrawn_at null) at a time.
 */
export interface RankingPublicationsTable {
  id: Identity
  period_key: string
  unit_type: UnitType
  published_by: string
  published_at: DefaultTimestamp
  withdraw_requested_by: string | null
  withdraw_requested_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  withdraw_reason: string | null
  withdrawn_by: string | null
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface ScoreAdjustmentsTable {
  id: Identity
  period_key: string
  unit_type: UnitType
  unit_code: string
  points: number
  reason: string
  author: string
  at: DefaultTimestamp
}

export interface TargetOverridesTable {
  year: number
  unit_type: UnitType
  unit_code: string
  indicator_id: string
  target: number
  uploaded_by: string
  uploaded_at: DefaultTimestamp
}

export type TargetVersionKind = 'upload' | 'restore' | 'initial'

/**
 * Versions of a year's unit-level targets (migration 0013), never updated or deleted: each
 * holds the year's complete set of overrides after the change (target_version_rows); the
 * year's latest (highest id) equals target_overrides.
 */
export interface TargetVersionsTable {
  id: Identity
  year: number
  kind: TargetVersionKind
  file_name: Generated<string>
  created_by: string
  created_at: DefaultTimestamp
  rows_added: number
  rows_changed: number
  rows_removed: number
  row_count: number
  restored_from: number | null
}

export interface TargetVersionRowsTable {
  version_id: number
  unit_type: UnitType
  unit_code: string
  indicator_id: string
  target: number
}

/**
 * Baselines evaluators record where a plan states none (migration 0007): one row per
 * change, never updated; the latest (highest id) per plan × indicator is in force, and a
 * row with value null clears it.
 */
export interface PlanBaselinesTable {
  id: Identity
  plan_id: string
  indicator_id: string
  value: number | null
  note: string
  recorded_by: string
  recorded_at: DefaultTimestamp
}

/** Tasks evaluators add as locally agreed (migration 0008); their id is `local_<seq>`. */
export interface LocalTasksTable {
  seq: Identity
  plan_id: string
  title_zh: string
  area: string
  /** YYYY-MM-DD. */
  start_on: string
  deadline: string
  /** JSON array of indicator ids. */
  indicators: Generated<string>
  basis: string
  created_by: string
  created_at: DefaultTimestamp
}

/** Lead and co-operating departments as evaluators assign them; the latest row is in force. */
export interface TaskAssignmentsTable {
  id: Identity
  plan_id: string
  task_id: string
  lead_code: string | null
  lead_name: string | null
  /** JSON array of {code, name}. */
  partners: Generated<string>
  note: string
  assigned_by: string
  assigned_at: DefaultTimestamp
}

export type CheckinState = 'pending' | 'accepted' | 'returned'

/** A department's report on a task and its review (at most one pending per task). */
export interface TaskCheckinsTable {
  id: Identity
  plan_id: string
  task_id: string
  dept_code: string
  percent: number
  note: string
  filed_by: string
  filed_at: DefaultTimestamp
  state: Generated<CheckinState>
  reviewed_by: string | null
  reviewed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  review_reason: string | null
}

/** Evidence files: unattached (checkin_id null) until the check-in citing them is filed. */
export interface TaskEvidenceTable {
  id: Identity
  checkin_id: number | null
  dept_code: string
  uploaded_by: string
  uploaded_at: DefaultTimestamp
  file_name: string
  content_type: string
  bytes: number
  sha256: string
  body: ColumnType<Uint8Array, Uint8Array, Uint8Array>
}

/** A frozen ranking's publicity window (公示, migration 0010); one open per period × unit type. */
export interface PublicityWindowsTable {
  id: Identity
  period_key: string
  unit_type: UnitType
  opened_by: string
  opened_at: DefaultTimestamp
  closes_at: Timestamp
  remind_days: Generated<number>
  publish_requested_by: string | null
  publish_requested_at: NullableTimestamp
  ended_at: NullableTimestamp
  ended_by: string | null
  end_reason: 'published' | 'unfrozen' | null
}

export type AppealStatus = 'draft' | 'filed' | 'accepted' | 'rejected'

/** A department's appeal against one line of its report card (申诉). */
export interface AppealsTable {
  id: Identity
  window_id: number
  unit_code: string
  subject_kind: 'indicator' | 'adjustment'
  subject_ref: string
  reason: string
  status: Generated<AppealStatus>
  created_by: string
  created_at: DefaultTimestamp
  updated_at: DefaultTimestamp
  filed_by: string | null
  filed_at: NullableTimestamp
  decided_by: string | null
  decided_at: NullableTimestamp
  decision_reason: string | null
  adjustment_id: number | null
}

/** Evidence files of appeals: unattached (appeal_id null) until attached to a draft. */
export interface AppealEvidenceTable {
  id: Identity
  appeal_id: number | null
  dept_code: string
  uploaded_by: string
  uploaded_at: DefaultTimestamp
  file_name: string
  content_type: string
  bytes: number
  sha256: string
  body: ColumnType<Uint8Array, Uint8Array, Uint8Array>
}

export type NoteScopeKind = 'district' | 'department' | 'town'
export type NoteKind = 'explanation' | 'cause' | 'measure'

/**
 * A note on an indicator × scope × year (动态与说明, migration 0012): an explanation, a cause or
 * a measure taken; evaluators select notes for the briefing and the final evaluation report.
 */
export interface IndicatorNotesTable {
  id: Identity
  indicator_id: string
  scope_kind: NoteScopeKind
  /** '' for the district. */
  scope_code: string
  year: number
  month: number | null
  kind: NoteKind
  body: string
  author: string
  created_at: DefaultTimestamp
  selected: Generated<boolean>
  selected_by: string | null
  selected_at: NullableTimestamp
}

/** Alert rules evaluators and admins manage (migration 0009); JSON columns are text. */
export interface AlertRulesTable {
  id: Identity
  name: string
  kind: string
  params: Generated<string>
  audience: Generated<string>
  emails: Generated<string>
  webhook_kind: 'wecom' | 'dingtalk' | 'generic' | null
  webhook_url: string | null
  webhook_secret: string | null
  enabled: Generated<boolean>
  created_by: string
  created_at: DefaultTimestamp
}

/** What one person subscribed to (in the app, and by email when an address is given). */
export interface AlertSubscriptionsTable {
  id: Identity
  username: string
  kind: string
  email: string | null
  created_at: DefaultTimestamp
}

export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'abandoned' | 'unknown'
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

/** One part of a message to one recipient; the key makes it happen once. */
export interface AlertDeliveriesTable {
  id: Identity
  key: string
  origin: 'rule' | 'subscription' | 'evaluation'
  origin_id: number
  origin_name: string
  kind: string
  channel: 'inapp' | 'email' | 'webhook'
  recipient: string
  dept_code: string | null
  subject: string
  status: DeliveryStatus
  attempts: Generated<number>
  batch: string | null
  last_error: string | null
  created_at: DefaultTimestamp
  claimed_at: DefaultTimestamp
  sent_at: NullableTimestamp
  next_attempt_at: NullableTimestamp
}

/** The in-app notification centre. */
export interface NotificationsTable {
  id: Identity
  username: string
  delivery_id: number
  title: string
  body: string
  link: string | null
  created_at: DefaultTimestamp
  read_at: NullableTimestamp
}

export interface AuditLogTable {
  id: Identity
  at: DefaultTimestamp
  actor: string
  action: string
  target: Generated<string>
  detail: Generated<string>
  /** What the entry changed, as JSON text (migration 0011); null when not recorded. */
  before: string | null
  after: string | null
}

/**
 * Named expiring claims, so scheduled work runs on one app instance (meta/leases.ts).
 * Times are the database's clock. `generation` is the fencing token: +1 on every
 * acquisition, kept by renewals.
 */
export interface LeasesTable {
  name: string
  holder: string
  generation: Generated<number>
  acquired_at: DefaultTimestamp
  expires_at: Timestamp
}

/**
 * One-time imports of state an earlier version kept elsewhere (meta/legacy-import.ts), one
 * row per source, written with the imported rows. jsonb reads as a parsed object on both
 * backends; write it as JSON text.
 */
/** Keys shared by every app instance (meta/secrets.ts). bytea reads as a Uint8Array or Buffer. */
export interface AppSecretsTable {
  name: string
  value: ColumnType<Uint8Array, Uint8Array, Uint8Array>
  created_at: DefaultTimestamp
}

export interface LegacyImportsTable {
  source: string
  imported_at: DefaultTimestamp
  /** Rows imported per table. */
  counts: ColumnType<Record<string, number>, string, string>
  /** Rows left out or changed, and why. */
  skipped: ColumnType<Record<string, unknown>, string | undefined, string>
}

/** The migrator's own bookkeeping (meta/migrate.ts). */
export interface SchemaMigrationsTable {
  version: number
  name: string
  checksum: string
  applied_at: DefaultTimestamp
}

export interface MetaDb {
  users: UsersTable
  sessions: SessionsTable
  signin_throttles: SigninThrottlesTable
  signin_known_addresses: SigninKnownAddressesTable
  frozen_rankings: FrozenRankingsTable
  score_adjustments: ScoreAdjustmentsTable
  ranking_publications: RankingPublicationsTable
  target_overrides: TargetOverridesTable
  target_versions: TargetVersionsTable
  target_version_rows: TargetVersionRowsTable
  plan_baselines: PlanBaselinesTable
  local_tasks: LocalTasksTable
  task_assignments: TaskAssignmentsTable
  task_checkins: TaskCheckinsTable
  task_evidence: TaskEvidenceTable
  publicity_windows: PublicityWindowsTable
  appeals: AppealsTable
  appeal_evidence: AppealEvidenceTable
  indicator_notes: IndicatorNotesTable
  alert_rules: AlertRulesTable
  alert_subscriptions: AlertSubscriptionsTable
  alert_deliveries: AlertDeliveriesTable
  notifications: NotificationsTable
  audit_log: AuditLogTable
  leases: LeasesTable
  app_secrets: AppSecretsTable
  legacy_imports: LegacyImportsTable
  schema_migrations: SchemaMigrationsTable
}

export type UserRow = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type SessionRow = Selectable<SessionsTable>
export type FrozenRankingRow = Selectable<FrozenRankingsTable>
export type ScoreAdjustmentRow = Selectable<ScoreAdjustmentsTable>
export type TargetOverrideRow = Selectable<TargetOverridesTable>
export type AuditLogRow = Selectable<AuditLogTable>
export type LeaseRow = Selectable<LeasesTable>
