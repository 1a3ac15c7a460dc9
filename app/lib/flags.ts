import type { FlagKind, Severity } from "../analysis/types";

/** Every flag kind, in the order the pages list them. */
export const FLAG_KINDS: readonly FlagKind[] = [
  "slow_mover",
  "declining",
  "overstock",
  "dead_stock",
  "stockout_risk",
  "high_returns",
  "sold_below_cost",
  "discount_dependent",
  "weak_content",
];

/** What a merchant calls each kind: the pages never show the stored identifiers. */
export const FLAG_LABELS: Record<FlagKind, string> = {
  slow_mover: "Slow movers",
  declining: "Declining sales",
  overstock: "Overstocked",
  dead_stock: "Dead stock",
  stockout_risk: "Stockout risk",
  high_returns: "High returns",
  sold_below_cost: "Sold below cost",
  discount_dependent: "Discount dependent",
  weak_content: "Weak content",
};

export const isFlagKind = (value: string): value is FlagKind =>
  (FLAG_KINDS as readonly string[]).includes(value);

/** A stored kind the pages do not know (a newer analysis) is shown as-is rather than hidden. */
export const flagLabel = (kind: string): string => (isFlagKind(kind) ? FLAG_LABELS[kind] : kind);

export const SEVERITY_TONE: Record<Severity, "critical" | "warning" | "info"> = {
  high: "critical",
  medium: "warning",
  low: "info",
};

export const severityTone = (severity: string | null) =>
  severity && severity in SEVERITY_TONE ? SEVERITY_TONE[severity as Severity] : undefined;
