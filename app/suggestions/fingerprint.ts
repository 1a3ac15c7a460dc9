/*
 * Stable hashes: a proposal's fingerprint (what it rests on) and the Monte Carlo seed derived from it.
 * Evidence numbers are hashed at two significant digits so that a day's drift in a rate does not
 * expire a proposal, while a change in what it rests on does.
 */

type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical };

/** Two significant digits: 0.03312 -> 0.033, 1234 -> 1200. */
export function significant(value: number, digits = 2): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** JSON with sorted keys and undefined members dropped, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Canonical));
}

function sortKeys(value: Canonical): Canonical {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Canonical } = {};
    for (const key of Object.keys(value).sort()) {
      const member = value[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}

/** 64 bits as 16 hex digits: two FNV-1a lanes over UTF-16 code units (different offsets, the second also mixing the first). */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x01000193) ^ (h1 >>> 13);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

/** A 32-bit seed from a hash string. */
export function seedOf(hash: string): number {
  return Number.parseInt(hash.slice(0, 8), 16) >>> 0;
}

export function fingerprintOf(parts: {
  kind: string;
  productIds: string[];
  assumed: unknown;
  evidenceNumbers: Record<string, number | string | boolean | null>;
  flagKinds: string[];
  changes: unknown;
}): string {
  const numbers: Record<string, number | string | boolean | null> = {};
  for (const [name, value] of Object.entries(parts.evidenceNumbers))
    numbers[name] = typeof value === "number" ? significant(value) : value;
  return hash64(
    canonicalJson({
      kind: parts.kind,
      productIds: parts.productIds,
      assumed: parts.assumed,
      numbers,
      flags: [...parts.flagKinds].sort(),
      changes: parts.changes,
    }),
  );
}
