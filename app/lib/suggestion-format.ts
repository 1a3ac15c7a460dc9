import type {
  Impact,
  MetricOutcome,
  Outcome,
  OutcomeLabel,
  OutcomeMetric,
  Proposal,
  SuggestionKind,
} from "../suggestions/types";
import { formatCount, formatDay, formatPercent, humanizeKey, moneyFormatter } from "./format";
import type { ActivityAction, SuggestionStatus } from "./suggestion-params";

/*
 * How suggestions read on the pages: kinds, statuses and actions in words, the expected impact,
 * the measured outcome, and each proposed change as "before -> after".
 */

export const KIND_LABELS: Record<SuggestionKind, string> = {
  markdown: "Markdown",
  discount: "Discount",
  bundle: "Bundle",
  content: "Content and SEO",
  archive: "Archive",
  restock: "Restock alert",
};

export const kindLabel = (kind: string) => KIND_LABELS[kind as SuggestionKind] ?? kind;

export const STATUS_LABELS: Record<SuggestionStatus, string> = {
  proposed: "Proposed",
  approved: "Approved",
  rejected: "Rejected",
  applying: "Applying",
  applied: "Applied",
  failed: "Failed",
  stale: "Stale",
  reverting: "Reverting",
  reverted: "Reverted",
  expired: "Expired",
};

export const statusLabel = (status: string) => STATUS_LABELS[status as SuggestionStatus] ?? status;

type Tone = "info" | "success" | "warning" | "critical" | "attention";
const STATUS_TONES: Partial<Record<SuggestionStatus, Tone>> = {
  proposed: "info",
  approved: "attention",
  applying: "attention",
  applied: "success",
  reverting: "attention",
  failed: "critical",
  stale: "warning",
};

/** Finished-with statuses (rejected, reverted, expired) stay plain. */
export const statusTone = (status: string): Tone | undefined => STATUS_TONES[status as SuggestionStatus];

export const ACTION_LABELS: Record<ActivityAction, string> = {
  proposed: "Proposed",
  approved: "Approved",
  rejected: "Rejected",
  applying: "Apply started",
  applied: "Applied",
  failed: "Apply failed",
  stale: "Marked stale",
  reverted: "Reverted",
  revert_failed: "Revert failed",
  expired: "Expired",
  measured: "Outcome measured",
};

export const actionLabel = (action: string) => ACTION_LABELS[action as ActivityAction] ?? action;

/** A signed amount: "+$12.00", "−$3.00". */
export function signedMoney(minor: number, money: (minor: number) => string): string {
  if (minor === 0) return money(0);
  return minor > 0 ? `+${money(minor)}` : `−${money(-minor)}`;
}

/** The queue's impact column: "+$120.00 (−$30.00 to +$300.00)" or "Directional". */
export function impactSummary(impact: Impact, currencyCode: string): string {
  if (impact.kind === "directional") return "Directional";
  const money = moneyFormatter(currencyCode);
  return `${signedMoney(impact.p50, money)} (${signedMoney(impact.p10, money)} to ${signedMoney(impact.p90, money)})`;
}

/** The detail page's impact in sentences. */
export function impactSentences(impact: Impact, currencyCode: string): string[] {
  if (impact.kind === "directional") {
    return [`Directional: the data do not allow a money estimate. ${impact.note}`];
  }
  const money = moneyFormatter(currencyCode);
  return [
    `Expected change in gross profit over ${formatCount(impact.horizonDays, "day")}: ` +
      `${signedMoney(impact.p50, money)} (median), between ${signedMoney(impact.p10, money)} ` +
      `and ${signedMoney(impact.p90, money)} in 8 of 10 simulations.`,
    `Chance the change is positive: ${formatPercent(impact.probabilityPositive)}.`,
    impact.note,
  ];
}

export const OUTCOME_LABELS: Record<OutcomeLabel, string> = {
  worked: "Worked",
  did_not_work: "Did not work",
  inconclusive: "Inconclusive",
};

const OUTCOME_TONES: Record<OutcomeLabel, Tone | undefined> = {
  worked: "success",
  did_not_work: "critical",
  inconclusive: undefined,
};

export const outcomeTone = (label: OutcomeLabel) => OUTCOME_TONES[label];

const METRIC_WORDS: Record<OutcomeMetric, string> = {
  units: "Units sold",
  revenue: "Revenue",
  gross_profit: "Gross profit",
};

/** A multiplicative effect as a change: 1.5 -> "+50 %", 0.8 -> "−20 %". */
export function relativeChange(effect: number): string {
  const change = effect - 1;
  if (Math.abs(change) < 0.0005) return "no change";
  const text = formatPercent(Math.abs(change));
  return change > 0 ? `+${text}` : `−${text}`;
}

/** One measured metric in plain words. */
export function metricSentence(metric: MetricOutcome): string {
  const [low, high] = metric.interval;
  // The detectable effect is a factor above 1; a fall of the same size is as detectable.
  const detectable = formatPercent(Math.abs(metric.minimumDetectableEffect - 1));
  return (
    `${METRIC_WORDS[metric.metric]}: ${relativeChange(metric.effect)} against similar untouched products ` +
    `(95 % interval ${relativeChange(low)} to ${relativeChange(high)}); ` +
    `${OUTCOME_LABELS[metric.label].toLowerCase()}. The smallest change these sales could reliably ` +
    `detect is about ${detectable}.`
  );
}

