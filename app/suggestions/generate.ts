/*
 * generateProposals(): flags and store data in, concrete proposals out (issue 6; method in
 * notes/analytics-methods.md). Pure and deterministic: no clock, seeded Monte Carlo, stable orders.
 */
import {
  approx,
  dayNumber,
  dayString,
  moneyFormatter,
  percent,
  pluralType,
  spanInWords,
} from "../analysis/format";
import { gammaP } from "../analysis/stats";
import type {
  DailySalesInput,
  Flag,
  FlagKind,
  ProductInput,
  ProductMetrics,
  VariantInput,
  VariantMetrics,
} from "../analysis/types";
import { associationRules, type PairRule } from "./association";
import { missingContent, seoDescriptionDraft, seoTitleDraft } from "./content";
import { fingerprintOf, seedOf } from "./fingerprint";
import {
  posteriorFromInterval,
  simulatePriceChange,
  simulateRestock,
  type GammaPosterior,
  type PricedProduct,
} from "./impact";
import {
  allowedStep,
  clearanceDiscount,
  estimateElasticity,
  floorPrice,
  ladderStep,
  priceAfter,
  weeklyPoints,
  type ElasticityEstimate,
} from "./pricing";
import {
  LADDER_STEPS,
  type AssumedState,
  type ChangesByKind,
  type EvidenceFlag,
  type Impact,
  type LadderStep,
  type Proposal,
  type ProposalEvidence,
  type ProposalOf,
  type SuggestionInput,
  type SuggestionKind,
} from "./types";

/** Flags that mean too much stock for the demand: answered by a markdown, a discount or a bundle. */
const STOCK_FLAGS: FlagKind[] = ["slow_mover", "overstock", "dead_stock"];

/** Dead stock down to this many units is not worth a markdown: archive it. */
export const ARCHIVE_MAX_UNITS = 2;

/** Bundles: the pair must be significant after FDR control, clearly above chance, and seen a few times. */
export const BUNDLE_MAX_Q = 0.05;
export const BUNDLE_MIN_LIFT = 1.5;
export const BUNDLE_MIN_ORDERS = 3;

/** Restock: enough units to reach this probability of covering demand until the next delivery and the horizon. */
const RESTOCK_SERVICE_LEVEL = 0.9;

type Numbers = ProposalEvidence["numbers"];

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

interface Catalog {
  source: SuggestionInput;
  money: (minor: number) => string;
  products: Map<string, ProductInput>;
  variants: Map<string, VariantInput[]>;
  metrics: Map<string, ProductMetrics>;
  variantMetrics: Map<string, VariantMetrics>;
  flags: Map<string, Flag[]>;
  sales: Map<string, DailySalesInput[]>;
}

function catalogOf(source: SuggestionInput): Catalog {
  const group = <T>(items: T[], keyOf: (item: T) => string) => {
    const out = new Map<string, T[]>();
    for (const item of items) {
      const list = out.get(keyOf(item));
      if (list) list.push(item);
      else out.set(keyOf(item), [item]);
    }
    return out;
  };
  return {
    source,
    money: moneyFormatter(source.input.currencyCode),
    products: new Map(source.input.products.map((product) => [product.id, product])),
    variants: group(source.input.variants, (variant) => variant.productId),
    metrics: new Map(source.result.products.map((metrics) => [metrics.productId, metrics])),
    variantMetrics: new Map(source.result.variants.map((metrics) => [metrics.variantId, metrics])),
    flags: group(source.result.flags, (flag) => flag.productId),
    sales: group(source.input.dailySales, (row) => row.productId),
  };
}

const hasFlag = (flags: Flag[], kind: FlagKind) => flags.some((flag) => flag.kind === kind);

function evidenceFlag(flag: Flag): EvidenceFlag {
  return {
    kind: flag.kind,
    productId: flag.productId,
    variantId: flag.variantId,
    confidence: flag.confidence,
    summary: flag.summary,
  };
}

