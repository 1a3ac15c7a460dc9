/*
 * Generators on the synthetic store: every planted stock problem is answered, prices respect the
 * ladder, the floor and cost, content drafts fit the SEO limits, the kit yields no bundle while a
 * planted association does, and the output is deterministic with fingerprints that track evidence.
 */
import { describe, expect, it } from "vitest";
import { generateStoreWithHistory } from "../../local-shopify/generator/index";
import { suggestionInputFrom } from "../../test-support/suggestion-input";
import { analyze } from "../analysis/index";
import { generateProposals } from "./generate";
import { floorPrice, priceAfter } from "./pricing";
import { LADDER_STEPS, type Basket, type Proposal, type SuggestionInput, type SuggestionKind } from "./types";

const gid = (id: number) => `gid://shopify/Product/${id}`;

const { store, history } = generateStoreWithHistory({ seed: 42, products: 300 });
const base = suggestionInputFrom(store, history);
const proposals = generateProposals(base);
const planted = (kind: string) => store.planted.filter((situation) => situation.kind === kind);
const ofKind = <K extends SuggestionKind>(list: Proposal[], kind: K) =>
  list.filter((proposal): proposal is Extract<Proposal, { kind: K }> => proposal.kind === kind);

function variantsOf(input: SuggestionInput, productId: string) {
  return input.input.variants.filter((variant) => variant.productId === productId);
}

/** The input with one product's stock changed (and the analysis re-run on it). */
function withStock(productId: string, stock: number, settings = base.settings): SuggestionInput {
  const input = {
    ...base.input,
    variants: base.input.variants.map((variant) =>
      variant.productId === productId ? { ...variant, inventoryQuantity: stock } : variant,
    ),
  };
  return { ...base, settings, input, result: analyze(input) };
}

