import type { PlantedSituation, ProductStatus, StoreProduct, StoreVariant } from "../store/types";
import { DAY_MS, isoAt, parseIso } from "./calendar";
import { describe, handleOf, TitleBook } from "./content";
import { DemandCalendar } from "./demand";
import { MEAN_LINE_QUANTITY, reorderLevels } from "./inventory";
import type { Catalog, CatalogModel, ResolvedStoreOptions, ScriptedOrder, StoreOptions } from "./model";
import { formatCents, shelfPrice } from "./money";
import {
  hostTypeIndexes,
  selectRecipes,
  type PlantContext,
  type PlantedProduct,
  type PlantRecipe,
  type PlantShape,
} from "./planted";
import { PRODUCT_TYPES, typeIndexOf, type ProductTypeDef } from "./product-types";
import { deriveSeed, Rng } from "./random";

const MIN_PRODUCTS = 5;
const MAX_PRODUCTS = 50_000;
/** Default order lines per product over the history: ~300 products give ~30,000 orders. */
const DEFAULT_LINES_PER_PRODUCT = 130;

export function resolveOptions(options: StoreOptions): ResolvedStoreOptions {
  const { seed, products } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isInteger(products) || products < MIN_PRODUCTS || products > MAX_PRODUCTS) {
    throw new RangeError(
      `products must be an integer from ${MIN_PRODUCTS} to ${MAX_PRODUCTS}, got ${products}`,
    );
  }
  const days = options.days ?? 365;
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new RangeError(`days must be 1 to 3650, got ${days}`);
  const targetOrderLines = options.targetOrderLines ?? products * DEFAULT_LINES_PER_PRODUCT;
  if (!(targetOrderLines > 0))
    throw new RangeError(`targetOrderLines must be positive, got ${targetOrderLines}`);
  const now = options.now ?? "2026-11-01T00:00:00Z";
  parseIso(now);
  return {
    seed,
    products,
    days,
    targetOrderLines,
    now,
    shopDomain: options.shopDomain ?? "sample-store.myshopify.com",
    currencyCode: options.currencyCode ?? "USD",
    ianaTimezone: options.ianaTimezone ?? "America/New_York",
    planDisplayName: options.planDisplayName ?? "Basic",
  };
}

function shopNameOf(domain: string): string {
  const words = (domain.split(".")[0] ?? domain).split("-").filter(Boolean);
  return words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(" ") || domain;
}

interface VariantSpec {
  title: string;
  code: string;
  priceCents: number;
  compareAtCents: number | null;
  costCents: number | null;
  /** share of the product's demand */
  share: number;
}

interface ProductSpec {
  typeIndex: number;
  title: string;
  vendor: string;
  tags: string[];
  status: ProductStatus;
  createdMs: number;
  publishedMs: number | null;
  updatedMs: number;
  /** on sale on days [sellFrom, sellTo) */
  sellFrom: number;
  sellTo: number;
  reorderUntil: number;
  descriptionHtml: string;
  seoTitle: string | null;
  seoDescription: string | null;
  mediaCount: number;
  variants: VariantSpec[];
  /** relative order lines per day (popularity) */
  weight: number;
  returnRate: number;
  plant: { recipe: PlantRecipe; rng: Rng } | null;
}

interface Timeline {
  startMs: number;
  nowMs: number;
  days: number;
}

const seconds = (rng: Rng, from: number, to: number) => Math.floor(rng.uniform(from, to) / 1000) * 1000;
const dayIndex = (timeline: Timeline, ms: number) => Math.floor((ms - timeline.startMs) / DAY_MS);

/** Sizes come as a contiguous run (S-L, M-XL); colours and other options as any subset. */
function optionValues(rng: Rng, type: ProductTypeDef, count: number): string[] {
  const values = type.option.values;
  if (type.option.name === "Size" || type.option.name === "Length" || type.option.name === "Waist") {
    const start = rng.int(0, values.length - count);
    return values.slice(start, start + count);
  }
  return rng
    .shuffle([...values])
    .slice(0, count)
    .sort((a, b) => values.indexOf(a) - values.indexOf(b));
}

