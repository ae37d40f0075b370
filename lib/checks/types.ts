/**
 * Vocabulary of the Verification Checklist. Four outcomes, never collapsed into two:
 *  - pass / fail: the evidence decides;
 *  - could-not-check: the check ran but could not decide (unreachable, unreadable, not run yet);
 *  - not-checked: the dashboard has no way to check this yet (it needs an app's own API).
 */
export type CheckVerdict = "pass" | "fail" | "could-not-check" | "not-checked";

export interface CheckItem {
  /** Stable id, used in URLs, metrics labels and tests. */
  id: string;
  /** The seed's wording of the item. */
  title: string;
  verdict: CheckVerdict;
  /** One line a person can act on. */
  summary: string;
  /** Facts behind the verdict, most useful first. */
  evidence: string[];
  /** For fail and could-not-check items: one line on how to fix it. */
  fix?: string;
  /** For not-checked items: what the dashboard would need to check it. */
  needs?: string;
  /** A page that shows more, e.g. "/checks/hardlinks". */
  href?: string;
}

export interface ChecklistReport {
  generatedAt: string;
  items: CheckItem[];
  counts: Record<CheckVerdict, number>;
}