describe("stock problems", () => {
  it("answers planted overstock and dead stock with a markdown or an archive", () => {
    for (const situation of [...planted("overstock"), ...planted("dead_stock")]) {
      const answer = proposals.find(
        (proposal) =>
          (proposal.kind === "markdown" || proposal.kind === "archive") &&
          proposal.productIds.includes(gid(situation.productId)),
      );
      expect(answer, situation.kind).toBeDefined();
    }
  });

  it("leaves the planted slow mover alone while its few units clear at today's price, marks it down when stocked up", () => {
    const [situation] = planted("slow_mover");
    const productId = gid(situation?.productId ?? -1);
    const metrics = base.result.products.find((product) => product.productId === productId);
    const stock = metrics?.stockUnits ?? 0;
    const expected = (metrics?.ratePerDay ?? 0) * base.settings.horizonDays;
    expect(stock).toBeLessThanOrEqual(expected);
    expect(proposals.some((proposal) => proposal.productIds.includes(productId))).toBe(false);

    const stocked = generateProposals(withStock(productId, 40));
    const [markdown] = ofKind(stocked, "markdown").filter((proposal) =>
      proposal.productIds.includes(productId),
    );
    expect(markdown).toBeDefined();
    expect(markdown?.evidence.numbers.stockUnits).toBe(40);
  });

  it("prices markdowns on the ladder, never below the floor or cost unless a clearance", () => {
    const markdowns = ofKind(proposals, "markdown");
    expect(markdowns.length).toBeGreaterThan(0);
    for (const markdown of markdowns) {
      expect(markdown.changes.clearance).toBe(false);
      for (const change of markdown.changes.variants) {
        const variant = base.input.variants.find((candidate) => candidate.id === change.variantId);
        if (!variant) throw new Error(change.variantId);
        expect(LADDER_STEPS).toContain(change.step);
        expect(change.step).toBeLessThanOrEqual(base.settings.maxDiscountPercent);
        expect(change.priceMinor).toBe(Math.round((variant.priceMinor * (100 - change.step)) / 100));
        expect(Number.isInteger(change.priceMinor)).toBe(true);
        expect(change.compareAtPriceMinor).toBe(
          Math.max(variant.priceMinor, variant.compareAtPriceMinor ?? 0),
        );
        expect(variant.unitCostMinor).not.toBeNull();
        expect(change.priceMinor).toBeGreaterThanOrEqual(
          floorPrice(variant.unitCostMinor as number, base.settings.minMarginPercent),
        );
        expect(change.priceMinor).toBeGreaterThan(variant.unitCostMinor as number);
      }
    }
  });

  it("stops at the floor: a high margin floor shallows the step; a clearance may go below it", () => {
    const [dead] = planted("dead_stock");
    const productId = gid(dead?.productId ?? -1);
    const [variant] = variantsOf(base, productId);
    if (!variant || variant.unitCostMinor === null) throw new Error("dead stock variant with cost");
    const marginAt = (step: number) =>
      (1 - (variant.unitCostMinor as number) / priceAfter(variant.priceMinor, step)) * 100;
    const margin = marginAt(0);
    // a floor between the 10 % and the 20 % step's margins: only the first step fits
    const tight = { ...base.settings, minMarginPercent: (marginAt(10) + marginAt(20)) / 2 };
    const tightProposals = generateProposals({ ...base, settings: tight });
    const [shallow] = ofKind(tightProposals, "markdown").filter((proposal) =>
      proposal.productIds.includes(productId),
    );
    expect(shallow?.changes.variants[0]?.step).toBe(10);

    // no step fits and clearance is off: the dead item is archived instead
    const blocked = { ...base.settings, minMarginPercent: Math.ceil(margin) };
    const archive = ofKind(generateProposals({ ...base, settings: blocked }), "archive").find((proposal) =>
      proposal.productIds.includes(productId),
    );
    expect(archive?.changes).toEqual({ status: "ARCHIVED" });
    expect(archive?.rationale).toContain("margin floor");

    const clearance = { ...blocked, allowClearance: true };
    const [cleared] = ofKind(generateProposals({ ...base, settings: clearance }), "markdown").filter(
      (proposal) => proposal.productIds.includes(productId),
    );
    expect(cleared?.changes.clearance).toBe(true);
    expect(cleared?.changes.variants[0]?.priceMinor).toBeLessThan(
      floorPrice(variant.unitCostMinor, clearance.minMarginPercent),
    );
  });

  it("archives dead stock down to its last units", () => {
    const [dead] = planted("dead_stock");
    const productId = gid(dead?.productId ?? -1);
    const archived = ofKind(generateProposals(withStock(productId, 1)), "archive");
    expect(archived.map((proposal) => proposal.productIds[0])).toContain(productId);
  });

  it("estimates markdown impact with ordered quantiles and the horizon", () => {
    for (const markdown of ofKind(proposals, "markdown")) {
      expect(markdown.impact.kind).toBe("estimated");
      if (markdown.impact.kind !== "estimated") continue;
      expect(markdown.impact.p10).toBeLessThanOrEqual(markdown.impact.p50);
      expect(markdown.impact.p50).toBeLessThanOrEqual(markdown.impact.p90);
      expect(markdown.impact.p10).toBeLessThan(markdown.impact.p90);
      expect(markdown.impact.probabilityPositive).toBeGreaterThan(0);
      expect(markdown.impact.probabilityPositive).toBeLessThan(1);
      expect(markdown.impact.horizonDays).toBe(base.settings.horizonDays);
    }
  });

  it("labels impact directional when unit cost is unknown", () => {
    const [overstock] = planted("overstock");
    const productId = gid(overstock?.productId ?? -1);
    const input = {
      ...base,
      input: {
        ...base.input,
        variants: base.input.variants.map((variant) =>
          variant.productId === productId ? { ...variant, unitCostMinor: null } : variant,
        ),
      },
    };
    const [markdown] = ofKind(generateProposals(input), "markdown").filter((proposal) =>
      proposal.productIds.includes(productId),
    );
    expect(markdown?.impact.kind).toBe("directional");
    // the floor cannot be checked: only the first step
    expect(markdown?.changes.variants.every((change) => change.step === 10)).toBe(true);
  });
});

