import type {
  StoreAbandonedCheckout,
  StoreCustomer,
  StoreLineItem,
  StoreOrder,
  StoreRefund,
} from "../store/types";
import { DAY_MS, HOUR_WEIGHTS_UTC, isoAt, NEWSLETTER, WELCOME, type Promotion } from "./calendar";
import { FIRST_NAMES, LAST_NAMES } from "./content";
import { reorderLevels } from "./inventory";
import type { Catalog, ScriptedOrder } from "./model";
import { formatCents, percentOff } from "./money";
import { deriveSeed, Rng, WeightedTable } from "./random";

/** What an order line needs to know about a variant. */
export interface LineSource {
  variantId: number;
  productId: number;
  title: string;
  priceCents: number;
  returnRate: number;
}

/** An order before ids, customer and discount are settled. */
export interface DraftOrder {
  createdMs: number;
  /** `variant` indexes the writer's line sources */
  lines: Array<{ variant: number; quantity: number }>;
  discount: ScriptedOrder["discount"];
  refund: ScriptedOrder["refund"];
  /** ordinary orders may be cancelled; scripted ones never are, so planted numbers stay exact */
  cancellable: boolean;
  wholesale: boolean;
  test: boolean;
}

/** The last id handed out in each id space (orders, line items, refunds) and the last order number. */
export interface IdCounters {
  order: number;
  orderNumber: number;
  line: number;
  refund: number;
}

export interface CustomerChoice {
  id: number | null;
  isNew: boolean;
}

const HOUR_MS = 3_600_000;
const CANCEL_RATE = 0.015;
const PROMOTION_CODE_SHARE = 0.55;
const WELCOME_CODE_SHARE = 0.2;
const NEWSLETTER_CODE_SHARE = 0.02;

const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Turns drafts into Admin API orders: ids, discount codes, cancellations and refunds. */
export class OrderWriter {
  constructor(
    private readonly rng: Rng,
    private readonly sources: (index: number) => LineSource,
    private readonly ids: IdCounters,
    /** the simulated now: later refunds and cancellations have not happened yet */
    private readonly cutoffMs: number,
    private readonly currencyCode: string,
  ) {}

  write(draft: DraftOrder, customer: CustomerChoice, promotion: Promotion | null): StoreOrder {
    const rng = this.rng;
    const code = draft.test ? null : this.discountFor(draft, customer, promotion);
    const id = ++this.ids.order;
    const lineItems: StoreLineItem[] = draft.lines.map((line) => {
      const source = this.sources(line.variant);
      const original = formatCents(source.priceCents);
      return {
        id: ++this.ids.line,
        variantId: source.variantId,
        productId: source.productId,
        title: source.title,
        quantity: line.quantity,
        originalUnitPrice: original,
        discountedUnitPrice: code ? formatCents(percentOff(source.priceCents, code.percent)) : original,
      };
    });

    let cancelledMs: number | null = null;
    if (draft.cancellable && rng.bool(CANCEL_RATE)) {
      const at = wholeSeconds(draft.createdMs + rng.uniform(HOUR_MS / 6, 36 * HOUR_MS));
      if (at < this.cutoffMs) cancelledMs = at;
    }

    const refunds: StoreRefund[] = [];
    let updatedMs = cancelledMs ?? draft.createdMs;
    if (!draft.test && cancelledMs === null && draft.refund !== null) {
      const returned: Array<{ lineItemId: number; quantity: number }> = [];
      let afterMs: number;
      if (draft.refund === "random") {
        draft.lines.forEach((line, k) => {
          if (!rng.bool(this.sources(line.variant).returnRate)) return;
          const quantity = line.quantity > 1 ? rng.int(1, line.quantity) : 1;
          returned.push({ lineItemId: (lineItems[k] as StoreLineItem).id, quantity });
        });
        afterMs = returned.length > 0 ? rng.uniform(2, 28) * DAY_MS : 0;
      } else {
        for (const item of lineItems) returned.push({ lineItemId: item.id, quantity: item.quantity });
        afterMs = draft.refund.afterDays * DAY_MS;
      }
      const at = wholeSeconds(draft.createdMs + afterMs);
      if (returned.length > 0 && at < this.cutoffMs) {
        refunds.push({ id: ++this.ids.refund, createdAt: isoAt(at), lineItems: returned });
        updatedMs = at;
      }
    }

    const createdAt = isoAt(draft.createdMs);
    return {
      id,
      name: `#${++this.ids.orderNumber}`,
      createdAt,
      updatedAt: updatedMs === draft.createdMs ? createdAt : isoAt(updatedMs),
      cancelledAt: cancelledMs === null ? null : isoAt(cancelledMs),
      test: draft.test,
      currencyCode: this.currencyCode,
      customerId: customer.id,
      discountCodes: code ? [code.code] : [],
      lineItems,
      refunds,
    };
  }