function assumedOf(catalog: Catalog, productIds: string[], variants: VariantInput[]): AssumedState {
  return {
    variants: variants.map((variant) => ({
      variantId: variant.id,
      productId: variant.productId,
      priceMinor: variant.priceMinor,
      compareAtPriceMinor: variant.compareAtPriceMinor,
    })),
    products: productIds.map((id) => {
      const product = catalog.products.get(id) as ProductInput;
      return {
        productId: id,
        seoTitle: product.seoTitle,
        seoDescription: product.seoDescription,
        status: product.status,
        tags: [...product.tags],
      };
    }),
  };
}

/** Stock value plus revenue at risk of the flags a proposal answers, each product counted once. */
function stakeOf(flags: Flag[]): number {
  const byProduct = new Map<string, { stock: number; risk: number }>();
  for (const flag of flags) {
    const entry = byProduct.get(flag.productId) ?? { stock: 0, risk: 0 };
    entry.stock = Math.max(entry.stock, flag.stockValueMinor);
    entry.risk = Math.max(entry.risk, flag.revenueAtRiskMinor);
    byProduct.set(flag.productId, entry);
  }
  let stake = 0;
  for (const entry of byProduct.values()) stake += entry.stock + entry.risk;
  return stake;
}

interface Draft<K extends SuggestionKind> {
  kind: K;
  key: string;
  productIds: string[];
  variantIds: string[];
  title: string;
  rationale: string;
  flags: Flag[];
  numbers: Numbers;
  assumed: AssumedState;
  changes: ChangesByKind[K];
  /** Computed once the fingerprint (and with it the seed) is known. */
  impact: (seed: number) => Impact;
}

function finish<K extends SuggestionKind>(catalog: Catalog, draft: Draft<K>): ProposalOf<K> {
  const fingerprint = fingerprintOf({
    kind: draft.kind,
    productIds: draft.productIds,
    assumed: draft.assumed,
    evidenceNumbers: draft.numbers,
    flagKinds: draft.flags.map((flag) => flag.kind),
    changes: draft.changes,
  });
  return {
    kind: draft.kind,
    key: draft.key,
    fingerprint,
    productIds: draft.productIds,
    variantIds: draft.variantIds,
    currencyCode: catalog.source.input.currencyCode,
    title: draft.title,
    rationale: draft.rationale,
    evidence: { flags: draft.flags.map(evidenceFlag), numbers: draft.numbers },
    assumed: draft.assumed,
    changes: draft.changes,
    impact: draft.impact(seedOf(fingerprint)),
    stakeMinor: stakeOf(draft.flags),
    alternativeKeys: [],
  };
}

// ---- demand of one product: rate posterior, elasticity, variant shares -----------------------------------

interface Demand {
  metrics: ProductMetrics;
  rate: GammaPosterior;
  elasticity: ElasticityEstimate;
  /** Share of the product's sales per variant id (stock shares when nothing sold). */
  shares: Map<string, number>;
}

function demandOf(catalog: Catalog, productId: string): Demand | null {
  const metrics = catalog.metrics.get(productId);
  if (!metrics) return null;
  const variants = catalog.variants.get(productId) ?? [];
  const rates = variants.map((variant) => catalog.variantMetrics.get(variant.id)?.ratePerDay ?? 0);
  const rateSum = rates.reduce((sum, rate) => sum + rate, 0);
  const stockSum = variants.reduce((sum, variant) => sum + Math.max(0, variant.inventoryQuantity), 0);
  const shares = new Map(
    variants.map((variant, i) => [
      variant.id,
      rateSum > 0
        ? (rates[i] as number) / rateSum
        : stockSum > 0
          ? Math.max(0, variant.inventoryQuantity) / stockSum
          : 1 / variants.length,
    ]),
  );
  return {
    metrics,
    // the sales count plus a prior worth about one sale, when the interval cannot say more
    rate: posteriorFromInterval(metrics.ratePerDay, metrics.rateInterval, metrics.units + 1),
    elasticity: estimateElasticity(
      weeklyPoints(catalog.sales.get(productId) ?? [], catalog.source.input.asOf),
    ),
    shares,
  };
}

