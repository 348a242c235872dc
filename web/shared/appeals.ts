/** Limits of the evaluation loop's forms, shared by the server's checks and the client's inputs. */

/** Longest appeal reason, in characters. */
export const APPEAL_REASON_MAX = 2_000
/** Longest decision reason, in characters. */
export const DECISION_REASON_MAX = 1_000
