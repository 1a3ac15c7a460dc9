/**
 * The suggestions contract: analysis output (plus baskets of orders) in, concrete proposals out, and
 * the outcome measurement of an applied proposal. Pure data; the workflow, apply/revert and pages
 * code against these shapes. Method: notes/analytics-methods.md. Money is integer minor units of
 * `currencyCode`; days are YYYY-MM-DD in the shop's time zone.
 *
 * Functions (app/suggestions/index.ts):
 *   generateProposals(input: SuggestionInput): Proposal[]
 *   measureOutcome(input: OutcomeInput): Outcome
 *   matchControls(candidates: ControlCandidate[], treated: ControlCandidate, k: number): ControlCandidate[]
 *   baselineForecast(series: DailySeries, applyDay: Day, lookbackDays: number, days: number): BaselineForecast
 */
import type { AnalysisInput, AnalysisResult, Day, FlagKind } from "../analysis/types";

export type { Day } from "../analysis/types";

export type SuggestionKind = "markdown" | "discount" | "bundle" | "content" | "archive" | "restock";

export interface SuggestionSettings {
  /**
   * Lowest gross margin a proposed price may leave, in percent of that price (Shopify's "margin":
   * (price - cost) / price), so the floor price is cost / (1 - minMarginPercent / 100). Only a
   * clearance may go below it (and below cost).
   */
  minMarginPercent: number;
  /** Largest reduction any proposal makes (markdown step, discount, bundle), percent of the price. */
  maxDiscountPercent: number;
  /** Dead stock may be cleared below the margin floor and below cost. */
  allowClearance: boolean;
  /** Days over which a markdown aims to clear stock and over which impact is estimated. */
  horizonDays: number;
}

export const DEFAULT_SUGGESTION_SETTINGS: SuggestionSettings = {
  minMarginPercent: 20,
  maxDiscountPercent: 40,
  allowClearance: false,
  horizonDays: 60,
};

/** One order's distinct products (cancelled and test orders excluded), for association rules. */
export interface Basket {
  orderId: string;
  day: Day;
  productIds: string[];
}

export interface CustomerSegmentRef {
  id: string;
  name: string;
}

export interface SuggestionInput {
  input: AnalysisInput;
  result: AnalysisResult;
  settings: SuggestionSettings;
  /** The shop can create bundles with `productBundleCreate`; otherwise bundles are buy-together discounts. */
  bundlesEligible: boolean;
  /** Recent orders' baskets; without them no bundle is proposed. */
  orders?: Basket[];
  /** A segment (from app/segments) to offer category discounts to as a code; without one they are automatic. */
  discountSegment?: CustomerSegmentRef;
}

/** The flags a proposal answers, with their numbers (a flag's evidence as analysis stored it). */
export interface EvidenceFlag {
  kind: FlagKind;
  productId: string;
  variantId: string | null;
  confidence: number;
  summary: string;
}

export interface ProposalEvidence {
  flags: EvidenceFlag[];
  /**
   * The numbers the proposal was computed from (rates, stock, elasticity and its basis, lift and
   * p-values...), named for the detail page. Part of the fingerprint, at two significant digits.
   */
  numbers: Record<string, number | string | boolean | null>;
}

/** The store values a proposal was computed from; apply re-reads them and marks the proposal stale if they differ. */
export interface AssumedState {
  variants: Array<{
    variantId: string;
    productId: string;
    priceMinor: number;
    compareAtPriceMinor: number | null;
  }>;
  products: Array<{
    productId: string;
    seoTitle: string | null;
    seoDescription: string | null;
    status: string;
    tags: string[];
  }>;
}

export const LADDER_STEPS = [10, 20, 30, 40] as const;
export type LadderStep = (typeof LADDER_STEPS)[number];

export interface MarkdownChanges {
  /** Percent off the current price; every variant takes the same step unless its floor stops it lower. */
  variants: Array<{
    variantId: string;
    priceMinor: number;
    compareAtPriceMinor: number | null;
    step: LadderStep;
  }>;
  /** Below the margin floor or cost allowed (dead stock, clearance allowed in settings). */
  clearance: boolean;
}

export interface DiscountChanges {
  type: "automatic" | "code";
  /** Only for `code` discounts. */
  code?: string;
  /** The discount's name shown to staff and on the order. */
  title: string;
  percentage: number;
  productIds: string[];
  customerSegment?: CustomerSegmentRef;
  /**
   * The proposed window, from the day after the analysis for `horizonDays`. Apply may start it on the
   * approval day instead, keeping its length.
   */
  startsAt: Day;
  endsAt: Day;
}

