import type { ProductTypeDef } from "./product-types";
import type { Rng } from "./random";

const PREFIXES = [
  "Alpine",
  "Aurora",
  "Basecamp",
  "Canyon",
  "Cascade",
  "Coastal",
  "Drift",
  "Ember",
  "Evergreen",
  "Frontier",
  "Glacier",
  "Harbor",
  "Meridian",
  "Nomad",
  "Pioneer",
  "Ridge",
  "Summit",
  "Timber",
  "Tundra",
  "Wildwood",
];

/** Hands out unique product titles and the handles Shopify derives from them. */
export class TitleBook {
  private readonly used = new Map<string, number>();

  take(rng: Rng, type: ProductTypeDef, model?: string): string {
    const base = `${rng.pick(PREFIXES)} ${model ?? rng.pick(type.models)} ${type.noun}`;
    const seen = this.used.get(base) ?? 0;
    this.used.set(base, seen + 1);
    // A repeated name gets a model number, as merchants do for a second edition.
    return seen === 0 ? base : `${base} ${seen + 1}`;
  }
}

export function handleOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const OPENERS = [
  "Built for long days outside and easy days in town.",
  "A staff favourite that earns its place in the bag.",
  "Designed with riders and hikers who use their gear hard.",
  "Made in small runs with materials we would use ourselves.",
];
const CLOSERS = [
  "Backed by our two-year warranty.",
  "Free returns within 30 days.",
  "Ships in recycled packaging.",
  "Care: wash cold, hang dry.",
];

const SENTENCES: Array<(feature: string) => string> = [
  (feature) => `It comes with ${feature}, so it keeps working when conditions turn.`,
  (feature) => `Expect ${feature} and a fit that holds up season after season.`,
  (feature) => `We added ${feature} after listening to customers.`,
  (feature) => `Riders tell us ${feature} is what they notice first.`,
  (feature) => `Look for ${feature}: small details that add up on long days.`,
];

/**
 * Product copy of varied length: `sentences` (about 70 characters each) in paragraphs of two to
 * four, with a feature list in longer copy. `summary` is the first paragraph as plain text.
 */
export function describe(
  rng: Rng,
  type: ProductTypeDef,
  title: string,
  sentences: number,
): { html: string; summary: string } {
  const features = rng.shuffle([...type.features]);
  const paragraphs: string[][] = [];
  let current = [`The ${title} brings ${features[0]}.`, rng.pick(OPENERS)];
  for (let k = 1; k < sentences - 2; k++) {
    if (current.length >= rng.int(2, 4)) {
      paragraphs.push(current);
      current = [];
    }
    current.push(rng.pick(SENTENCES)(features[k % features.length] as string));
  }
  current.push(rng.pick(CLOSERS));
  paragraphs.push(current);
  const blocks = paragraphs.map((paragraph) => `<p>${paragraph.join(" ")}</p>`);
  if (sentences >= 8) {
    const items = features.map((feature) => `<li>${feature[0]?.toUpperCase()}${feature.slice(1)}</li>`);
    blocks.splice(1, 0, `<ul>${items.join("")}</ul>`);
  }
  return { html: blocks.join(""), summary: (paragraphs[0] as string[]).join(" ") };
}

export const FIRST_NAMES = [
  "Ava",
  "Ben",
  "Chloe",
  "Daniel",
  "Elena",
  "Felix",
  "Grace",
  "Hugo",
  "Isla",
  "Jonah",
  "Keira",
  "Liam",
  "Maya",
  "Noah",
  "Olivia",
  "Priya",
  "Quinn",
  "Rosa",
  "Sam",
  "Tariq",
  "Uma",
  "Victor",
  "Wen",
  "Yusuf",
  "Zoe",
];
export const LAST_NAMES = [
  "Anderson",
  "Brooks",
  "Chen",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Hughes",
  "Ito",
  "Johnson",
  "Kowalski",
  "Lopez",
  "Martin",
  "Nguyen",
  "Okafor",
  "Patel",
  "Rossi",
  "Schmidt",
  "Taylor",
  "Walker",
];