export function outcomeSentences(outcome: Outcome): string[] {
  return [outcome.summary, ...outcome.metrics.map(metricSentence)];
}

export interface ChangeRow {
  /** The product (and variant) the change is made to, or what it creates. */
  subject: string;
  field: string;
  before: string;
  after: string;
}

export interface ChangeNames {
  products: Record<string, string>;
  variants: Record<string, string>;
}

/**
 * Each proposed change as "before -> after", in the shop's currency. Before is what the proposal
 * assumed the store holds (apply checks it again and refuses a stale one).
 */
export function changeRows(proposal: Proposal, names: ChangeNames): ChangeRow[] {
  const money = moneyFormatter(proposal.currencyCode);
  const product = (id: string) => names.products[id] ?? id;
  const variant = (productId: string, variantId: string) => {
    const title = names.variants[variantId];
    return title && title !== "Default Title" ? `${product(productId)} · ${title}` : product(productId);
  };
  const optionalMoney = (minor: number | null) => (minor === null ? "none" : money(minor));
  const assumedProduct = (id: string) => proposal.assumed.products.find((row) => row.productId === id);
  const productsList = (ids: string[]) => ids.map(product).join(", ");

  switch (proposal.kind) {
    case "markdown":
      return proposal.changes.variants.flatMap((change) => {
        const before = proposal.assumed.variants.find((row) => row.variantId === change.variantId);
        const subject = variant(before?.productId ?? proposal.productIds[0] ?? "", change.variantId);
        return [
          {
            subject,
            field: `Price (${change.step} % off)`,
            before: before ? money(before.priceMinor) : "not known",
            after: money(change.priceMinor),
          },
          {
            subject,
            field: "Compare-at price",
            before: before ? optionalMoney(before.compareAtPriceMinor) : "not known",
            after: optionalMoney(change.compareAtPriceMinor),
          },
        ];
      });
    case "discount": {
      const change = proposal.changes;
      const kind = change.type === "code" ? `code ${change.code ?? ""}`.trim() : "automatic";
      const audience = change.customerSegment ? `, for ${change.customerSegment.name}` : "";
      return [
        {
          subject: productsList(change.productIds),
          field: "Discount",
          before: "none",
          after:
            `${change.title}: ${change.percentage} % off (${kind}${audience}), ` +
            `${formatDay(change.startsAt)} to ${formatDay(change.endsAt)}`,
        },
      ];
    }
    case "bundle": {
      const change = proposal.changes;
      const how = change.method === "productBundleCreate" ? "a bundle product" : "a buy-together discount";
      return [
        {
          subject: `${product(change.anchorProductId)} + ${product(change.slowProductId)}`,
          field: "Bundle",
          before: "none",
          after: `${change.title}: ${change.percentage} % off the pair, as ${how}`,
        },
      ];
    }
    case "content":
      return proposal.productIds.flatMap((id) => {
        const before = assumedProduct(id);
        return [
          {
            subject: product(id),
            field: "SEO title",
            before: before?.seoTitle || "none",
            after: proposal.changes.seoTitle,
          },
          {
            subject: product(id),
            field: "SEO description",
            before: before?.seoDescription || "none",
            after: proposal.changes.seoDescription,
          },
        ];
      });
    case "archive":
      return proposal.productIds.map((id) => ({
        subject: product(id),
        field: "Status",
        before: (assumedProduct(id)?.status ?? "not known").toLowerCase(),
        after: proposal.changes.status.toLowerCase(),
      }));
    case "restock": {
      const change = proposal.changes;
      return [
        {
          subject: variant(proposal.productIds[0] ?? "", change.variantId),
          field: "Reorder (nothing is changed in the store)",
          before: "—",
          after: `${formatCount(change.unitsSuggested, "unit")}, about ${formatCount(change.daysOfCover, "day")} of cover`,
        },
      ];
    }
  }
}

/** Stored for the workflow (a bulk retry finds its own claims by run id), meaningless to staff. */
const INTERNAL_DETAIL_KEYS = new Set(["bulkRun"]);

/**
 * An event's detail in words: the workflow stores plain sentences, or an object as JSON (ids
 * created, differences found) whose fields are listed.
 */
export function eventDetailText(detail: string | null): string | null {
  if (!detail) return null;
  if (!detail.startsWith("{")) return detail;
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return detail;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return detail;
  const record = parsed as Record<string, unknown>;
  if (typeof record.message === "string") return record.message;
  const shown = Object.entries(record).filter(([key]) => !INTERNAL_DETAIL_KEYS.has(key));
  if (shown.length === 0) return null;
  return shown.map(([key, value]) => `${humanizeKey(key)}: ${detailValue(value)}`).join("; ");
}

interface FieldChange {
  field: string;
  from?: string | null;
  to?: string | null;
  expected?: string | null;
  current?: string | null;
}

const isFieldChange = (value: unknown): value is FieldChange =>
  !!value && typeof value === "object" && typeof (value as FieldChange).field === "string";

/** Lists of field changes ({field, from, to} or {field, expected, current}) read as "Price 23.99 → 14.39". */
function detailValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every(isFieldChange)) {
    return value
      .map((change) =>
        "to" in change || "from" in change
          ? `${humanizeKey(change.field)} ${change.from ?? "empty"} → ${change.to ?? "empty"}`
          : `${humanizeKey(change.field)} was ${change.current ?? "empty"} (expected ${change.expected ?? "empty"})`,
      )
      .join(", ");
  }
  return JSON.stringify(value);
}
