import type { Suggestion } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphqlTransport } from "../shopify/client.server";
import { seedShopRows } from "../../test-support/factories";
import { localShopifyClient, localShopifyTransport } from "../../test-support/local-shopify";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";
import { suggestionStore, syncedShop } from "../../test-support/suggestions";
import { sideStore } from "../../local-shopify/server/mutations/side-store";
import {
  applyClaimed,
  applySuggestion,
  claimForApply,
  finishStoppedApply,
  finishStoppedRevert,
  readBundlesEligibility,
  revertSuggestion,
  STOPPED_AFTER_MS,
} from "./apply.server";
import { bulkApplyProgress, requestBulkApply, runBulkApply } from "./bulk-apply.server";
import type { Proposal } from "./types";
import {
  approveSuggestions,
  listEvents,
  NotAllowedToApprove,
  refreshSuggestions,
  rejectSuggestion,
  RESTOCK_NOT_APPROVABLE,
  saveSuggestionSettings,
  SuggestionConflict,
  SuggestionNotFound,
} from "./workflow.server";

/*
 * Apply and revert against the local Shopify, on both databases: the store holds the new values
 * after apply and the old ones after revert, concurrent applies write once, a store that moved is
 * stale, Shopify's refusals and unconfirmed writes end in plain words, and every step is audited.
 */

const STORE = suggestionStore(42, 80, "apply.myshopify.com");
const OTHER = "apply-other.myshopify.com";
const ALICE = { id: "101", name: "Alice" };
const BOB = { id: "202", name: "Bob" };

const numeric = (gid: string) => Number(gid.split("/").pop());
const decimal = (minor: number | null) => (minor === null ? null : (minor / 100).toFixed(2));
/** A stored variant with its prices as the proposals hold them (the columns are 64-bit). */
const withNumberPrices = <T extends { priceMinor: bigint; compareAtPriceMinor: bigint | null }>(
  variant: T,
) => ({
  ...variant,
  priceMinor: Number(variant.priceMinor),
  compareAtPriceMinor: variant.compareAtPriceMinor === null ? null : Number(variant.compareAtPriceMinor),
});