function variantSpecs(
  rng: Rng,
  type: ProductTypeDef,
  count: number,
  pricing: { premium: boolean; costRatio: number | null; costKnown: boolean; compareAt: boolean },
): VariantSpec[] {
  const [low, high] = type.priceCents;
  const position = pricing.premium ? rng.uniform(0.8, 1) : rng.float();
  const base = shelfPrice(rng, Math.exp(Math.log(low) + position * (Math.log(high) - Math.log(low))));
  // Some products charge more for the largest sizes, in whole dollars so the .99 ending stays.
  const stepUp = rng.bool(0.25) ? Math.max(100, Math.round(base / 1000) * 100) : 0;
  const costRatio = pricing.costRatio ?? rng.uniform(type.costRatio[0], type.costRatio[1]);
  const values = count === 1 ? ["Default Title"] : optionValues(rng, type, count);
  const shares = values.map(() => rng.gamma(3));
  const shareSum = shares.reduce((a, b) => a + b, 0);
  return values.map((value, i) => {
    const priceCents = base + (i === values.length - 1 && count > 1 ? stepUp : 0);
    return {
      title: value,
      code: value
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "")
        .slice(0, 5),
      priceCents,
      compareAtCents: pricing.compareAt ? shelfPrice(rng, priceCents * rng.uniform(1.2, 1.4)) : null,
      costCents: pricing.costKnown ? Math.round(priceCents * costRatio) : null,
      share: (shares[i] as number) / shareSum,
    };
  });
}

function variantCount(rng: Rng, type: ProductTypeDef): number {
  return 1 + rng.weightedIndex(type.variantCounts);
}

interface ContentOptions {
  weak: boolean;
  /** planted products other than weak_content keep complete content, so only one thing stands out */
  complete: boolean;
  draft: boolean;
}

function content(
  rng: Rng,
  type: ProductTypeDef,
  title: string,
  shopName: string,
  options: ContentOptions,
): Pick<ProductSpec, "descriptionHtml" | "seoTitle" | "seoDescription" | "mediaCount" | "tags"> {
  const seasonTag = type.season.kind === "all" ? "all-season" : type.season.kind;
  const tags = [...new Set([seasonTag, ...rng.shuffle([...type.tags]).slice(0, rng.int(1, 2))])].sort();
  if (options.weak) {
    return {
      descriptionHtml: `<p>${type.noun}.</p>`,
      seoTitle: null,
      seoDescription: null,
      mediaCount: 0,
      tags,
    };
  }
  const description = describe(rng, type, title, rng.int(options.draft ? 2 : 4, 20));
  const descriptionHtml = description.html;
  const seoTitle = options.complete || rng.bool(0.88) ? `${title} | ${shopName}` : null;
  const seoDescription = options.complete || rng.bool(0.85) ? description.summary.slice(0, 155) : null;
  const mediaCount = options.draft
    ? rng.int(0, 3)
    : 1 + rng.weightedIndex(options.complete ? [0, 3, 4, 3, 2, 1, 1, 1] : [2, 3, 4, 3, 2, 1, 1, 1]);
  return { descriptionHtml, seoTitle, seoDescription, mediaCount, tags };
}

/**
 * An ordinary product: mostly active and live all along, some launched during the history, a few
 * drafts (never on sale) and archived products (sold until archived). `steady` forces the first
 * kind, for the peers planted products are compared with.
 */
