/** Failures the local Shopify injects on purpose, each a share (0..1) of the chances it gets. */
export interface FaultOptions {
  /** GraphQL requests answered 500, 502 or 503 before anything runs */
  serverErrorRate?: number;
  /** GraphQL requests answered THROTTLED whatever the bucket holds */
  throttleRate?: number;
  /** GraphQL requests delayed by `slowMs` */
  slowRate?: number;
  slowMs?: number;
  /** bulk operations whose JSONL file ends in the middle of a line */
  truncateBulkRate?: number;
  /** bulk operations that end FAILED (INTERNAL_SERVER_ERROR) with partial data */
  failBulkRate?: number;
  /** seed of the random source, so a test sees the same failures on every run */
  seed?: number;
}

export type RequestFault = { kind: "server-error"; status: 500 | 502 | 503 } | { kind: "throttle" } | null;
export type BulkFault = "fail" | "truncate" | null;

/**
 * Decides the injected failures from a seeded generator (SplitMix32 style). A rate of 0 draws no
 * number, so enabling one kind of fault does not change the sequence another kind sees.
 */
export class Faults {
  private state: number;

  constructor(private readonly options: FaultOptions = {}) {
    this.state = (options.seed ?? 1) >>> 0;
  }

  private random(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
    value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35);
    return ((value ^ (value >>> 16)) >>> 0) / 2 ** 32;
  }

  private chance(rate: number | undefined): boolean {
    return !!rate && this.random() < rate;
  }

  /** What happens to one GraphQL request (a server error wins over a forced throttle). */
  request(): RequestFault {
    if (this.chance(this.options.serverErrorRate)) {
      const statuses = [500, 502, 503] as const;
      return { kind: "server-error", status: statuses[Math.floor(this.random() * statuses.length)] ?? 500 };
    }
    if (this.chance(this.options.throttleRate)) return { kind: "throttle" };
    return null;
  }

  /** How long to hold one GraphQL request back (0 for most). */
  delay(): number {
    return this.chance(this.options.slowRate) ? (this.options.slowMs ?? 2000) : 0;
  }

  bulk(): BulkFault {
    if (this.chance(this.options.failBulkRate)) return "fail";
    if (this.chance(this.options.truncateBulkRate)) return "truncate";
    return null;
  }
}