  private discountFor(
    draft: DraftOrder,
    customer: CustomerChoice,
    promotion: Promotion | null,
  ): Promotion | null {
    const rng = this.rng;
    if (draft.discount === "none") return null;
    if (draft.discount === "code") return promotion ?? NEWSLETTER;
    if (promotion && rng.bool(PROMOTION_CODE_SHARE)) return promotion;
    if (customer.isNew && rng.bool(WELCOME_CODE_SHARE)) return WELCOME;
    return rng.bool(NEWSLETTER_CODE_SHARE) ? NEWSLETTER : null;
  }
}

const HOURS = new WeightedTable(HOUR_WEIGHTS_UTC);

/** A time on the day starting at `dayStartMs`, busiest in the US evening. */
function timeOnDay(rng: Rng, dayStartMs: number): number {
  return dayStartMs + HOURS.draw(rng) * HOUR_MS + rng.int(0, 3599) * 1000;
}

/** Units on an order line: mostly one. */
export function lineQuantity(rng: Rng): number {
  const u = rng.float();
  return u < 0.88 ? 1 : u < 0.97 ? 2 : 3;
}

/** Basket sizes in lines: 75 % single-line orders. */
const BASKET = new WeightedTable([0.75, 0.18, 0.05, 0.02]);

/** Groups a day's demanded lines into orders of 1-4 lines (a variant appears once per order). */
export function groupIntoDrafts(
  rng: Rng,
  units: Array<{ variant: number; quantity: number }>,
  dayStartMs: number,
): DraftOrder[] {
  rng.shuffle(units);
  const drafts: DraftOrder[] = [];
  for (let start = 0; start < units.length;) {
    const size = 1 + BASKET.draw(rng);
    const lines: Array<{ variant: number; quantity: number }> = [];
    for (const unit of units.slice(start, start + size)) {
      const same = lines.find((line) => line.variant === unit.variant);
      if (same) same.quantity += unit.quantity;
      else lines.push({ ...unit });
    }
    start += size;
    drafts.push({
      createdMs: timeOnDay(rng, dayStartMs),
      lines,
      discount: "any",
      refund: "random",
      cancellable: true,
      wholesale: false,
      test: false,
    });
  }
  return drafts;
}

/** Min-heap of repeat customers keyed by the day of their next purchase (ties by id). */
class DueHeap {
  private readonly items: Array<{ due: number; id: number; remaining: number; gap: number }> = [];

  peek() {
    return this.items[0];
  }

  push(item: { due: number; id: number; remaining: number; gap: number }): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.less(left, smallest)) smallest = left;
      if (right < items.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return top;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a] as { due: number; id: number };
    const y = this.items[b] as { due: number; id: number };
    return x.due < y.due || (x.due === y.due && x.id < y.id);
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const tmp = items[a] as (typeof items)[number];
    items[a] = items[b] as (typeof items)[number];
    items[b] = tmp;
  }
}

const GUEST_SHARE = 0.12;
const REPEAT_SHARE = 0.32;

/**
 * Who places each order: guests, new customers (created at their first order, so only the repeat
 * schedule stays in memory) and repeat customers, who come back on a personal purchase cycle.
 */
class CustomerPool {
  private lastId = 0;
  private readonly due = new DueHeap();

  constructor(
    private readonly rng: Rng,
    private readonly onCustomer: ((customer: StoreCustomer) => void) | undefined,
  ) {}

  get count(): number {
    return this.lastId;
  }

  choose(day: number, orderMs: number, wholesale: boolean): CustomerChoice {
    const rng = this.rng;
    if (wholesale) return { id: this.create(orderMs, ["wholesale"]), isNew: true };
    if (rng.bool(GUEST_SHARE)) return { id: null, isNew: false };
    const next = this.due.peek();
    if (next && next.due <= day) {
      this.due.pop();
      next.remaining -= 1;
      if (next.remaining > 0) {
        next.due = day + this.gapDays(next.gap);
        this.due.push(next);
      }
      return { id: next.id, isNew: false };
    }
    const id = this.create(orderMs, rng.bool(0.3) ? ["newsletter"] : []);
    if (rng.bool(REPEAT_SHARE)) {
      const gap = Math.min(240, Math.max(14, rng.lognormal(Math.log(60), 0.5)));
      this.due.push({ due: day + this.gapDays(gap), id, remaining: 1 + rng.geometric(0.45), gap });
    }
    return { id, isNew: true };
  }