function elasticityNumbers(elasticity: ElasticityEstimate): Numbers {
  return {
    elasticity: round(elasticity.mean, 3),
    elasticitySd: round(elasticity.sd, 3),
    elasticityBasis: elasticity.basis,
    elasticityPriorWeight: round(elasticity.priorWeight, 3),
    elasticityWeeks: elasticity.weeks,
    priceLevels: elasticity.priceLevels,
    regressionSlope: elasticity.slope === null ? null : round(elasticity.slope, 3),
  };
}

function elasticityWords(elasticity: ElasticityEstimate): string {
  return elasticity.basis === "prior"
    ? `elasticity ${approx(elasticity.mean)}, the published average, as its own sales show too few price levels`
    : `elasticity ${approx(elasticity.mean)} from ${elasticity.weeks} weeks at ${elasticity.priceLevels} price levels, ${percent(elasticity.priorWeight)} weight on the published average of -2.6`;
}

/** Variants priced at `step` or the deepest step below it their floor allows. */
function pricedVariants(
  variants: VariantInput[],
  target: LadderStep,
  options: { clearance: boolean; minMarginPercent: number },
): Array<{ variant: VariantInput; step: LadderStep }> {
  const out: Array<{ variant: VariantInput; step: LadderStep }> = [];
  for (const variant of variants) {
    if (variant.priceMinor <= 0) continue;
    const step = allowedStep(variant, target, options);
    if (step !== null) out.push({ variant, step });
  }
  return out;
}

function pricedProduct(
  demand: Demand,
  priced: Array<{ variant: VariantInput; step: LadderStep }>,
): PricedProduct | null {
  if (priced.some(({ variant }) => variant.unitCostMinor === null)) return null;
  if (!(demand.metrics.ratePerDay > 0)) return null;
  return {
    rate: demand.rate,
    elasticity: demand.elasticity,
    lines: priced.map(({ variant, step }) => ({
      share: demand.shares.get(variant.id) ?? 0,
      stock: Math.max(0, variant.inventoryQuantity),
      priceMinor: variant.priceMinor,
      newPriceMinor: priceAfter(variant.priceMinor, step),
      unitCostMinor: variant.unitCostMinor as number,
    })),
  };
}

function priceImpact(
  products: Array<PricedProduct | null>,
  horizonDays: number,
  seed: number,
  what: string,
  missing: string,
): Impact {
  if (products.length === 0 || products.some((product) => product === null))
    return { kind: "directional", note: missing };
  const summary = simulatePriceChange(products as PricedProduct[], horizonDays, seed);
  return {
    kind: "estimated",
    ...summary,
    horizonDays,
    note: `Gross profit over ${horizonDays} days with ${what} against without, over the uncertainty in the sales rate and the elasticity; stock left at the end is not valued.`,
  };
}

// ---- markdown and archive ------------------------------------------------------------------------------

