/** The throttle state Shopify reports in `extensions.cost.throttleStatus`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export type RateLimitPlan = "standard" | "advanced" | "plus";

/** Bucket size and restore rate per plan, as Shopify grants them to one app on one shop. */
export const PLAN_LIMITS: Record<RateLimitPlan, { maximumAvailable: number; restoreRate: number }> = {
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  advanced: { maximumAvailable: 4000, restoreRate: 200 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
};

/** The rate-limit plan a shop's ShopPlan.publicDisplayName implies. */
export function rateLimitPlanOf(planDisplayName: string): RateLimitPlan {
  const name = planDisplayName.toLowerCase();
  if (name.includes("plus")) return "plus";
  if (name.includes("advanced")) return "advanced";
  return "standard";
}

/**
 * Shopify's leaky bucket: a request needs its requested cost available before it runs, the
 * bucket refills continuously at the restore rate, and the difference between requested and
 * actual cost is given back afterwards.
 */
export class CostBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly clock: () => number,
  ) {
    this.available = maximumAvailable;
    this.updatedAt = clock();
  }

  private refill(): void {
    const now = this.clock();
    const restored = (Math.max(0, now - this.updatedAt) / 1000) * this.restoreRate;
    this.available = Math.min(this.maximumAvailable, this.available + restored);
    this.updatedAt = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }

  /** Takes `cost` points if they are available; false (and nothing taken) otherwise. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }
}