export interface BundleChanges {
  anchorProductId: string;
  slowProductId: string;
  /** Percent off the pair bought together. */
  percentage: number;
  method: "productBundleCreate" | "buy_together_discount";
  title: string;
}

export interface ContentChanges {
  seoTitle: string /* <= 70 characters */;
  seoDescription: string /* <= 160 characters */;
  /** What the merchant must add by hand, in words ("add at least one image"). */
  missing: string[];
}

export interface ArchiveChanges {
  status: "ARCHIVED";
}

/** Informational: nothing is applied. */
export interface RestockChanges {
  variantId: string;
  unitsSuggested: number;
  /** Cover the suggested units bring at the current rate, in days. */
  daysOfCover: number;
}

export interface ChangesByKind {
  markdown: MarkdownChanges;
  discount: DiscountChanges;
  bundle: BundleChanges;
  content: ContentChanges;
  archive: ArchiveChanges;
  restock: RestockChanges;
}

export type Impact =
  | {
      kind: "estimated";
      /** Change in gross profit over the horizon against doing nothing, minor units (Monte Carlo quantiles). */
      p10: number;
      p50: number;
      p90: number;
      probabilityPositive: number;
      horizonDays: number;
      /** What was simulated, in one sentence. */
      note: string;
    }
  | { kind: "directional"; note: string };

interface ProposalBase {
  /**
   * Same kind and products across runs: a new run with a new fingerprint under this key, or without
   * this key at all, expires the old proposal.
   */
  key: string;
  /** Hash of kind, products, assumed values, evidence numbers and changes. */
  fingerprint: string;
  productIds: string[];
  variantIds: string[];
  currencyCode: string;
  /** One line. */
  title: string;
  /** One or two sentences a merchant understands, money formatted. */
  rationale: string;
  evidence: ProposalEvidence;
  assumed: AssumedState;
  impact: Impact;
  /** Money at stake (stock value plus revenue at risk) for ordering the queue, minor units. */
  stakeMinor: number;
  /** Keys of proposals that act on the same stock another way (a markdown and a category discount): approve one at most. */
  alternativeKeys: string[];
}

export type ProposalOf<K extends SuggestionKind> = ProposalBase & { kind: K; changes: ChangesByKind[K] };

export type Proposal = { [K in SuggestionKind]: ProposalOf<K> }[SuggestionKind];

// ---- outcome measurement ------------------------------------------------------------------------

/** A product's daily sales from `start`, one entry per calendar day. */
export interface DailySeries {
  productId: string;
  start: Day;
  units: number[];
  revenueMinor: number[];
  /** null when unit cost is unknown. */
  grossProfitMinor: number[] | null;
  /** Days with stock; out-of-stock days are left out of exposure. Absent: every day counts. */
  inStock?: boolean[];
}

export interface OutcomeInput {
  treated: DailySeries;
  /** Matched untouched products (see matchControls), frozen at apply time. */
  controls: DailySeries[];
  applyDay: Day;
  /** Days compared before and after applyDay. */
  windowDays: number;
  /** Shifts of the apply day in days (negative: earlier) at which the controls give a placebo effect. */
  placeboDays: number[];
}

export type OutcomeMetric = "units" | "revenue" | "gross_profit";
export type OutcomeLabel = "worked" | "did_not_work" | "inconclusive";

export interface MetricOutcome {
  metric: OutcomeMetric;
  /** Multiplicative effect exp(DiD of log rates): 1.5 means +50 % against the controls. */
  effect: number;
  /** 95 % interval of the effect (sampling noise plus the placebo dates' excess spread). */
  interval: [number, number];
  label: OutcomeLabel;
  treatedBefore: number;
  treatedAfter: number;
  controlsBefore: number;
  controlsAfter: number;
  /** Smallest multiplicative change these counts could detect (80 % power, 5 % two-sided). */
  minimumDetectableEffect: number;
}

export interface Outcome {
  /** Gross profit's label when cost is known, else revenue's. */
  label: OutcomeLabel;
  metrics: MetricOutcome[];
  placeboEffects: number[];
  /** One sentence: what was found, or why nothing could be. */
  summary: string;
}

export interface ControlCandidate {
  productId: string;
  productType: string;
  /** Rate before the apply day, units per in-stock day. */
  preRatePerDay: number;
  /** No suggestion applied to it in the measured period. */
  untouched: boolean;
}

export interface BaselineForecast {
  fromDay: Day;
  days: number;
  expectedUnits: number;
  unitsInterval: [number, number] /* P10, P90 */;
  expectedRevenueMinor: number;
  expectedGrossProfitMinor: number | null;
}