function markdownOrArchive(catalog: Catalog, productId: string): Proposal | null {
  const { settings } = catalog.source;
  const product = catalog.products.get(productId) as ProductInput;
  const flags = (catalog.flags.get(productId) ?? []).filter((flag) => STOCK_FLAGS.includes(flag.kind));
  const allFlags = catalog.flags.get(productId) ?? [];
  const demand = demandOf(catalog, productId);
  if (flags.length === 0 || !demand || product.status !== "ACTIVE") return null;
  // a product that sells only on discount needs less discounting, not more
  if (hasFlag(allFlags, "discount_dependent")) return null;
  const stock = demand.metrics.stockUnits;
  if (stock <= 0) return null;
  const dead = hasFlag(flags, "dead_stock");
  const clearance = dead && settings.allowClearance;
  const variants = catalog.variants.get(productId) ?? [];
  const horizon = settings.horizonDays;
  const rate = demand.metrics.ratePerDay;
  const needed = clearanceDiscount(stock, rate, horizon, demand.elasticity.mean);
  const target = ladderStep(needed, settings.maxDiscountPercent);
  const options = { clearance, minMarginPercent: settings.minMarginPercent };
  const priced = target === null ? [] : pricedVariants(variants, target, options);

  const numbers: Numbers = {
    stockUnits: stock,
    ratePerDay: round(rate),
    horizonDays: horizon,
    requiredDiscountPercent: round(Math.max(0, needed) * 100, 1),
    ...elasticityNumbers(demand.elasticity),
    minMarginPercent: settings.minMarginPercent,
    maxDiscountPercent: settings.maxDiscountPercent,
    clearance,
  };

  if (dead && (stock <= ARCHIVE_MAX_UNITS || priced.length === 0)) {
    const deadFlag = flags.find((flag) => flag.kind === "dead_stock") as Flag;
    const blocked =
      priced.length === 0 && target !== null
        ? ` No markdown step keeps your ${settings.minMarginPercent} % margin floor, and clearance is off.`
        : "";
    return finish(catalog, {
      kind: "archive",
      key: `archive:${productId}`,
      productIds: [productId],
      variantIds: [],
      title: `Archive ${product.title}`,
      rationale: `${deadFlag.summary}${blocked} Archiving hides it from the store; nothing is deleted and it can be restored.`,
      flags,
      numbers: { ...numbers, quietInStockDays: Number(deadFlag.evidence.quietInStockDays ?? 0) },
      assumed: assumedOf(catalog, [productId], []),
      changes: { status: "ARCHIVED" },
      impact: () => ({
        kind: "directional",
        note: "No sales are expected either way; archiving tidies the catalog and the stock figures.",
      }),
    });
  }
  if (target === null || priced.length === 0) return null;

  const changedVariants = priced.map(({ variant }) => variant);
  const deepest = Math.max(...priced.map(({ step }) => step)) as LadderStep;
  const uniform = priced.every(({ step }) => step === deepest);
  const lift = (1 - deepest / 100) ** demand.elasticity.mean;
  const expectedNow = rate * horizon;
  const expectedAfter = Math.min(stock, rate * lift * horizon);
  const cover = rate > 0 ? stock / rate : Infinity;
  const reaches = needed * 100 <= deepest;
  const outcome = reaches
    ? `should sell the ${stock} in stock within about ${horizon} days`
    : `should sell about ${Math.round(expectedAfter)} of the ${stock} in stock in ${horizon} days (clearing all would need ${percent(Math.min(1, needed))} off)`;
  const floorNote = uniform ? "" : " Some variants stop at a smaller step to keep the margin floor.";
  const clearanceNote = clearance ? " This is a clearance: it may sell below the margin floor or cost." : "";
  const variantIds = changedVariants.map((variant) => variant.id);
  return finish(catalog, {
    kind: "markdown",
    key: `markdown:${productId}`,
    productIds: [productId],
    variantIds,
    title: `${clearance ? "Clear" : "Mark down"} ${product.title} by ${uniform ? "" : "up to "}${deepest} %`,
    rationale:
      `At about ${approx(rate * 7)} a week the ${stock} in stock would last ${spanInWords(cover)}. ` +
      `${deepest} % off ${outcome}, at ${elasticityWords(demand.elasticity)}.${floorNote}${clearanceNote}`,
    flags,
    numbers: {
      ...numbers,
      step: deepest,
      unitsExpectedAtCurrentPrice: round(Math.min(stock, expectedNow), 1),
      unitsExpectedAfterMarkdown: round(expectedAfter, 1),
      floorPricesMinor: changedVariants
        .map((variant) =>
          variant.unitCostMinor === null
            ? "unknown"
            : floorPrice(variant.unitCostMinor, settings.minMarginPercent),
        )
        .join(","),
    },
    assumed: assumedOf(catalog, [productId], changedVariants),
    changes: {
      clearance,
      variants: priced.map(({ variant, step }) => ({
        variantId: variant.id,
        priceMinor: priceAfter(variant.priceMinor, step),
        // the crossed-out price: the current one, unless a higher one is already shown
        compareAtPriceMinor:
          variant.compareAtPriceMinor !== null && variant.compareAtPriceMinor > variant.priceMinor
            ? variant.compareAtPriceMinor
            : variant.priceMinor,
        step,
      })),
    },
    impact: (seed) =>
      priceImpact(
        [pricedProduct(demand, priced)],
        horizon,
        seed,
        `the markdown`,
        "Directional: unit cost or a measured sales rate is missing, so the profit change cannot be estimated.",
      ),
  });
}