function ordinarySpec(
  rng: Rng,
  typeIndex: number,
  timeline: Timeline,
  titles: TitleBook,
  shopName: string,
  steady: boolean,
): ProductSpec {
  const type = PRODUCT_TYPES[typeIndex] as ProductTypeDef;
  const { startMs, nowMs, days } = timeline;
  const roll = steady ? 1 : rng.float();
  const status: ProductStatus = roll < 0.04 ? "DRAFT" : roll < 0.1 ? "ARCHIVED" : "ACTIVE";
  const launchedDuring = status === "ACTIVE" && !steady && days >= 150 && rng.bool(0.12);
  const createdMs =
    status === "DRAFT"
      ? seconds(rng, startMs - 200 * DAY_MS, nowMs - DAY_MS)
      : launchedDuring
        ? seconds(rng, startMs, startMs + (days - 100) * DAY_MS)
        : seconds(rng, startMs - 900 * DAY_MS, startMs - 30 * DAY_MS);
  let publishedMs: number | null = null;
  let updatedMs = seconds(rng, createdMs, nowMs);
  let sellFrom = days;
  let sellTo = days;
  let reorderUntil = -1;
  if (status === "ACTIVE") {
    publishedMs = Math.min(nowMs, createdMs + seconds(rng, 0, 2 * DAY_MS));
    updatedMs = Math.max(updatedMs, publishedMs);
    sellFrom = Math.max(0, Math.ceil((publishedMs - startMs) / DAY_MS));
    reorderUntil = days;
  } else if (status === "ARCHIVED") {
    const archivedDay = rng.int(Math.floor(days / 3), Math.max(Math.floor(days / 3), days - 30));
    sellFrom = 0;
    sellTo = archivedDay;
    reorderUntil = archivedDay - 60;
    updatedMs = startMs + archivedDay * DAY_MS + seconds(rng, 0, DAY_MS);
  }
  const title = titles.take(rng, type);
  return {
    typeIndex,
    title,
    vendor: rng.pick(type.vendors),
    status,
    createdMs,
    publishedMs,
    updatedMs,
    sellFrom,
    sellTo,
    reorderUntil,
    ...content(rng, type, title, shopName, { weak: false, complete: false, draft: status === "DRAFT" }),
    variants: variantSpecs(rng, type, variantCount(rng, type), {
      premium: false,
      costRatio: null,
      costKnown: !rng.bool(0.08),
      compareAt: rng.bool(0.12),
    }),
    // A lognormal body clamped below, so no ordinary product is a slow mover by construction, and a
    // few hero products for the long tail on top.
    weight: type.popularity * Math.max(0.7, rng.lognormal(0, 0.5)) * (rng.bool(0.05) ? rng.uniform(2, 4) : 1),
    returnRate: type.returnRate * rng.uniform(0.85, 1.15),
    plant: null,
  };
}

function plantedSpec(
  rng: Rng,
  shape: PlantShape,
  recipe: PlantRecipe,
  timeline: Timeline,
  titles: TitleBook,
  shopName: string,
): ProductSpec {
  const typeIndex = typeIndexOf(shape.typeName);
  const type = PRODUCT_TYPES[typeIndex] as ProductTypeDef;
  const createdMs =
    shape.createdMs ?? seconds(rng, timeline.startMs - 700 * DAY_MS, timeline.startMs - 200 * DAY_MS);
  const publishedMs = Math.min(timeline.nowMs, createdMs + seconds(rng, 0, 3_600_000));
  const title = shape.title ?? titles.take(rng, type);
  return {
    typeIndex,
    title,
    vendor: rng.pick(type.vendors),
    status: "ACTIVE",
    createdMs,
    publishedMs,
    updatedMs: seconds(rng, publishedMs, timeline.nowMs),
    sellFrom: Math.max(0, dayIndex(timeline, publishedMs)),
    sellTo: timeline.days,
    reorderUntil: timeline.days,
    ...content(rng, type, title, shopName, {
      weak: shape.weakContent ?? false,
      complete: true,
      draft: false,
    }),
    variants: variantSpecs(rng, type, shape.variants, {
      premium: shape.premium ?? false,
      costRatio: shape.costRatio ?? null,
      costKnown: true,
      compareAt: false,
    }),
    weight: 0,
    returnRate: type.returnRate,
    plant: { recipe, rng },
  };
}

/**
 * Ordinary products per type: planted hosts get two steady peers first (when the catalog has room),
 * the rest follows the type shares, with random rounding.
 */
function allocateTypes(rng: Rng, count: number, hosts: number[]): { counts: number[]; steady: number[] } {
  const counts = PRODUCT_TYPES.map(() => 0);
  const steady = PRODUCT_TYPES.map(() => 0);
  let remaining = count;
  if (count >= 2 * hosts.length) {
    for (const host of hosts) {
      counts[host] = 2;
      steady[host] = 2;
      remaining -= 2;
    }
  }
  const shares = PRODUCT_TYPES.map((type) => type.share);
  let assigned = 0;
  shares.forEach((share, t) => {
    const whole = Math.floor(share * remaining);
    counts[t] = (counts[t] as number) + whole;
    assigned += whole;
  });
  for (let k = assigned; k < remaining; k++) {
    const t = rng.weightedIndex(shares);
    counts[t] = (counts[t] as number) + 1;
  }
  return { counts, steady };
}