  /** A known customer id at random, or null before the first customer exists. */
  anyKnown(): number | null {
    return this.lastId > 0 ? this.rng.int(1, this.lastId) : null;
  }

  private gapDays(mean: number): number {
    return Math.max(7, Math.round(this.rng.gamma(2, mean / 2)));
  }

  private create(orderMs: number, tags: string[]): number {
    const rng = this.rng;
    const id = ++this.lastId;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const at = isoAt(wholeSeconds(orderMs - rng.uniform(0, 20 * 60_000)));
    this.onCustomer?.({
      id,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${id}@example.com`.toLowerCase(),
      tags,
      createdAt: at,
      updatedAt: at,
    });
    return id;
  }
}

export interface InventoryEvent {
  variantId: number;
  /** when the stock arrived: the variant's first stock, or a delivery at the start of a day */
  at: string;
  quantity: number;
  kind: "initial" | "restock";
}

export interface OrderStreamOptions {
  onCustomer?: (customer: StoreCustomer) => void;
  onAbandonedCheckout?: (checkout: StoreAbandonedCheckout) => void;
  onInventory?: (event: InventoryEvent) => void;
}

export interface StreamSummary {
  orders: number;
  lineItems: number;
  customers: number;
  abandonedCheckouts: number;
  /** stock per variant id at the end of the history */
  inventory: Map<number, number>;
}

const ABANDONED_PER_ORDER = 0.3;
const REVIEW_DAYS = 7;
const RECOVERED_SHARE = 0.06;

/**
 * The store's orders, day by day in createdAt order, with ids counting up from 1. Memory stays
 * bounded by the catalog and the repeat-customer schedule: customers, abandoned checkouts and
 * inventory events go to the callbacks as they happen. Deterministic for a catalog; the generator's
 * return value carries the final stock.
 */
export function* orderStream(
  catalog: Catalog,
  options: OrderStreamOptions = {},
): Generator<StoreOrder, StreamSummary, undefined> {
  const { model, variants, days, startMs, nowMs } = catalog;
  const { calendar, typeIndex, lineRate, sellFrom, sellTo, reorderUntil, leadTime, delayDays } = model;
  const root = new Rng(deriveSeed(catalog.options.seed, "orders"));
  const demandRng = root.fork("demand");
  const orderRng = root.fork("orders");
  const checkoutRng = root.fork("checkouts");
  const titles = new Map(catalog.products.map((product) => [product.id, product.title]));
  const sources: LineSource[] = variants.map((variant, i) => ({
    variantId: variant.id,
    productId: variant.productId,
    title: titles.get(variant.productId) ?? "",
    priceCents: model.priceCents[i] as number,
    returnRate: model.returnRate[i] as number,
  }));
  const ids: IdCounters = { order: 0, orderNumber: 1000, line: 0, refund: 0 };
  const writer = new OrderWriter(
    orderRng,
    (i) => sources[i] as LineSource,
    ids,
    nowMs,
    catalog.options.currencyCode,
  );
  const customers = new CustomerPool(root.fork("customers"), options.onCustomer);

  const n = variants.length;
  const stock = new Int32Array(n);
  const pendingDay = new Int32Array(n).fill(-1);
  const pendingQuantity = new Int32Array(n);
  const delayFrom = model.delayFrom.slice();
  const arrivals = new Map<number, number[]>();
  const openings = new Map<number, number[]>();
  const ordinary: number[] = [];
  for (let i = 0; i < n; i++) {
    const day = model.stockDay[i] as number;
    const list = openings.get(day);
    if (list) list.push(i);
    else openings.set(day, [i]);
    if ((lineRate[i] as number) > 0 && model.scripted[i] === 0) ordinary.push(i);
  }
  const testRng = root.fork("test-orders");
  const testDays = new Set(Array.from({ length: 3 + testRng.int(0, 3) }, () => testRng.int(0, days - 1)));

  const emitInventory = (i: number, atMs: number, quantity: number, kind: InventoryEvent["kind"]) => {
    options.onInventory?.({
      variantId: (variants[i] as (typeof variants)[number]).id,
      at: isoAt(atMs),
      quantity,
      kind,
    });
  };
  // A purchase order when stock is at or below the reorder point (checked after sales and in a
  // review every REVIEW_DAYS days, staggered across variants).
  const reorderIfLow = (i: number, day: number) => {
    if ((pendingDay[i] as number) >= 0 || day >= (reorderUntil[i] as number)) return;
    const levels = reorderLevels(
      calendar,
      typeIndex[i] as number,
      lineRate[i] as number,
      leadTime[i] as number,
      day,
    );
    if ((stock[i] as number) > levels.reorderPoint) return;
    let lead = leadTime[i] as number;
    const delayed = delayFrom[i] as number;
    if (delayed >= 0 && day >= delayed) {
      if (day < delayed + 45) lead += delayDays[i] as number;
      delayFrom[i] = -1;
    }
    pendingDay[i] = day + lead;
    pendingQuantity[i] = Math.max(1, levels.orderUpTo - (stock[i] as number));
    const list = arrivals.get(day + lead);
    if (list) list.push(i);
    else arrivals.set(day + lead, [i]);
  };

  // Demand as a Poisson process per variant in "demand-factor time" (rate x seasonal factor): each
  // variant waits for its next order line in a bucket for that day, so a day costs time in
  // proportion to its lines, not to the catalog. Demand that meets no stock is lost.
  const target = new Float64Array(n);
  const due: Array<number[] | undefined> = new Array(days);
  const scheduleNextLine = (i: number, fromDay: number) => {
    const t = typeIndex[i] as number;
    target[i] = (target[i] as number) + demandRng.exponential() / (lineRate[i] as number);
    if (calendar.cumulative(t, days) < (target[i] as number)) return;
    let low = fromDay;
    let high = days - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (calendar.cumulative(t, mid + 1) >= (target[i] as number)) high = mid;
      else low = mid + 1;
    }
    const list = due[low];
    if (list) list.push(i);
    else due[low] = [i];
  };
  for (const i of ordinary) {
    target[i] = calendar.cumulative(typeIndex[i] as number, sellFrom[i] as number);
    scheduleNextLine(i, sellFrom[i] as number);
  }

  let scriptedOrder = 0;
  let scriptedRestock = 0;
  let orderCount = 0;
  let lineCount = 0;
  let checkoutId = 0;
  let checkoutLineId = 0;

  for (let day = 0; day < days; day++) {
    const dayStart = startMs + day * DAY_MS;
    for (const i of openings.get(day) ?? []) {
      const quantity = (variants[i] as (typeof variants)[number]).inventoryQuantity;
      stock[i] = (stock[i] as number) + quantity;
      const createdMs = Date.parse((variants[i] as (typeof variants)[number]).createdAt);
      emitInventory(i, Math.max(dayStart, createdMs), quantity, "initial");
    }
    while (
      scriptedRestock < model.scriptedRestocks.length &&
      model.scriptedRestocks[scriptedRestock]?.day === day
    ) {
      const restock = model.scriptedRestocks[scriptedRestock++] as (typeof model.scriptedRestocks)[number];
      stock[restock.variantIndex] = (stock[restock.variantIndex] as number) + restock.quantity;
      emitInventory(restock.variantIndex, dayStart, restock.quantity, "restock");
    }
    for (const i of arrivals.get(day) ?? []) {
      stock[i] = (stock[i] as number) + (pendingQuantity[i] as number);
      pendingDay[i] = -1;
      emitInventory(i, dayStart, pendingQuantity[i] as number, "restock");
    }
    arrivals.delete(day);

    const units: Array<{ variant: number; quantity: number }> = [];
    const lines = due[day] ?? [];
    due[day] = lines;
    // The list grows while we walk it when a variant's next line falls on the same day.
    for (let k = 0; k < lines.length; k++) {
      const i = lines[k] as number;
      if (day >= (sellTo[i] as number)) continue;
      if ((stock[i] as number) > 0) {
        const quantity = Math.min(lineQuantity(demandRng), stock[i] as number);
        stock[i] = (stock[i] as number) - quantity;
        units.push({ variant: i, quantity });
        reorderIfLow(i, day);
      }
      scheduleNextLine(i, day);
    }
    due[day] = undefined;
    for (let k = day % REVIEW_DAYS; k < ordinary.length; k += REVIEW_DAYS) {
      const i = ordinary[k] as number;
      if (day >= (sellFrom[i] as number) && day < (sellTo[i] as number)) reorderIfLow(i, day);
    }

    const drafts = groupIntoDrafts(orderRng, units, dayStart);
    while (scriptedOrder < model.scriptedOrders.length && model.scriptedOrders[scriptedOrder]?.day === day) {
      const scripted = model.scriptedOrders[scriptedOrder++] as ScriptedOrder;
      for (const line of scripted.lines) {
        stock[line.variantIndex] = (stock[line.variantIndex] as number) - line.quantity;
        if ((stock[line.variantIndex] as number) < 0) {
          throw new Error(`planted stock plan sold variant ${line.variantIndex} below zero on day ${day}`);
        }
      }
      drafts.push({
        createdMs: timeOnDay(orderRng, dayStart),
        lines: scripted.lines.map((line) => ({ variant: line.variantIndex, quantity: line.quantity })),
        discount: scripted.discount,
        refund: scripted.refund,
        cancellable: false,
        wholesale: scripted.wholesale ?? false,
        test: false,
      });
    }
    if (testDays.has(day) && units.length > 0) {
      // Staff test with something that is on sale today.
      drafts.push({
        createdMs: timeOnDay(testRng, dayStart),
        lines: [{ variant: testRng.pick(units).variant, quantity: 1 }],
        discount: "none",
        refund: null,
        cancellable: false,
        wholesale: false,
        test: true,
      });
    }
    drafts.sort((a, b) => a.createdMs - b.createdMs);

    const promotion = calendar.promotion(day);
    const checkouts: Array<{
      createdMs: number;
      completedMs: number | null;
      customerId: number | null;
      lines: DraftOrder["lines"];
    }> = [];
    for (const draft of drafts) {
      const customer = draft.test
        ? { id: null, isNew: false }
        : customers.choose(day, draft.createdMs, draft.wholesale);
      const order = writer.write(draft, customer, promotion);
      if (order.cancelledAt !== null) {
        // A cancelled order releases its stock.
        for (const line of draft.lines) stock[line.variant] = (stock[line.variant] as number) + line.quantity;
      }
      orderCount += 1;
      lineCount += order.lineItems.length;
      if (!draft.test && checkoutRng.bool(RECOVERED_SHARE)) {
        checkouts.push({
          createdMs: Math.max(
            startMs,
            wholeSeconds(draft.createdMs - checkoutRng.uniform(HOUR_MS, 20 * HOUR_MS)),
          ),
          completedMs: draft.createdMs,
          customerId: customer.id,
          lines: draft.lines,
        });
      }
      yield order;
    }

    // Abandoned checkouts hold what shoppers were buying that day.
    const abandoned = units.length > 0 ? checkoutRng.poisson(ABANDONED_PER_ORDER * drafts.length) : 0;
    for (let k = 0; k < abandoned; k++) {
      const lines = Array.from({ length: checkoutRng.int(1, 2) }, () => ({
        variant: checkoutRng.pick(units).variant,
        quantity: 1,
      })).filter((line, index, all) => all.findIndex((other) => other.variant === line.variant) === index);
      checkouts.push({
        createdMs: timeOnDay(checkoutRng, dayStart),
        completedMs: null,
        customerId: checkoutRng.bool(0.35) ? customers.anyKnown() : null,
        lines,
      });
    }
    checkouts.sort((a, b) => a.createdMs - b.createdMs);
    for (const checkout of checkouts) {
      checkoutId += 1;
      options.onAbandonedCheckout?.({
        id: checkoutId,
        createdAt: isoAt(checkout.createdMs),
        completedAt: checkout.completedMs === null ? null : isoAt(checkout.completedMs),
        customerId: checkout.customerId,
        lineItems: checkout.lines.map((line) => {
          const source = sources[line.variant] as LineSource;
          return {
            id: ++checkoutLineId,
            variantId: source.variantId,
            productId: source.productId,
            quantity: line.quantity,
          };
        }),
      });
    }
  }

  const inventory = new Map<number, number>();
  variants.forEach((variant, i) => inventory.set(variant.id, stock[i] as number));
  return {
    orders: orderCount,
    lineItems: lineCount,
    customers: customers.count,
    abandonedCheckouts: checkoutId,
    inventory,
  };
}