// ---- category discount -----------------------------------------------------------------------------------

function categoryDiscounts(catalog: Catalog, candidates: string[]): Proposal[] {
  const { settings, discountSegment, input } = catalog.source;
  const byType = new Map<string, string[]>();
  for (const productId of candidates) {
    const product = catalog.products.get(productId) as ProductInput;
    const flags = catalog.flags.get(productId) ?? [];
    if (product.status !== "ACTIVE" || hasFlag(flags, "dead_stock") || hasFlag(flags, "discount_dependent"))
      continue;
    if (!flags.some((flag) => flag.kind === "slow_mover" || flag.kind === "overstock")) continue;
    if ((catalog.metrics.get(productId)?.stockUnits ?? 0) <= 0) continue;
    const type = product.productType.trim();
    if (type === "") continue;
    byType.set(type, [...(byType.get(type) ?? []), productId]);
  }

  const proposals: Proposal[] = [];
  for (const type of [...byType.keys()].sort()) {
    const members: Array<{ productId: string; demand: Demand; step: LadderStep }> = [];
    for (const productId of byType.get(type) as string[]) {
      const demand = demandOf(catalog, productId) as Demand;
      const variants = (catalog.variants.get(productId) ?? []).filter((variant) => variant.priceMinor > 0);
      const needed = clearanceDiscount(
        demand.metrics.stockUnits,
        demand.metrics.ratePerDay,
        settings.horizonDays,
        demand.elasticity.mean,
      );
      const target = ladderStep(needed, settings.maxDiscountPercent);
      if (target === null || variants.length === 0) continue;
      // one percentage for every variant: the product's step is its tightest variant's
      const steps = variants.map((variant) =>
        allowedStep(variant, target, { clearance: false, minMarginPercent: settings.minMarginPercent }),
      );
      if (steps.some((step) => step === null)) continue;
      members.push({ productId, demand, step: Math.min(...(steps as number[])) as LadderStep });
    }
    if (members.length < 2) continue;
    const percentage = Math.min(...members.map((member) => member.step)) as LadderStep;
    const productIds = members.map((member) => member.productId);
    const flags = productIds.flatMap((id) =>
      (catalog.flags.get(id) ?? []).filter((flag) => flag.kind === "slow_mover" || flag.kind === "overstock"),
    );
    const variants = productIds.flatMap((id) =>
      (catalog.variants.get(id) ?? []).filter((variant) => variant.priceMinor > 0),
    );
    const stock = members.reduce((sum, member) => sum + member.demand.metrics.stockUnits, 0);
    const code = discountSegment ? `${type.toUpperCase().replace(/[^A-Z0-9]/g, "")}${percentage}` : undefined;
    const asOf = dayNumber(input.asOf);
    const plural = pluralType(type);
    proposals.push(
      finish(catalog, {
        kind: "discount",
        key: `discount:category:${type}`,
        productIds,
        variantIds: variants.map((variant) => variant.id),
        title: `${percentage} % off ${productIds.length} slow ${plural} for ${settings.horizonDays} days`,
        rationale:
          `${productIds.length} ${plural} sell far below their category with ${stock} units in stock. ` +
          `A time-limited ${percentage} % ${discountSegment ? `code for ${discountSegment.name}` : "automatic discount"} moves them together and ends by itself; it is an alternative to marking each down.`,
        flags,
        numbers: {
          products: productIds.length,
          stockUnits: stock,
          percentage,
          horizonDays: settings.horizonDays,
          minMarginPercent: settings.minMarginPercent,
          maxDiscountPercent: settings.maxDiscountPercent,
          elasticities: members.map((member) => round(member.demand.elasticity.mean, 2)).join(","),
        },
        assumed: assumedOf(catalog, productIds, variants),
        changes: {
          type: discountSegment ? "code" : "automatic",
          ...(code ? { code } : {}),
          title: `${percentage} % off ${plural}`,
          percentage,
          productIds,
          ...(discountSegment ? { customerSegment: discountSegment } : {}),
          startsAt: dayString(asOf + 1),
          endsAt: dayString(asOf + settings.horizonDays),
        },
        impact: (seed) =>
          priceImpact(
            members.map((member) =>
              pricedProduct(
                member.demand,
                (catalog.variants.get(member.productId) ?? [])
                  .filter((variant) => variant.priceMinor > 0)
                  .map((variant) => ({ variant, step: percentage })),
              ),
            ),
            settings.horizonDays,
            seed,
            // a segment's code reaches only part of the buyers: the estimate is for everyone
            discountSegment ? "the discount if every buyer used it" : "the discount",
            "Directional: unit cost or a measured sales rate is missing for some of these products.",
          ),
      }),
    );
  }
  return proposals;
}