describe("discounts", () => {
  /** Two T-shirts with far more stock than sales: slow movers of one category. */
  function slowTees(settings = base.settings, segment?: SuggestionInput["discountSegment"]): SuggestionInput {
    const slowId = gid(planted("slow_mover")[0]?.productId ?? -1);
    const plantedIds = new Set(store.planted.map((situation) => gid(situation.productId)));
    const second = base.input.products.find(
      (product) =>
        product.productType === "T-Shirts" &&
        !plantedIds.has(product.id) &&
        base.input.variants.filter((variant) => variant.productId === product.id).length === 1,
    )?.id;
    if (!second) throw new Error("an ordinary one-variant T-shirt");
    // the second tee sells only single units on the 10th and 20th of each month in the window: slow, not dead
    const input = {
      ...base.input,
      variants: base.input.variants.map((variant) =>
        variant.productId === slowId || variant.productId === second
          ? { ...variant, inventoryQuantity: 60 }
          : variant,
      ),
      dailySales: base.input.dailySales.filter(
        (row) =>
          row.productId !== second ||
          row.day < base.result.window.start ||
          ((row.day.endsWith("-10") || row.day.endsWith("-20")) && row.units === 1),
      ),
    };
    return {
      ...base,
      settings,
      input,
      result: analyze(input),
      ...(segment ? { discountSegment: segment } : {}),
    };
  }

  it("proposes one category discount for slow products of a type, within the maximum discount", () => {
    for (const maxDiscountPercent of [40, 25, 10]) {
      const settings = { ...base.settings, maxDiscountPercent };
      const generated = generateProposals(slowTees(settings));
      const [discount] = ofKind(generated, "discount");
      expect(discount, `max ${maxDiscountPercent}`).toBeDefined();
      expect(discount?.changes.type).toBe("automatic");
      expect(discount?.changes.productIds.length).toBeGreaterThanOrEqual(2);
      expect(discount?.changes.percentage).toBeLessThanOrEqual(maxDiscountPercent);
      for (const markdown of ofKind(generated, "markdown"))
        for (const change of markdown.changes.variants)
          expect(change.step).toBeLessThanOrEqual(maxDiscountPercent);
      // the markdowns of the same products are alternatives to it, both ways
      for (const id of discount?.productIds ?? []) {
        const markdown = generated.find((proposal) => proposal.key === `markdown:${id}`);
        if (!markdown) continue;
        expect(discount?.alternativeKeys).toContain(markdown.key);
        expect(markdown.alternativeKeys).toContain(discount?.key);
      }
    }
    const none = generateProposals(slowTees({ ...base.settings, maxDiscountPercent: 5 }));
    expect(ofKind(none, "discount")).toEqual([]);
    expect(ofKind(none, "markdown")).toEqual([]);
  });

  it("offers it to a segment as a code when one is given", () => {
    const segment = { id: "gid://shopify/Segment/1", name: "Lapsed customers" };
    const [discount] = ofKind(generateProposals(slowTees(base.settings, segment)), "discount");
    expect(discount?.changes.type).toBe("code");
    expect(discount?.changes.customerSegment).toEqual(segment);
    expect(discount?.changes.code).toMatch(/^TSHIRTS\d+$/);
  });

  it("never discounts a discount-dependent product further", () => {
    const [dependent] = planted("discount_dependent");
    const productId = gid(dependent?.productId ?? -1);
    const stocked = generateProposals(withStock(productId, 500));
    const flags = analyze(withStock(productId, 500).input).flags.filter(
      (flag) => flag.productId === productId,
    );
    expect(flags.map((flag) => flag.kind)).toContain("discount_dependent");
    expect(
      stocked.filter(
        (proposal) =>
          ["markdown", "discount", "bundle"].includes(proposal.kind) &&
          proposal.productIds.includes(productId),
      ),
    ).toEqual([]);
  });
});

describe("bundles", () => {
  const kit = planted("trap_kit_cooccurrence").map((situation) => gid(situation.productId));
  const slowId = gid(planted("overstock")[0]?.productId ?? -1);
  const anchor = [...base.result.products].filter(
    (product) => product.abcClass === "A" && !kit.includes(product.productId),
  )[0]?.productId as string;

  /** The kit made "slow" by a flag, plus a genuine association: the anchor's buyers often add the overstock. */
  function withBaskets(): SuggestionInput {
    const orders: Basket[] = [...(base.orders ?? [])];
    let n = 0;
    for (const basket of base.orders ?? []) {
      if (!basket.productIds.includes(anchor) || basket.productIds.includes(slowId)) continue;
      if (n++ % 4 === 0)
        orders.push({ ...basket, orderId: `${basket.orderId}-again`, productIds: [anchor, slowId] });
    }
    const kitFlag = base.result.flags.find(
      (flag) => flag.kind === "slow_mover",
    ) as (typeof base.result.flags)[number];
    return {
      ...base,
      orders,
      result: { ...base.result, flags: [...base.result.flags, { ...kitFlag, productId: kit[0] as string }] },
    };
  }

  it("bundles a slow item with its strong anchor, and never the kit", () => {
    const generated = generateProposals(withBaskets());
    const bundles = ofKind(generated, "bundle");
    const planted = bundles.find((bundle) => bundle.changes.slowProductId === slowId);
    expect(planted?.changes.anchorProductId).toBe(anchor);
    expect(planted?.changes.method).toBe("buy_together_discount");
    expect(planted?.evidence.numbers.lift as number).toBeGreaterThan(1.5);
    expect(planted?.evidence.numbers.qValue as number).toBeLessThan(0.05);
    expect(planted?.changes.percentage).toBeLessThanOrEqual(base.settings.maxDiscountPercent);
    expect(planted?.impact.kind).toBe("directional");
    expect(bundles.filter((bundle) => bundle.productIds.some((id) => kit.includes(id)))).toEqual([]);

    const eligible = ofKind(generateProposals({ ...withBaskets(), bundlesEligible: true }), "bundle");
    expect(eligible.find((bundle) => bundle.changes.slowProductId === slowId)?.changes.method).toBe(
      "productBundleCreate",
    );
  });

  it("proposes no bundle from the store's own baskets (no planted association)", () => {
    expect(ofKind(proposals, "bundle")).toEqual([]);
  });
});