describe.each(BOTH_DATABASES)("applying and reverting suggestions on %s", (_name, open) => {
  let database: TestDatabase;
  let setup: Awaited<ReturnType<typeof syncedShop>>;
  /** Documents sent to the local Shopify, by operation name. */
  const sent: string[] = [];
  /** Replaces the transport's answer to the next matching operation (after or instead of sending it). */
  let interceptNext: { operation: string; forward: boolean } | null = null;
  type OptionsNode = { id: string; options: Array<{ id: string; name: string; values: string[] }> } | null;
  /** Rewrites the next answer to SuggestionBundleOptions (what apply reads before productBundleCreate). */
  let interceptOptions: ((nodes: OptionsNode[]) => OptionsNode[]) | null = null;
  /** Runs before each operation is sent (a second request arriving mid-way). */
  let beforeOperation: ((operation: string) => Promise<unknown> | undefined) | null = null;
  let client: ReturnType<typeof localShopifyClient>;

  beforeAll(async () => {
    database = await open();
    setup = await syncedShop(database.db, STORE);
    await refreshSuggestions(database.db, setup.shop, setup.run);
    await seedShopRows(database.db, OTHER);
    const transport = localShopifyTransport(setup.shopify);
    const counting: GraphqlTransport = async (document, options) => {
      const operation = /(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
      sent.push(operation);
      await beforeOperation?.(operation);
      if (interceptNext?.operation === operation) {
        const { forward } = interceptNext;
        interceptNext = null;
        if (forward) await transport(document, options);
        return new Response("upstream timeout", { status: 504 });
      }
      if (operation === "SuggestionBundleOptions" && interceptOptions) {
        const rewrite = interceptOptions;
        interceptOptions = null;
        const body = JSON.parse(await (await transport(document, options)).text()) as {
          data: { nodes: OptionsNode[] };
        };
        body.data.nodes = rewrite(body.data.nodes);
        return Response.json(body);
      }
      return transport(document, options);
    };
    client = localShopifyClient(setup.shopify, setup.time, { graphql: counting });
  }, 180_000);
  afterAll(() => database?.drop());

  const store = () => setup.shopify.state.data;
  const variantOf = (gid: string) => store().variants.find((variant) => variant.id === numeric(gid))!;
  const productOf = (gid: string) => store().products.find((product) => product.id === numeric(gid))!;
  const at = { now: () => new Date(setup.time.now()) };
  const count = (operation: string) => sent.filter((name) => name === operation).length;

  const used = new Set<string>();
  /** The next proposed suggestion of a kind, approved by Alice. */
  async function approved(kind: Proposal["kind"], skip = 0): Promise<Suggestion & { parsed: Proposal }> {
    const rows = await database.db.suggestion.findMany({
      where: { shop: setup.shop, kind, status: "proposed" },
      orderBy: { key: "asc" },
    });
    const row = rows[skip];
    if (!row) throw new Error(`the store yields no ${kind} proposal #${skip}`);
    for (const id of JSON.parse(row.productIds) as string[]) used.add(id);
    await approveSuggestions(database.db, setup.shop, [row.id], ALICE);
    const fresh = await database.db.suggestion.findUniqueOrThrow({ where: { id: row.id } });
    return { ...fresh, parsed: JSON.parse(fresh.proposal) as Proposal };
  }

  /**
   * An approved suggestion of a kind on a product no other test touched, built from the synced
   * values (the generated store yields only a few proposals of each kind).
   */
  async function plant(
    kind: "markdown" | "archive" | "discount",
  ): Promise<Suggestion & { parsed: Proposal }> {
    const { db } = database;
    const product = await db.product.findFirstOrThrow({
      where: { shop: setup.shop, status: "ACTIVE", id: { notIn: [...used] } },
      orderBy: { id: "desc" },
    });
    used.add(product.id);
    const variants = (await db.variant.findMany({ where: { shop: setup.shop, productId: product.id } })).map(
      withNumberPrices,
    );
    const assumed: Proposal["assumed"] = {
      variants: variants.map((variant) => ({
        variantId: variant.id,
        productId: product.id,
        priceMinor: variant.priceMinor,
        compareAtPriceMinor: variant.compareAtPriceMinor,
      })),
      products: [
        {
          productId: product.id,
          seoTitle: product.seoTitle,
          seoDescription: product.seoDescription,
          status: product.status,
          tags: product.tags
            .split(",")
            .map((tag) => tag.trim())
            .filter(Boolean),
        },
      ],
    };
    const base = {
      key: `${kind}:${product.id}:planted`,
      fingerprint: `planted-${product.id}`,
      productIds: [product.id],
      variantIds: variants.map((variant) => variant.id),
      currencyCode: "USD",
      title: `${kind} ${product.title}`,
      rationale: "Planted by the test.",
      evidence: { flags: [], numbers: {} },
      assumed,
      impact: { kind: "directional" as const, note: "test" },
      stakeMinor: 0,
      alternativeKeys: [],
    };
    const proposal: Proposal =
      kind === "markdown"
        ? {
            ...base,
            kind,
            changes: {
              clearance: false,
              variants: variants.map((variant) => ({
                variantId: variant.id,
                priceMinor: Math.round(variant.priceMinor * 0.8),
                compareAtPriceMinor: variant.compareAtPriceMinor ?? variant.priceMinor,
                step: 20 as const,
              })),
            },
          }
        : kind === "archive"
          ? { ...base, kind, changes: { status: "ARCHIVED" } }
          : {
              ...base,
              kind,
              changes: {
                type: "automatic",
                title: `15 % off ${product.title}`,
                percentage: 15,
                productIds: [product.id],
                startsAt: "2026-11-02",
                endsAt: "2026-12-31",
              },
            };
    const row = await db.suggestion.create({
      data: {
        shop: setup.shop,
        key: proposal.key,
        fingerprint: proposal.fingerprint,
        kind,
        status: "proposed",
        title: proposal.title,
        rationale: proposal.rationale,
        productIds: JSON.stringify(proposal.productIds),
        currencyCode: "USD",
        stakeMinor: 0n,
        proposal: JSON.stringify(proposal),
      },
    });
    await approveSuggestions(db, setup.shop, [row.id], ALICE);
    const fresh = await db.suggestion.findUniqueOrThrow({ where: { id: row.id } });
    return { ...fresh, parsed: proposal };
  }

  it("applies a markdown (new prices in Shopify, before-state, baseline, annotation) and reverts it exactly", async () => {
    const { db } = database;
    const row = await plant("markdown");
    const proposal = row.parsed as Extract<Proposal, { kind: "markdown" }>;
    const oldPrices = proposal.changes.variants.map((change) => ({ ...variantOf(change.variantId) }));
    const annotations = sideStore(setup.shopify.state).annotations.size;

    const result = await applySuggestion(db, client, setup.shop, row.id, BOB, at);
    expect(result.status).toBe("applied");
    for (const change of proposal.changes.variants) {
      expect(variantOf(change.variantId).price).toBe(decimal(change.priceMinor));
      expect(variantOf(change.variantId).compareAtPrice).toBe(decimal(change.compareAtPriceMinor));
    }
    const stored = await db.suggestion.findUniqueOrThrow({ where: { id: row.id } });
    const before = JSON.parse(stored.beforeState!) as Proposal["assumed"];
    expect(before.variants.map((variant) => decimal(variant.priceMinor)).sort()).toEqual(
      oldPrices.map((variant) => variant.price).sort(),
    );
    const baseline = JSON.parse(stored.baseline!) as {
      applyDay: string;
      controls: Array<{ productId: string }>;
    };
    expect(baseline.applyDay).toBe("2026-11-01");
    expect(baseline.controls).toHaveLength(5);
    expect(baseline.controls.map((control) => control.productId)).not.toContain(proposal.productIds[0]);
    expect(stored.outcomeDueOn).toBe("2026-11-29");
    expect(sideStore(setup.shopify.state).annotations.size).toBe(annotations + 1);

    const reverted = await revertSuggestion(db, client, setup.shop, row.id, ALICE);
    expect(reverted).toMatchObject({ status: "reverted" });
    for (const old of oldPrices) {
      expect(variantOf(`gid://shopify/ProductVariant/${old.id}`).price).toBe(old.price);
      expect(variantOf(`gid://shopify/ProductVariant/${old.id}`).compareAtPrice).toBe(old.compareAtPrice);
    }
    const events = (await listEvents(db, setup.shop, { suggestionId: row.id })).reverse();
    expect(events.map((event) => [event.action, event.staffId])).toEqual([
      ["approved", "101"],
      ["applying", "202"],
      ["applied", "202"],
      ["reverted", "101"],
    ]);
    await expect(revertSuggestion(db, client, setup.shop, row.id, ALICE)).rejects.toThrow(SuggestionConflict);
  });

  it("writes once when the same suggestion is applied five times at once", async () => {
    const { db } = database;
    const row = await plant("markdown");
    const before = count("SuggestionPrices");
    const results = await Promise.allSettled(
      [ALICE, BOB, ALICE, BOB, ALICE].map((staff) => applySuggestion(db, client, setup.shop, row.id, staff)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const losers = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    expect(losers).toHaveLength(4);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(SuggestionConflict);
      expect((loser.reason as Error).message).toMatch(/already (applying|applied)/);
    }
    expect(count("SuggestionPrices") - before).toBe(1);
    expect(await db.suggestionEvent.count({ where: { suggestionId: row.id, action: "applying" } })).toBe(1);
  });

  it("refuses in plain words to revert a change it holds no before-state for", async () => {
    const { db } = database;
    const row = await plant("markdown");
    expect((await applySuggestion(db, client, setup.shop, row.id, BOB, at)).status).toBe("applied");
    await db.suggestion.update({ where: { id: row.id }, data: { beforeState: null } });
    const writes = count("SuggestionPrices");
    const refused = await revertSuggestion(db, client, setup.shop, row.id, BOB).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SuggestionConflict);
    expect((refused as Error).message).toMatch(/no record of the values before this change/);
    expect(count("SuggestionPrices")).toBe(writes);
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("applied");
  });

  it("reverts once when a second revert arrives while the first is under way", async () => {
    const { db } = database;
    const row = await plant("markdown");
    expect((await applySuggestion(db, client, setup.shop, row.id, BOB, at)).status).toBe("applied");
    const writes = count("SuggestionPrices");
    let second: Promise<unknown> | undefined;
    beforeOperation = (operation) => {
      // The first has claimed the revert and is reading the store when the second one comes in.
      if (operation !== "SuggestionTargets" || second) return undefined;
      second = revertSuggestion(db, client, setup.shop, row.id, ALICE).catch((error: unknown) => error);
      return second;
    };
    try {
      expect(await revertSuggestion(db, client, setup.shop, row.id, BOB)).toMatchObject({
        status: "reverted",
      });
    } finally {
      beforeOperation = null;
    }
    const loser = await second;
    expect(loser).toBeInstanceOf(SuggestionConflict);
    expect((loser as Error).message).toBe("Someone else is reverting it at this moment.");
    expect(count("SuggestionPrices") - writes).toBe(1);
    expect(await db.suggestionEvent.count({ where: { suggestionId: row.id, action: "reverted" } })).toBe(1);
  });

  it("approves once when two staff approve at the same moment", async () => {
    const { db } = database;
    const [row] = await db.suggestion.findMany({
      where: { shop: setup.shop, status: "proposed", kind: { not: "restock" } },
      take: 1,
    });
    const [first, second] = await Promise.all([
      approveSuggestions(db, setup.shop, [row!.id], ALICE),
      approveSuggestions(db, setup.shop, [row!.id], BOB),
    ]);
    expect(first.approved.length + second.approved.length).toBe(1);
    expect(await db.suggestionEvent.count({ where: { suggestionId: row!.id, action: "approved" } })).toBe(1);
  });

  it("marks a suggestion stale and writes nothing when the price changed in Shopify since", async () => {
    const { db } = database;
    const row = await plant("markdown");
    const proposal = row.parsed as Extract<Proposal, { kind: "markdown" }>;
    const variant = variantOf(proposal.changes.variants[0]!.variantId);
    variant.price = "1.23";
    const before = count("SuggestionPrices");
    const result = await applySuggestion(db, client, setup.shop, row.id, BOB, at);
    expect(result.status).toBe("stale");
    expect(result.suggestion.error).toMatch(
      /changed in Shopify since this was suggested.*price of .* is 1\.23/,
    );
    expect(count("SuggestionPrices")).toBe(before);
    expect(variant.price).toBe("1.23");
    const [event] = await listEvents(db, setup.shop, { suggestionId: row.id });
    expect(event!.action).toBe("stale");
    expect(JSON.parse(event!.detail!).differences[0]).toMatchObject({ field: "price", current: "1.23" });
  });

  it("fails with Shopify's words on userErrors: an invalid price, a deleted variant", async () => {
    const { db } = database;
    const invalid = await plant("markdown");
    const tampered = invalid.parsed as Extract<Proposal, { kind: "markdown" }>;
    tampered.changes.variants[0]!.priceMinor = -500;
    await db.suggestion.update({ where: { id: invalid.id }, data: { proposal: JSON.stringify(tampered) } });
    const refused = await applySuggestion(db, client, setup.shop, invalid.id, BOB);
    expect(refused.status).toBe("failed");
    expect(refused.message).toBe(
      "Shopify did not accept the change: Price must be greater than or equal to 0.",
    );
    expect(variantOf(tampered.changes.variants[0]!.variantId).price).toBe(
      decimal(tampered.assumed.variants[0]!.priceMinor),
    );

    // A variant deleted in Shopify after the proposal: the read finds nothing, the write is refused.
    const gone = await plant("markdown");
    const goneProposal = gone.parsed as Extract<Proposal, { kind: "markdown" }>;
    const deletedId = "gid://shopify/ProductVariant/987654321";
    goneProposal.assumed.variants[0]!.variantId = deletedId;
    goneProposal.changes.variants[0]!.variantId = deletedId;
    await db.suggestion.update({ where: { id: gone.id }, data: { proposal: JSON.stringify(goneProposal) } });
    const deleted = await applySuggestion(db, client, setup.shop, gone.id, BOB);
    expect(deleted).toMatchObject({
      status: "failed",
      message: expect.stringMatching(/Product variant does not exist/),
    });
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: gone.id } })).error).toMatch(
      /does not exist/,
    );
  });

  it("on an unconfirmed write re-reads: applied when Shopify holds the new values, failed when it does not", async () => {
    const { db } = database;
    const landed = await plant("markdown");
    interceptNext = { operation: "SuggestionPrices", forward: true };
    const before = count("SuggestionPrices");
    const ok = await applySuggestion(db, client, setup.shop, landed.id, BOB);
    expect(ok.status).toBe("applied");
    expect(count("SuggestionPrices") - before).toBe(1);

    const lost = await plant("markdown");
    const proposal = lost.parsed as Extract<Proposal, { kind: "markdown" }>;
    interceptNext = { operation: "SuggestionPrices", forward: false };
    const failed = await applySuggestion(db, client, setup.shop, lost.id, BOB);
    expect(failed).toMatchObject({
      status: "failed",
      message: "Shopify did not confirm the change; nothing changed.",
    });
    expect(variantOf(proposal.changes.variants[0]!.variantId).price).toBe(
      decimal(proposal.assumed.variants[0]!.priceMinor),
    );
  });

  it("applies and reverts a content fix and an archive exactly", async () => {
    const { db } = database;
    const content = await approved("content");
    const fix = content.parsed as Extract<Proposal, { kind: "content" }>;
    const product = productOf(fix.productIds[0]!);
    const original = {
      seoTitle: product.seoTitle,
      seoDescription: product.seoDescription,
      status: product.status,
    };
    expect((await applySuggestion(db, client, setup.shop, content.id, BOB)).status).toBe("applied");
    expect(productOf(fix.productIds[0]!)).toMatchObject({
      seoTitle: fix.changes.seoTitle,
      seoDescription: fix.changes.seoDescription,
    });
    expect(await revertSuggestion(db, client, setup.shop, content.id, BOB)).toMatchObject({
      status: "reverted",
    });
    expect(productOf(fix.productIds[0]!)).toMatchObject(original);

    const archive = await plant("archive");
    const archived = productOf(archive.parsed.productIds[0]!);
    const tags = [...archived.tags];
    expect((await applySuggestion(db, client, setup.shop, archive.id, BOB)).status).toBe("applied");
    expect(archived.status).toBe("ARCHIVED");
    expect(await revertSuggestion(db, client, setup.shop, archive.id, BOB)).toMatchObject({
      status: "reverted",
    });
    expect(archived.status).toBe("ACTIVE");
    expect(archived.tags).toEqual(tags);
  });

  it("asks before reverting over a change made since, and overwrites when told to", async () => {
    const { db } = database;
    const row = await plant("markdown");
    const proposal = row.parsed as Extract<Proposal, { kind: "markdown" }>;
    await applySuggestion(db, client, setup.shop, row.id, BOB, at);
    const variant = variantOf(proposal.changes.variants[0]!.variantId);
    variant.price = "7.77";
    // A field the markdown never changed is the merchant's: not asked about, not restored.
    const product = productOf(proposal.productIds[0]!);
    product.seoTitle = "Set by the merchant";
    const asked = await revertSuggestion(db, client, setup.shop, row.id, ALICE);
    expect(asked).toEqual({
      needsConfirmation: true,
      differences: [expect.objectContaining({ field: "price", current: "7.77" })],
    });
    expect(variant.price).toBe("7.77");
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("applied");
    const forced = await revertSuggestion(db, client, setup.shop, row.id, ALICE, { force: true });
    expect(forced).toMatchObject({ status: "reverted" });
    expect(variant.price).toBe(
      decimal(proposal.assumed.variants.find((v) => numeric(v.variantId) === variant.id)!.priceMinor),
    );
    expect(product.seoTitle).toBe("Set by the merchant");
  });

  it("creates a discount and deactivates it on revert", async () => {
    const { db } = database;
    const row = await plant("discount");
    const discounts = sideStore(setup.shopify.state).discounts;
    const before = new Set(discounts.keys());
    expect((await applySuggestion(db, client, setup.shop, row.id, BOB, at)).status).toBe("applied");
    const created = [...discounts.entries()].filter(([id]) => !before.has(id));
    expect(created).toHaveLength(1);
    const [discountId, record] = created[0]!;
    const applied = JSON.parse(
      (await db.suggestion.findUniqueOrThrow({ where: { id: row.id } })).appliedState!,
    );
    expect(applied.discount.id).toBe(discountId);
    // Planted for 2026-11-02 to 2026-12-31: whole days on the shop's clock (New York, UTC-5 then).
    expect([record.startsAt, record.endsAt].map((at) => Date.parse(at!))).toEqual([
      Date.parse("2026-11-02T05:00:00Z"),
      Date.parse("2027-01-01T05:00:00Z"),
    ]);
    // The discount changed no price: one the merchant raised since is neither asked about nor put back.
    const variant = variantOf(row.parsed.assumed.variants[0]!.variantId);
    variant.price = "999.00";
    expect(await revertSuggestion(db, client, setup.shop, row.id, BOB)).toMatchObject({ status: "reverted" });
    expect(variant.price).toBe("999.00");
    expect(Date.parse(discounts.get(discountId)!.endsAt!)).toBeLessThanOrEqual(setup.time.now());
  });

  /** An approved bundle of two products no other test touched, as productBundleCreate or a discount. */
  async function plantBundle(method: "productBundleCreate" | "buy_together_discount") {
    const { db } = database;
    const products = await db.product.findMany({
      where: { shop: setup.shop, status: "ACTIVE", id: { notIn: [...used] } },
      orderBy: { id: "asc" },
      take: 2,
    });
    const [anchor, slow] = products as [(typeof products)[number], (typeof products)[number]];
    for (const product of products) used.add(product.id);
    const variants = (
      await db.variant.findMany({ where: { shop: setup.shop, productId: { in: [anchor.id, slow.id] } } })
    ).map(withNumberPrices);
    const proposal: Proposal = {
      kind: "bundle",
      key: `bundle:${slow.id}+${anchor.id}:planted`,
      fingerprint: `planted-bundle-${slow.id}`,
      productIds: [anchor.id, slow.id],
      variantIds: variants.map((variant) => variant.id),
      currencyCode: "USD",
      title: `Bundle ${slow.title} with ${anchor.title} at 10 % off`,
      rationale: "Planted by the test.",
      evidence: { flags: [], numbers: {} },
      assumed: {
        variants: variants.map((variant) => ({
          variantId: variant.id,
          productId: variant.productId,
          priceMinor: variant.priceMinor,
          compareAtPriceMinor: variant.compareAtPriceMinor,
        })),
        products: [anchor, slow].map((product) => ({
          productId: product.id,
          seoTitle: product.seoTitle,
          seoDescription: product.seoDescription,
          status: product.status,
          tags: product.tags
            .split(",")
            .map((tag) => tag.trim())
            .filter(Boolean),
        })),
      },
      impact: { kind: "directional", note: "test" },
      stakeMinor: 0,
      alternativeKeys: [],
      changes: {
        anchorProductId: anchor.id,
        slowProductId: slow.id,
        percentage: 10,
        method,
        title: `${anchor.title} + ${slow.title}`,
      },
    };
    const row = await db.suggestion.create({
      data: {
        shop: setup.shop,
        key: proposal.key,
        fingerprint: proposal.fingerprint,
        kind: "bundle",
        status: "proposed",
        title: proposal.title,
        rationale: proposal.rationale,
        productIds: JSON.stringify(proposal.productIds),
        currencyCode: "USD",
        stakeMinor: 0n,
        proposal: JSON.stringify(proposal),
      },
    });
    await approveSuggestions(db, setup.shop, [row.id], ALICE);
    return { row, anchor, slow };
  }

  it("creates a bundle product of the pair where the shop is eligible, at the offer's price, and archives it on revert", async () => {
    const { db } = database;
    expect(await readBundlesEligibility(client)).toBe(true);
    const { row, anchor, slow } = await plantBundle("productBundleCreate");
    const products = store().products.length;
    const discountsSent = count("SuggestionAutomaticDiscount");
    const result = await applySuggestion(db, client, setup.shop, row.id, BOB, {
      ...at,
      sleep: setup.time.sleep,
    });
    expect(result.status).toBe("applied");
    expect(store().products).toHaveLength(products + 1);
    const applied = JSON.parse(
      (await db.suggestion.findUniqueOrThrow({ where: { id: row.id } })).appliedState!,
    );
    const bundle = productOf(applied.bundle.productId);
    expect(bundle).toMatchObject({ title: `${anchor.title} + ${slow.title}`, status: "ACTIVE" });
    const components = sideStore(setup.shopify.state).bundleComponents.get(bundle.id)!;
    expect(components.map((component) => [component.productId, component.quantity])).toEqual([
      [numeric(anchor.id), 1],
      [numeric(slow.id), 1],
    ]);
    // each bundle variant: 10 % off the two components' prices together
    const priceOf = (id: number) =>
      Math.round(Number(store().variants.find((v) => v.id === id)!.price) * 100);
    const bundleVariants = setup.shopify.state.variantsByProduct.get(bundle.id)!;
    expect(bundleVariants.length).toBe(components[0]!.variantIds.length * components[1]!.variantIds.length);
    const expected = components[0]!.variantIds.flatMap((a) =>
      components[1]!.variantIds.map((b) => decimal(Math.round(((priceOf(a) + priceOf(b)) * 90) / 100))),
    );
    expect(bundleVariants.map((variant) => variant.price)).toEqual(expected);
    expect(count("SuggestionAutomaticDiscount")).toBe(discountsSent);

    const reverted = await revertSuggestion(db, client, setup.shop, row.id, BOB);
    expect(reverted).toMatchObject({ status: "reverted" });
    expect(productOf(applied.bundle.productId).status).toBe("ARCHIVED");
    const events = await listEvents(db, setup.shop, { suggestionId: row.id });
    const revertEvent = events.find((event) => event.action === "reverted")!;
    expect(JSON.stringify(revertEvent.detail)).toContain(applied.bundle.productId);
    expect(JSON.stringify(revertEvent.detail)).toContain("archived, not deleted");
  });

  it("fails with Shopify's words when productBundleCreate refuses, creating nothing", async () => {
    const { db } = database;
    const { row, slow } = await plantBundle("productBundleCreate");
    // the slow product's option no longer offers what apply read: Shopify refuses the selection
    const variant = store().variants.find((one) => one.productId === numeric(slow.id))!;
    const products = store().products.length;
    interceptOptions = (nodes) =>
      nodes.map((node) =>
        node?.id === slow.id
          ? { ...node, options: node.options.map((option) => ({ ...option, values: ["Gone"] })) }
          : node,
      );
    const result = await applySuggestion(db, client, setup.shop, row.id, BOB, {
      ...at,
      sleep: setup.time.sleep,
    });
    expect(result.status).toBe("failed");
    expect(result.message).toBe("Shopify did not accept the change: Option value Gone does not exist.");
    expect(store().products).toHaveLength(products);
    expect(variant.price).toBe(store().variants.find((one) => one.id === variant.id)!.price);
  });

  it("offers a buy-together discount where the shop is not eligible for bundles", async () => {
    const { db } = database;
    setup.shopify.setBundlesEligibility(false, "Bundles need the Shopify Bundles app.");
    try {
      expect(await readBundlesEligibility(client)).toBe(false);
      // Which method a generated bundle takes from eligibility is tested in generate.test.ts: this
      // store's baskets yield no bundle proposals, so refreshing here would check nothing.
      const { row, anchor, slow } = await plantBundle("buy_together_discount");
      const products = store().products.length;
      const discounts = sideStore(setup.shopify.state).discounts;
      const before = new Set(discounts.keys());
      expect((await applySuggestion(db, client, setup.shop, row.id, BOB, at)).status).toBe("applied");
      expect(store().products).toHaveLength(products);
      const created = [...discounts.entries()].filter(([id]) => !before.has(id));
      expect(created).toHaveLength(1);
      expect(created[0]![1].items).toEqual({
        type: "products",
        productIds: [numeric(anchor.id), numeric(slow.id)],
        variantIds: [],
      });
    } finally {
      setup.shopify.setBundlesEligibility(true);
    }
  });

  it("applies a bulk approval as a job, with progress from the suggestions' statuses and one annotation", async () => {
    const { db } = database;
    const rows = [await plant("markdown"), await plant("markdown"), await plant("markdown")];
    const rejected = await plant("markdown");
    await rejectSuggestion(db, setup.shop, rejected.id, ALICE, "Not this one");
    const ids = [...rows.map((row) => row.id), rejected.id];
    const { jobId } = await requestBulkApply(db, setup.shop, ids, BOB);
    expect(await bulkApplyProgress(db, setup.shop, jobId)).toMatchObject({
      total: 4,
      waiting: 3,
      applied: 0,
      other: 1,
    });
    const annotations = sideStore(setup.shopify.state).annotations.size;
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    const totals = await runBulkApply(db, client, setup.shop, JSON.parse(job.payload), at);
    expect(totals).toEqual({ applied: 3, failed: 0, stale: 0, skipped: 1 });
    expect(await bulkApplyProgress(db, setup.shop, jobId)).toMatchObject({
      total: 4,
      waiting: 0,
      applied: 3,
      other: 1,
    });
    expect(sideStore(setup.shopify.state).annotations.size).toBe(annotations + 1);
    for (const row of rows) {
      const change = (row.parsed as Extract<Proposal, { kind: "markdown" }>).changes.variants[0]!;
      expect(variantOf(change.variantId).price).toBe(decimal(change.priceMinor));
    }
    await expect(bulkApplyProgress(db, OTHER, jobId)).rejects.toThrow(SuggestionNotFound);
  });

  it("on a retry settles only what the bulk run claimed, never a suggestion a page is applying", async () => {
    const { db } = database;
    const [own, page] = [await plant("markdown"), await plant("markdown")];
    const { jobId } = await requestBulkApply(db, setup.shop, [own.id, page.id], ALICE);
    const payload = JSON.parse((await db.job.findUniqueOrThrow({ where: { id: jobId } })).payload);
    // The first attempt claimed one and stopped; meanwhile staff pressed Apply now on the other.
    await claimForApply(db, setup.shop, own.id, ALICE, payload.runId);
    const pressed = await claimForApply(db, setup.shop, page.id, BOB);
    const totals = await runBulkApply(db, client, setup.shop, payload, { ...at, resume: true });
    expect(totals).toEqual({ applied: 1, failed: 0, stale: 0, skipped: 1 });
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: page.id } })).status).toBe("applying");
    expect((await applyClaimed(db, client, setup.shop, pressed, BOB, at)).status).toBe("applied");
    for (const row of [own, page]) {
      const change = (row.parsed as Extract<Proposal, { kind: "markdown" }>).changes.variants[0]!;
      expect(variantOf(change.variantId).price).toBe(decimal(change.priceMinor));
    }
  });

  it("keeps what the proposal assumed as the before-state of a write a bulk retry finds landed, so it can be reverted", async () => {
    const { db } = database;
    const row = await plant("markdown");
    const proposal = row.parsed as Extract<Proposal, { kind: "markdown" }>;
    const { jobId } = await requestBulkApply(db, setup.shop, [row.id], ALICE);
    const payload = JSON.parse((await db.job.findUniqueOrThrow({ where: { id: jobId } })).payload);
    // The first attempt claimed it and stopped; the store already holds the new prices.
    await claimForApply(db, setup.shop, row.id, ALICE, payload.runId);
    for (const change of proposal.changes.variants) {
      Object.assign(variantOf(change.variantId), {
        price: decimal(change.priceMinor),
        compareAtPrice: decimal(change.compareAtPriceMinor),
      });
    }
    const writes = count("SuggestionPrices");
    expect(await runBulkApply(db, client, setup.shop, payload, { ...at, resume: true })).toEqual({
      applied: 1,
      failed: 0,
      stale: 0,
      skipped: 0,
    });
    expect(count("SuggestionPrices")).toBe(writes);
    const [applied] = await listEvents(db, setup.shop, { suggestionId: row.id });
    expect(JSON.parse(applied!.detail!).changes).toContainEqual(
      expect.objectContaining({ field: "price", to: decimal(proposal.changes.variants[0]!.priceMinor) }),
    );
    expect(await revertSuggestion(db, client, setup.shop, row.id, ALICE)).toMatchObject({
      status: "reverted",
    });
    for (const assumed of proposal.assumed.variants) {
      expect(variantOf(assumed.variantId)).toMatchObject({
        price: decimal(assumed.priceMinor),
        compareAtPrice: decimal(assumed.compareAtPriceMinor),
      });
    }
  });

  it("finishes an apply that stopped part-way from the store, never writing twice, and not while it may run", async () => {
    const { db } = database;
    // Two "Apply now" requests died after claiming: one before writing, one after its write landed.
    const [unwritten, landed] = [await plant("markdown"), await plant("markdown")];
    for (const row of [unwritten, landed]) await claimForApply(db, setup.shop, row.id, BOB);
    for (const change of (landed.parsed as Extract<Proposal, { kind: "markdown" }>).changes.variants) {
      Object.assign(variantOf(change.variantId), {
        price: decimal(change.priceMinor),
        compareAtPrice: decimal(change.compareAtPriceMinor),
      });
    }
    await expect(finishStoppedApply(db, client, setup.shop, unwritten.id, ALICE)).rejects.toThrow(
      "It is being applied at this moment; wait for it to finish.",
    );
    const later = { now: () => new Date(Date.now() + STOPPED_AFTER_MS) };
    const writes = count("SuggestionPrices");
    for (const row of [unwritten, landed]) {
      expect((await finishStoppedApply(db, client, setup.shop, row.id, ALICE, later)).status).toBe("applied");
      const change = (row.parsed as Extract<Proposal, { kind: "markdown" }>).changes.variants[0]!;
      expect(variantOf(change.variantId).price).toBe(decimal(change.priceMinor));
    }
    expect(count("SuggestionPrices") - writes).toBe(1);
    await expect(finishStoppedApply(db, client, setup.shop, landed.id, ALICE, later)).rejects.toThrow(
      SuggestionConflict,
    );
  });

  it("finishes a revert that stopped part-way from the store, writing nothing, and not while it may run", async () => {
    const { db } = database;
    const rows = [await plant("markdown"), await plant("markdown"), await plant("markdown")];
    const discount = await plant("discount");
    for (const row of [...rows, discount]) {
      expect((await applySuggestion(db, client, setup.shop, row.id, BOB, at)).status).toBe("applied");
      // A revert claimed it, then its process died.
      await db.suggestion.update({
        where: { id: row.id },
        data: { status: "reverting", version: { increment: 1 } },
      });
    }
    const [restored, untouched, neither] = rows;
    const variantsOf = (row: Suggestion & { parsed: Proposal }) =>
      row.parsed.assumed.variants.map((assumed) => ({ assumed, variant: variantOf(assumed.variantId) }));
    // One revert's writes landed before it died; another's only half; the third's wrote nothing.
    for (const { assumed, variant } of variantsOf(restored!)) {
      variant.price = decimal(assumed.priceMinor)!;
      variant.compareAtPrice = decimal(assumed.compareAtPriceMinor);
    }
    const [half] = variantsOf(neither!);
    half!.variant.price = "7.77";
    const { appliedState } = await db.suggestion.findUniqueOrThrow({ where: { id: discount.id } });
    const created = sideStore(setup.shopify.state).discounts.get(JSON.parse(appliedState!).discount.id)!;
    created.endsAt = new Date(setup.time.now()).toISOString();

    await expect(finishStoppedRevert(db, client, setup.shop, untouched!.id, ALICE)).rejects.toThrow(
      "It is being reverted at this moment; wait for it to finish.",
    );
    const later = { now: () => new Date(Date.now() + STOPPED_AFTER_MS) };
    const before = sent.length;
    const finish = (row: Suggestion) => finishStoppedRevert(db, client, setup.shop, row.id, ALICE, later);
    expect(await finish(restored!)).toMatchObject({ status: "reverted" });
    expect(await finish(discount)).toMatchObject({ status: "reverted" });
    expect(await finish(untouched!)).toEqual({
      status: "failed",
      message:
        "The revert stopped before it changed anything in Shopify; it is applied again, so revert it again.",
    });
    expect(await finish(neither!)).toEqual({
      status: "failed",
      message: expect.stringMatching(/holds neither .*price of .* is 7\.77, expected /),
    });
    expect(sent.slice(before).filter((name) => !/^Suggestion(Targets|DiscountStatus)$/.test(name))).toEqual(
      [],
    );
    const stored = await db.suggestion.findMany({
      where: { id: { in: [...rows, discount].map((row) => row.id) } },
    });
    expect(Object.fromEntries(stored.map((row) => [row.id, row.status]))).toEqual({
      [restored!.id]: "reverted",
      [untouched!.id]: "applied",
      [neither!.id]: "applied",
      [discount.id]: "reverted",
    });
    const [event] = await listEvents(db, setup.shop, { suggestionId: neither!.id });
    expect(event).toMatchObject({ action: "revert_failed", fromStatus: "reverting", toStatus: "applied" });
    // Its compare-at price still holds what apply wrote, its price neither: both are named.
    expect(JSON.parse(event!.detail!).differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ item: half!.assumed.variantId, field: "price", current: "7.77" }),
        expect.objectContaining({
          item: half!.assumed.variantId,
          field: "compareAtPrice",
          expected: decimal(half!.assumed.compareAtPriceMinor),
        }),
      ]),
    );
    expect(half!.variant.price).toBe("7.77");
    await expect(finish(restored!)).rejects.toThrow(SuggestionConflict);
    // Back to applied, it reverts as usual.
    expect(await revertSuggestion(db, client, setup.shop, untouched!.id, ALICE)).toMatchObject({
      status: "reverted",
    });
    for (const { assumed, variant } of variantsOf(untouched!))
      expect(variant.price).toBe(decimal(assumed.priceMinor));
  });

  it("lets only listed approvers apply, revert or queue an apply, and sends nothing for anyone else", async () => {
    const { db } = database;
    const waiting = await plant("markdown");
    const live = await plant("markdown");
    expect((await applySuggestion(db, client, setup.shop, live.id, ALICE, at)).status).toBe("applied");
    await saveSuggestionSettings(db, setup.shop, { approvers: [ALICE.id] }, ALICE);
    try {
      const before = sent.length;
      await expect(applySuggestion(db, client, setup.shop, waiting.id, BOB)).rejects.toThrow(
        NotAllowedToApprove,
      );
      await expect(revertSuggestion(db, client, setup.shop, live.id, BOB, { force: true })).rejects.toThrow(
        NotAllowedToApprove,
      );
      await expect(requestBulkApply(db, setup.shop, [waiting.id], BOB)).rejects.toThrow(NotAllowedToApprove);
      expect(sent.length).toBe(before);
      const rows = await db.suggestion.findMany({ where: { id: { in: [waiting.id, live.id] } } });
      expect(Object.fromEntries(rows.map((row) => [row.id, [row.status, row.version]]))).toEqual({
        [waiting.id]: ["approved", waiting.version],
        [live.id]: ["applied", live.version + 2],
      });
    } finally {
      await saveSuggestionSettings(db, setup.shop, { approvers: "all" }, ALICE);
    }
  });

  it("never approves a restock alert, which has nothing to apply, and lets it be rejected", async () => {
    const { db } = database;
    const alert = await db.suggestion.findFirstOrThrow({
      where: { shop: setup.shop, kind: "restock", status: "proposed" },
    });
    expect(await approveSuggestions(db, setup.shop, [alert.id], ALICE)).toEqual({
      approved: [],
      skipped: [{ id: alert.id, reason: RESTOCK_NOT_APPROVABLE }],
    });
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("proposed");
    // One approved before approval was refused is not shown as waiting to be applied.
    await db.suggestion.update({ where: { id: alert.id }, data: { status: "approved" } });
    const { jobId } = await requestBulkApply(db, setup.shop, [alert.id], ALICE);
    expect(await bulkApplyProgress(db, setup.shop, jobId)).toMatchObject({ total: 1, waiting: 0, other: 1 });
    expect((await rejectSuggestion(db, setup.shop, alert.id, ALICE, "Reordered")).status).toBe("rejected");
  });

  it("lets a failed suggestion be approved again and applied once the cause has passed", async () => {
    const { db } = database;
    const row = await plant("markdown");
    const proposal = row.parsed as Extract<Proposal, { kind: "markdown" }>;
    const refused = structuredClone(proposal);
    refused.changes.variants[0]!.priceMinor = -500;
    await db.suggestion.update({ where: { id: row.id }, data: { proposal: JSON.stringify(refused) } });
    expect((await applySuggestion(db, client, setup.shop, row.id, BOB)).status).toBe("failed");
    await db.suggestion.update({ where: { id: row.id }, data: { proposal: JSON.stringify(proposal) } });

    expect(await approveSuggestions(db, setup.shop, [row.id], ALICE)).toEqual({
      approved: [row.id],
      skipped: [],
    });
    const again = await db.suggestion.findUniqueOrThrow({ where: { id: row.id } });
    expect(again).toMatchObject({ status: "approved", error: null });
    const [event] = await listEvents(db, setup.shop, { suggestionId: row.id });
    expect(event).toMatchObject({
      action: "approved",
      fromStatus: "failed",
      toStatus: "approved",
      staffId: "101",
    });
    expect((await applySuggestion(db, client, setup.shop, row.id, BOB)).status).toBe("applied");
    const change = proposal.changes.variants[0]!;
    expect(variantOf(change.variantId).price).toBe(decimal(change.priceMinor));
  });

  it("treats another shop's suggestion as not found for apply and revert", async () => {
    const { db } = database;
    const foreign = await db.suggestion.findFirstOrThrow({ where: { shop: OTHER } });
    const before = sent.length;
    await expect(applySuggestion(db, client, setup.shop, foreign.id, BOB)).rejects.toThrow(
      SuggestionNotFound,
    );
    await expect(revertSuggestion(db, client, setup.shop, foreign.id, BOB)).rejects.toThrow(
      SuggestionNotFound,
    );
    expect(sent.length).toBe(before);
  });
});