// ---- bundles -------------------------------------------------------------------------------------------

function bundles(catalog: Catalog, slowIds: string[]): Proposal[] {
  const { orders, settings, bundlesEligible } = catalog.source;
  if (!orders || orders.length === 0) return [];
  const focus = new Set(
    slowIds.filter((id) => {
      const flags = catalog.flags.get(id) ?? [];
      return catalog.products.get(id)?.status === "ACTIVE" && !hasFlag(flags, "discount_dependent");
    }),
  );
  const slow = new Set(slowIds);
  const rules = associationRules(orders, focus);
  const best = new Map<string, PairRule>();
  for (const rule of rules) {
    const anchor = catalog.products.get(rule.otherId);
    const anchorMetrics = catalog.metrics.get(rule.otherId);
    if (
      rule.kit ||
      rule.qValue >= BUNDLE_MAX_Q ||
      rule.lift < BUNDLE_MIN_LIFT ||
      rule.bothOrders < BUNDLE_MIN_ORDERS ||
      anchor?.status !== "ACTIVE" ||
      slow.has(rule.otherId) ||
      !anchorMetrics ||
      anchorMetrics.abcClass === "C"
    )
      continue;
    const current = best.get(rule.focusId);
    if (
      !current ||
      rule.lift > current.lift ||
      (rule.lift === current.lift && rule.bothOrders > current.bothOrders)
    )
      best.set(rule.focusId, rule);
  }

  const first = LADDER_STEPS.filter((step) => step <= settings.maxDiscountPercent)[0];
  if (first === undefined) return [];
  const proposals: Proposal[] = [];
  for (const slowId of [...best.keys()].sort()) {
    const rule = best.get(slowId) as PairRule;
    const anchorId = rule.otherId;
    const variants = [anchorId, slowId].flatMap((id) =>
      (catalog.variants.get(id) ?? []).filter((variant) => variant.priceMinor > 0),
    );
    // the pair's discount applies to both items' prices: each must keep its floor
    const fits = variants.every(
      (variant) =>
        allowedStep(variant, first, { clearance: false, minMarginPercent: settings.minMarginPercent }) ===
        first,
    );
    if (!fits) continue;
    const slowProduct = catalog.products.get(slowId) as ProductInput;
    const anchorProduct = catalog.products.get(anchorId) as ProductInput;
    const method = bundlesEligible ? "productBundleCreate" : "buy_together_discount";
    proposals.push(
      finish(catalog, {
        kind: "bundle",
        key: `bundle:${slowId}+${anchorId}`,
        productIds: [anchorId, slowId],
        variantIds: variants.map((variant) => variant.id),
        title: `Bundle ${slowProduct.title} with ${anchorProduct.title} at ${first} % off`,
        rationale:
          `${percent(rule.confidence)} of ${anchorProduct.title} orders (${rule.bothOrders} of ${rule.otherOrders}) already include ${slowProduct.title}, ${approx(rule.lift)} times what chance would give. ` +
          `Offering the pair ${method === "productBundleCreate" ? "as a bundle" : "with a buy-together discount"} puts the slow item in front of those buyers.`,
        flags: (catalog.flags.get(slowId) ?? []).filter((flag) => STOCK_FLAGS.includes(flag.kind)),
        numbers: {
          orders: rule.orders,
          anchorOrders: rule.otherOrders,
          slowOrders: rule.focusOrders,
          bothOrders: rule.bothOrders,
          support: round(rule.support, 5),
          confidence: round(rule.confidence),
          lift: round(rule.lift, 3),
          pValue: rule.pValue,
          qValue: rule.qValue,
          percentage: first,
        },
        assumed: assumedOf(catalog, [anchorId, slowId], variants),
        changes: {
          anchorProductId: anchorId,
          slowProductId: slowId,
          percentage: first,
          method,
          title: `${anchorProduct.title} + ${slowProduct.title}`,
        },
        impact: () => ({
          kind: "directional",
          note: `How many of the anchor's buyers take up the offer is unknown before it runs; the association (lift ${approx(rule.lift)}, FDR q ${rule.qValue.toPrecision(2)}) says they are the likeliest buyers.`,
        }),
      }),
    );
  }
  return proposals;
}