/** Generates the products, variants, planted situations and the simulation model of a store. */
export function generateCatalog(options: StoreOptions): Catalog {
  const resolved = resolveOptions(options);
  const nowMs = parseIso(resolved.now);
  const days = resolved.days;
  const startMs = nowMs - days * DAY_MS;
  const timeline: Timeline = { startMs, nowMs, days };
  const root = new Rng(deriveSeed(resolved.seed, "store"));
  const calendar = new DemandCalendar(startMs, days);
  const shop = {
    name: shopNameOf(resolved.shopDomain),
    myshopifyDomain: resolved.shopDomain,
    currencyCode: resolved.currencyCode,
    ianaTimezone: resolved.ianaTimezone,
    planDisplayName: resolved.planDisplayName,
  };
  const titles = new TitleBook();

  const recipes = selectRecipes(resolved.products, days);
  const ordinaryCount = resolved.products - recipes.reduce((sum, recipe) => sum + recipe.size, 0);
  const { counts, steady } = allocateTypes(root.fork("types"), ordinaryCount, hostTypeIndexes(recipes));
  const productRng = root.fork("products");
  const specs: ProductSpec[] = [];
  counts.forEach((count, t) => {
    for (let k = 0; k < count; k++) {
      specs.push(ordinarySpec(productRng, t, timeline, titles, shop.name, k < (steady[t] as number)));
    }
  });

  // Scale popularity to order lines per day so the history holds about targetOrderLines lines.
  let exposure = 0;
  for (const spec of specs) {
    for (const variant of spec.variants) {
      exposure += spec.weight * variant.share * calendar.sum(spec.typeIndex, spec.sellFrom, spec.sellTo);
    }
  }
  const lineScale =
    exposure > 0 ? (resolved.targetOrderLines * (ordinaryCount / resolved.products)) / exposure : 0;

  // Mean units per day at demand factor 1 of each type's active products live since the start.
  const typeRate = PRODUCT_TYPES.map((_, t) => {
    const peers = specs.filter(
      (spec) => spec.typeIndex === t && spec.status === "ACTIVE" && spec.sellFrom === 0,
    );
    if (peers.length === 0) return null;
    return (
      (peers.reduce((sum, spec) => sum + spec.weight, 0) / peers.length) * lineScale * MEAN_LINE_QUANTITY
    );
  });
  const known = typeRate.filter((rate): rate is number => rate !== null);
  const fallbackRate = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0.3;
  const plantContext = (rng: Rng): PlantContext => ({
    rng,
    days,
    startMs,
    nowMs,
    calendar,
    categoryRate: (t, from, to) =>
      ((typeRate[t] ?? fallbackRate) * calendar.sum(t, from, to)) / Math.max(1, to - from),
    typesWithPeers: typeRate.flatMap((rate, t) => (rate !== null && (counts[t] as number) >= 2 ? [t] : [])),
  });

  for (const recipe of recipes) {
    const rng = root.fork(`plant:${recipe.kind}`);
    for (const shape of recipe.shapes(plantContext(rng))) {
      specs.push(plantedSpec(rng, shape, recipe, timeline, titles, shop.name));
    }
  }
  root.fork("layout").shuffle(specs);

  const products: StoreProduct[] = [];
  const variants: StoreVariant[] = [];
  const owners: ProductSpec[] = [];
  const variantSpecsInOrder: VariantSpec[] = [];
  specs.forEach((spec, p) => {
    const productId = p + 1;
    const type = PRODUCT_TYPES[spec.typeIndex] as ProductTypeDef;
    const createdAt = isoAt(spec.createdMs);
    const updatedAt = isoAt(spec.updatedMs);
    products.push({
      id: productId,
      title: spec.title,
      handle: handleOf(spec.title),
      status: spec.status,
      productType: type.name,
      vendor: spec.vendor,
      tags: spec.tags,
      createdAt,
      updatedAt,
      publishedAt: spec.publishedMs === null ? null : isoAt(spec.publishedMs),
      descriptionHtml: spec.descriptionHtml,
      seoTitle: spec.seoTitle,
      seoDescription: spec.seoDescription,
      mediaCount: spec.mediaCount,
    });
    for (const variant of spec.variants) {
      const id = variants.length + 1;
      const sku = `${type.code}-${String(productId).padStart(5, "0")}${spec.variants.length > 1 ? `-${variant.code}` : ""}`;
      variants.push({
        id,
        productId,
        title: variant.title,
        sku,
        price: formatCents(variant.priceCents),
        compareAtPrice: variant.compareAtCents === null ? null : formatCents(variant.compareAtCents),
        inventoryQuantity: 0,
        inventoryItemId: id,
        unitCost: variant.costCents === null ? null : formatCents(variant.costCents),
        createdAt,
        updatedAt,
      });
      owners.push(spec);
      variantSpecsInOrder.push(variant);
    }
  });

  const model = buildModel(
    root.fork("stock"),
    calendar,
    timeline,
    owners,
    variantSpecsInOrder,
    variants,
    lineScale,
  );

  const planted: PlantedSituation[] = [];
  const scriptedOrders: ScriptedOrder[] = [];
  for (const recipe of recipes) {
    const members: PlantedProduct[] = [];
    let rng: Rng | null = null;
    for (const [p, spec] of specs.entries()) {
      if (spec.plant?.recipe !== recipe) continue;
      rng = spec.plant.rng;
      members.push({
        productId: p + 1,
        title: spec.title,
        typeIndex: spec.typeIndex,
        variants: variants.flatMap((variant, index) =>
          variant.productId === p + 1 ? [{ index, id: variant.id }] : [],
        ),
      });
    }
    if (rng === null) continue;
    const script = recipe.script(plantContext(rng), members);
    scriptedOrders.push(...script.orders);
    for (const { variantIndex, plan } of script.stock) {
      model.scripted[variantIndex] = 1;
      model.lineRate[variantIndex] = 0;
      model.stockDay[variantIndex] = plan.initial.day;
      (variants[variantIndex] as StoreVariant).inventoryQuantity = plan.initial.quantity;
      for (const restock of plan.restocks) model.scriptedRestocks.push({ ...restock, variantIndex });
    }
    planted.push(...script.situations);
  }
  model.scriptedOrders = scriptedOrders.sort((a, b) => a.day - b.day);
  model.scriptedRestocks.sort((a, b) => a.day - b.day || a.variantIndex - b.variantIndex);

  return { options: resolved, shop, startMs, nowMs, days, products, variants, planted, model };
}

