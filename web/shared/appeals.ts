/** Limits of the evaluation loop's forms, shared by the server's checks and the client's inputs. */

/** Longest appeal reason, in characters. */
export const APPEAL_REASON_MAX = 2_000
/** Longest decision reason, in characters. */
export const DECISION_REASON_MAX = 1_000
/** Longest publicity window (公示), in days. */
export const PUBLICITY_DAYS_MAX = 30
/** Days before a publicity window closes when departments with a draft appeal are reminded. */
export const REMIND_DAYS_DEFAULT = 2