// ---- content -------------------------------------------------------------------------------------------

function contentFix(catalog: Catalog, flag: Flag): Proposal {
  const product = catalog.products.get(flag.productId) as ProductInput;
  const issues = String(flag.evidence.issues ?? "")
    .split(",")
    .filter(Boolean);
  const seoTitle = seoTitleDraft(product);
  const seoDescription = seoDescriptionDraft(product);
  const missing = missingContent(issues, catalog.source.input.settings.thinDescriptionChars);
  const drafted = [
    seoTitle !== (product.seoTitle ?? "").trim() ? "an SEO title" : "",
    seoDescription !== (product.seoDescription ?? "").trim() ? "an SEO description" : "",
  ].filter(Boolean);
  return finish(catalog, {
    kind: "content",
    key: `content:${product.id}`,
    productIds: [product.id],
    variantIds: [],
    title: `Improve the page of ${product.title}`,
    rationale: `${flag.summary}${drafted.length > 0 ? ` Drafted: ${drafted.join(" and ")}.` : ""}${missing.length > 0 ? ` Still needed from you: ${missing.join("; ")}.` : ""}`,
    flags: [flag],
    numbers: {
      issues: issues.join(","),
      mediaCount: Number(flag.evidence.mediaCount ?? 0),
      descriptionChars: Number(flag.evidence.descriptionChars ?? 0),
    },
    assumed: assumedOf(catalog, [product.id], []),
    changes: { seoTitle, seoDescription, missing },
    impact: () => ({
      kind: "directional",
      note: "Fuller pages and search snippets usually convert and rank better; the effect is measured after applying.",
    }),
  });
}

// ---- restock -------------------------------------------------------------------------------------------

/** Smallest k with P(Poisson(mean) <= k) >= level. */
function poissonQuantile(mean: number, level: number): number {
  let k = Math.max(0, Math.floor(mean - 1));
  while (1 - gammaP(k + 1, mean) < level) k++;
  return k;
}