describe("content, restock", () => {
  it("drafts SEO fields within the limits for weak content and names what is missing", () => {
    const [weak] = planted("weak_content");
    const [content] = ofKind(proposals, "content").filter((proposal) =>
      proposal.productIds.includes(gid(weak?.productId ?? -1)),
    );
    expect(content).toBeDefined();
    const product = base.input.products.find((candidate) => candidate.id === gid(weak?.productId ?? -1));
    expect(content?.changes.seoTitle).toContain(product?.title);
    expect(content?.changes.seoTitle.length).toBeLessThanOrEqual(70);
    expect(content?.changes.seoDescription.length).toBeGreaterThan(20);
    expect(content?.changes.seoDescription.length).toBeLessThanOrEqual(160);
    expect(content?.changes.missing).toContain("add at least one image (images cannot be generated)");
    expect(content?.changes.missing.some((item) => item.startsWith("write a description"))).toBe(true);
    for (const proposal of ofKind(proposals, "content")) {
      expect(proposal.changes.seoTitle.length).toBeLessThanOrEqual(70);
      expect(proposal.changes.seoDescription.length).toBeLessThanOrEqual(160);
    }
  });

  it("suggests a reorder for the stockout risk, with nothing to apply but an estimate", () => {
    const [risk] = planted("stockout_risk");
    const [restock] = ofKind(proposals, "restock").filter((proposal) =>
      proposal.productIds.includes(gid(risk?.productId ?? -1)),
    );
    expect(restock?.changes.unitsSuggested).toBeGreaterThan(0);
    const rate = restock?.evidence.numbers.ratePerDay as number;
    // enough for lead time, safety and the horizon at the current rate
    expect(restock?.changes.daysOfCover).toBeGreaterThanOrEqual(14 + 7 + base.settings.horizonDays);
    expect(restock?.changes.daysOfCover).toBeCloseTo(
      ((restock?.evidence.numbers.onHand as number) + (restock?.changes.unitsSuggested as number)) / rate,
      0,
    );
    expect(restock?.impact.kind).toBe("estimated");
  });
});

describe("determinism and fingerprints", () => {
  it("gives the same proposals for the same input", () => {
    expect(generateProposals(suggestionInputFrom(store, history))).toEqual(proposals);
  });

  it("changes a fingerprint when the assumed values or the evidence change, and only then", () => {
    const [overstock] = planted("overstock");
    const productId = gid(overstock?.productId ?? -1);
    const key = `markdown:${productId}`;
    const before = proposals.find((proposal) => proposal.key === key);
    expect(before?.fingerprint).toMatch(/^[0-9a-f]{16}$/);

    // an unrelated product's price: same fingerprint
    const other = base.input.variants.find(
      (variant) => variant.productId !== productId,
    ) as (typeof base.input.variants)[number];
    const unrelated = {
      ...base.input,
      variants: base.input.variants.map((v) => (v === other ? { ...v, priceMinor: v.priceMinor + 100 } : v)),
    };
    const same = generateProposals({ ...base, input: unrelated, result: analyze(unrelated) }).find(
      (p) => p.key === key,
    );
    expect(same?.fingerprint).toBe(before?.fingerprint);

    // its own compare-at price (assumed): a new fingerprint
    const compareAt = {
      ...base.input,
      variants: base.input.variants.map((v) =>
        v.productId === productId ? { ...v, compareAtPriceMinor: v.priceMinor * 2 } : v,
      ),
    };
    const assumedChanged = generateProposals({ ...base, input: compareAt, result: analyze(compareAt) }).find(
      (p) => p.key === key,
    );
    expect(assumedChanged?.fingerprint).not.toBe(before?.fingerprint);

    // its stock (evidence): a new fingerprint
    const restocked = generateProposals(withStock(productId, 400)).find((p) => p.key === key);
    expect(restocked?.evidence.numbers.stockUnits).toBe(400);
    expect(restocked?.fingerprint).not.toBe(before?.fingerprint);
  });
});