/** Per-variant arrays for the simulation, with ordinary lead times, supplier delays and opening stock. */
function buildModel(
  rng: Rng,
  calendar: DemandCalendar,
  timeline: Timeline,
  owners: ProductSpec[],
  specs: VariantSpec[],
  variants: StoreVariant[],
  lineScale: number,
): CatalogModel {
  const n = variants.length;
  const model: CatalogModel = {
    calendar,
    typeIndex: new Int32Array(n),
    lineRate: new Float64Array(n),
    returnRate: new Float64Array(n),
    priceCents: new Int32Array(n),
    stockDay: new Int32Array(n),
    sellFrom: new Int32Array(n),
    sellTo: new Int32Array(n),
    reorderUntil: new Int32Array(n),
    leadTime: new Int32Array(n),
    delayFrom: new Int32Array(n).fill(-1),
    delayDays: new Int32Array(n),
    scripted: new Uint8Array(n),
    scriptedOrders: [],
    scriptedRestocks: [],
  };
  const { days } = timeline;
  for (let i = 0; i < n; i++) {
    const owner = owners[i] as ProductSpec;
    const spec = specs[i] as VariantSpec;
    const selling = owner.status !== "DRAFT";
    const lineRate = selling ? lineScale * owner.weight * spec.share : 0;
    const leadTime = rng.int(7, 21);
    model.typeIndex[i] = owner.typeIndex;
    model.lineRate[i] = lineRate;
    model.returnRate[i] = owner.returnRate;
    model.priceCents[i] = spec.priceCents;
    model.stockDay[i] = Math.max(0, dayIndex(timeline, owner.createdMs));
    model.sellFrom[i] = owner.sellFrom;
    model.sellTo[i] = owner.sellTo;
    model.reorderUntil[i] = owner.reorderUntil;
    model.leadTime[i] = leadTime;
    // Some suppliers deliver a few weeks late once: a stockout stretch that ends well before now.
    if (selling && days >= 200 && rng.bool(0.07)) {
      model.delayFrom[i] = rng.int(30, days - 150);
      model.delayDays[i] = rng.int(20, 45);
    }
    let opening = rng.int(0, 20);
    if (selling) {
      const levels = reorderLevels(calendar, owner.typeIndex, lineRate, leadTime, owner.sellFrom);
      opening = rng.int(levels.reorderPoint + 1, Math.max(levels.reorderPoint + 1, levels.orderUpTo));
    }
    (variants[i] as StoreVariant).inventoryQuantity = opening;
  }
  return model;
}