function restock(catalog: Catalog, flag: Flag): Proposal | null {
  const { settings, input } = catalog.source;
  const variant = (catalog.variants.get(flag.productId) ?? []).find(
    (candidate) => candidate.id === flag.variantId,
  );
  const metrics = flag.variantId ? catalog.variantMetrics.get(flag.variantId) : undefined;
  if (!variant || !metrics || !(metrics.ratePerDay > 0)) return null;
  const product = catalog.products.get(flag.productId) as ProductInput;
  const lead = input.settings.leadTimeDays;
  const coverDays = lead + input.settings.safetyDays + settings.horizonDays;
  const onHand = Math.max(0, variant.inventoryQuantity);
  const demand = poissonQuantile(metrics.ratePerDay * coverDays, RESTOCK_SERVICE_LEVEL);
  const units = Math.max(1, demand - onHand);
  const daysOfCover = round((onHand + units) / metrics.ratePerDay, 1);
  const name = variant.title === "Default Title" ? product.title : `${product.title} (${variant.title})`;
  // the variant's sales count is the evidence on its rate: Gamma(units + 1/2) around the estimate
  const shape = metrics.units + 0.5;
  const rate: GammaPosterior = { shape, rate: shape / metrics.ratePerDay };
  const horizon = Math.max(settings.horizonDays, lead + input.settings.safetyDays);
  return finish(catalog, {
    kind: "restock",
    key: `restock:${variant.id}`,
    productIds: [product.id],
    variantIds: [variant.id],
    title: `Reorder about ${units} of ${name}`,
    rationale: `${flag.summary} Ordering ${units} now covers about ${spanInWords(daysOfCover)} of sales with ${percent(RESTOCK_SERVICE_LEVEL)} confidence; nothing is changed in the store.`,
    flags: [flag],
    numbers: {
      onHand,
      ratePerDay: round(metrics.ratePerDay),
      leadTimeDays: lead,
      safetyDays: input.settings.safetyDays,
      coverTargetDays: coverDays,
      unitsSuggested: units,
    },
    assumed: assumedOf(catalog, [product.id], [variant]),
    changes: { variantId: variant.id, unitsSuggested: units, daysOfCover },
    impact: (seed) => {
      if (variant.unitCostMinor === null)
        return {
          kind: "directional",
          note: "Directional: unit cost is unknown, so the margin a stockout loses cannot be estimated.",
        };
      const summary = simulateRestock(
        onHand,
        units,
        variant.priceMinor - variant.unitCostMinor,
        rate,
        lead,
        horizon,
        seed,
      );
      return {
        kind: "estimated",
        ...summary,
        horizonDays: horizon,
        note: `Gross profit over ${horizon} days with a delivery of ${units} after the ${lead}-day lead time against none, over the uncertainty in demand.`,
      };
    },
  });
}

// ---- all together --------------------------------------------------------------------------------------

const KIND_ORDER: SuggestionKind[] = ["restock", "markdown", "archive", "discount", "bundle", "content"];

export function generateProposals(source: SuggestionInput): Proposal[] {
  const catalog = catalogOf(source);
  const productIds = [...catalog.flags.keys()].filter((id) => catalog.products.has(id)).sort();
  const slowIds = productIds.filter((id) =>
    (catalog.flags.get(id) ?? []).some((flag) => STOCK_FLAGS.includes(flag.kind)),
  );

  const proposals: Proposal[] = [];
  for (const id of slowIds) {
    const proposal = markdownOrArchive(catalog, id);
    if (proposal) proposals.push(proposal);
  }
  proposals.push(...categoryDiscounts(catalog, slowIds));
  proposals.push(...bundles(catalog, slowIds));
  for (const id of productIds) {
    for (const flag of catalog.flags.get(id) ?? []) {
      if (flag.kind === "weak_content" && catalog.products.get(id)?.status === "ACTIVE")
        proposals.push(contentFix(catalog, flag));
      if (flag.kind === "stockout_risk") {
        const proposal = restock(catalog, flag);
        if (proposal) proposals.push(proposal);
      }
    }
  }

  // price proposals touching the same product are alternatives: applying two would stack reductions
  const priceKinds: SuggestionKind[] = ["markdown", "discount", "bundle"];
  for (const proposal of proposals) {
    if (!priceKinds.includes(proposal.kind)) continue;
    proposal.alternativeKeys = proposals
      .filter(
        (other) =>
          other !== proposal &&
          priceKinds.includes(other.kind) &&
          other.productIds.some((id) => proposal.productIds.includes(id)),
      )
      .map((other) => other.key)
      .sort();
  }

  const rank = new Map(KIND_ORDER.map((kind, i) => [kind, i]));
  return proposals.sort(
    (a, b) =>
      b.stakeMinor - a.stakeMinor ||
      (rank.get(a.kind) as number) - (rank.get(b.kind) as number) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
