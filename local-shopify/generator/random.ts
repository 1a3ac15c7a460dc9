import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from "pure-rand";

/** Murmur3's finaliser: spreads every input bit over the 32-bit output. */
function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 32-bit seed for the stream named `label` under `seed`. Streams are derived from names rather
 * than drawn from a parent, so adding draws to one part of the generator never shifts another part.
 */
export function deriveSeed(seed: number, label: string): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  h = mix32(h ^ Math.floor(seed / 0x1_0000_0000));
  for (let i = 0; i < label.length; i++) h = mix32(h ^ Math.imul(label.charCodeAt(i), 0x27d4eb2d));
  return h;
}

/** A seeded source of random numbers (xoroshiro128+ from pure-rand) with the few laws the generator needs. */
export class Rng {
  private readonly gen: RandomGenerator;

  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed);
  }

  /** An independent stream named `label`; the same label under the same seed gives the same stream. */
  fork(label: string): Rng {
    return new Rng(deriveSeed(this.seed, label));
  }

  /** Uniform in (0, 1), never exactly 0 or 1, so logarithms are safe. 32 bits are plenty for synthetic data. */
  float(): number {
    return ((this.gen.unsafeNext() >>> 0) + 0.5) / 0x1_0000_0000;
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return unsafeUniformIntDistribution(from, to, this.gen);
  }

  uniform(from: number, to: number): number {
    return from + (to - from) * this.float();
  }

  bool(probability: number): boolean {
    return this.float() < probability;
  }

  /** Box-Muller; no cached second value, so every call consumes the same number of draws. */
  normal(mean = 0, sd = 1): number {
    const radius = Math.sqrt(-2 * Math.log(this.float()));
    return mean + sd * radius * Math.cos(2 * Math.PI * this.float());
  }

  /** Exponential with mean 1: waiting time between events of a unit-rate Poisson process. */
  exponential(): number {
    return -Math.log(this.float());
  }

  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * Poisson by inversion for small means (the common case: per-variant daily demand); a rounded
   * normal above 30, where the two are indistinguishable for generated data.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean >= 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const u = this.float();
    let term = Math.exp(-mean);
    let cumulative = term;
    let k = 0;
    while (u > cumulative && term > 0) {
      k += 1;
      term *= mean / k;
      cumulative += term;
    }
    return k;
  }

  /** Gamma(shape, scale) by Marsaglia and Tsang (2000), with the usual boost for shape < 1. */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.float(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      if (Math.log(this.float()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }

  /** Negative binomial as a Gamma-Poisson mixture: overdispersed counts with the given mean. */
  negativeBinomial(mean: number, dispersion: number): number {
    return this.poisson(this.gamma(dispersion, mean / dispersion));
  }

  /** Failures before the first success: 0, 1, 2, ... with mean (1 - p) / p. */
  geometric(successProbability: number): number {
    return Math.floor(Math.log(this.float()) / Math.log(1 - successProbability));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick from an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }

  /** Index chosen with probability proportional to its weight (linear scan; for repeated use see WeightedTable). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let target = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] as number;
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Weighted choice among a fixed set in O(log n) per draw, via cumulative weights and binary search. */
export class WeightedTable {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, i) => {
      total += Math.max(0, weight);
      this.cumulative[i] = total;
    });
    if (!(total > 0)) throw new RangeError("weights must have a positive sum");
  }

  draw(rng: Rng): number {
    const cumulative = this.cumulative;
    const target = rng.float() * (cumulative[cumulative.length - 1] as number);
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] as number) > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
