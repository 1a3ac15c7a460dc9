import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoreData } from "../store/types";
import { checkSituation, ordinaryFlags } from "./checks";
import { StoreEvidence } from "./evidence";
import { generateStore, generateStoreWithHistory } from "./index";
import { RECIPES } from "./planted";

const FLAGS = [
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
const TRAPS = [
  "trap_new_product",
  "trap_out_of_season",
  "trap_mostly_out_of_stock",
  "trap_one_sale_one_refund",
  "trap_unmatured_returns",
  "trap_intermittent_seller",
  "trap_wholesale_spike",
  "trap_kit_cooccurrence",
  "trap_weak_variants_strong_product",
];

describe.each([
  { seed: 42, products: 300 },
  { seed: 7, products: 300 },
  { seed: 99, products: 40 },
])("planted situations, $products products, seed $seed", (options) => {
  let store: StoreData;
  let evidence: StoreEvidence;

  beforeAll(() => {
    const generated = generateStoreWithHistory(options);
    store = generated.store;
    evidence = new StoreEvidence(store, generated.history);
  });

  it("plants every flag (expectFlag true) and every trap (false) on active products", () => {
    const kinds = new Map<string, boolean>();
    for (const situation of store.planted) {
      kinds.set(situation.kind, situation.expectFlag);
      const product = store.products.find((candidate) => candidate.id === situation.productId);
      expect(product?.status).toBe("ACTIVE");
      if (situation.variantId !== null) {
        expect(store.variants.find((variant) => variant.id === situation.variantId)?.productId).toBe(
          situation.productId,
        );
      }
      expect(situation.description.length).toBeGreaterThan(40);
    }
    expect([...kinds.keys()].sort()).toEqual([...FLAGS, ...TRAPS].sort());
    for (const kind of FLAGS) expect(kinds.get(kind)).toBe(true);
    for (const kind of TRAPS) expect(kinds.get(kind)).toBe(false);
    expect(new Set(store.planted.map((situation) => situation.productId)).size).toBe(store.planted.length);
  });

  // Ordinary demand is random, so one in a few hundred products can cross a 90 % rule by chance.
  it("leaves ordinary products at most a stray flag (seasonal guards applied)", () => {
    expect(ordinaryFlags(evidence).length).toBeLessThanOrEqual(2);
  });

  it.each([...FLAGS, ...TRAPS])("%s: the generated orders meet its thresholds with a margin", (kind) => {
    for (const situation of store.planted.filter((candidate) => candidate.kind === kind)) {
      const { facts, checks } = checkSituation(evidence, situation);
      const failed = checks.filter((check) => !check.holds).map((check) => check.rule);
      expect(failed, JSON.stringify(facts)).toEqual([]);
    }
  });
});

describe("planting by catalog size", () => {
  it("plants in priority order below 40 products, nothing in the smallest stores", () => {
    expect(generateStore({ seed: 3, products: 5, days: 60 }).planted).toEqual([]);
    const kinds = generateStore({ seed: 3, products: 20, days: 365 }).planted.map(
      (situation) => situation.kind,
    );
    expect(kinds.length).toBeGreaterThan(3);
    expect(kinds).toEqual(RECIPES.slice(0, kinds.length).map((recipe) => recipe.kind));
  });

  it("documents every planted kind", () => {
    const doc = readFileSync(
      path.resolve(import.meta.dirname, "../../docs/local-shopify/planted-situations.md"),
      "utf8",
    );
    for (const kind of [...FLAGS, ...TRAPS]) expect(doc).toContain(`\`${kind}\``);
  });
});
