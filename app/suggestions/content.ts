/*
 * Content drafts: an SEO title (<= 70 characters) and description (<= 160) built from what the
 * product already says (title, type, vendor, the visible text of its description), and what only
 * the merchant can add, in words.
 */
import { visibleText } from "../analysis/format";
import type { ProductInput } from "../analysis/types";

export const SEO_TITLE_MAX = 70;
export const SEO_DESCRIPTION_MAX = 160;

/** Cut at the last word boundary within `max` characters, without a dangling separator. */
export function truncateWords(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  return (space > 0 ? cut.slice(0, space) : clean.slice(0, max)).replace(/[\s,;:|\-–—]+$/, "");
}

/** Whole sentences of `text` that fit in `max` characters, or its words cut there. */
function leadingSentences(text: string, max: number): string {
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)/g) ?? [];
  let out = "";
  for (const sentence of sentences) {
    const next = `${out}${sentence}`.trim();
    if (next.length > max) break;
    out = `${next} `;
  }
  return out.trim() || truncateWords(text, max);
}

export function seoTitleDraft(product: ProductInput): string {
  const existing = product.seoTitle?.trim();
  if (existing && existing.length <= SEO_TITLE_MAX) return existing;
  const title = product.title.trim();
  const type = product.productType.trim();
  const vendor = product.vendor.trim();
  const withType = type && !title.toLowerCase().includes(type.toLowerCase()) ? `${title} – ${type}` : title;
  const full =
    vendor && !withType.toLowerCase().includes(vendor.toLowerCase()) ? `${withType} | ${vendor}` : withType;
  if (full.length <= SEO_TITLE_MAX) return full;
  return withType.length <= SEO_TITLE_MAX ? withType : truncateWords(title, SEO_TITLE_MAX);
}

/** Below this much visible text the description is not worth quoting: the draft is composed instead. */
const QUOTABLE_CHARS = 60;

export function seoDescriptionDraft(product: ProductInput): string {
  const existing = product.seoDescription?.trim();
  if (existing && existing.length <= SEO_DESCRIPTION_MAX) return existing;
  const text = visibleText(product.descriptionHtml);
  if (text.length >= QUOTABLE_CHARS) return leadingSentences(text, SEO_DESCRIPTION_MAX);
  const type = product.productType.trim();
  const vendor = product.vendor.trim();
  const tags = product.tags.filter((tag) => tag.trim() !== "").slice(0, 3);
  const by = vendor ? ` by ${vendor}` : "";
  const range = type ? `, part of our ${type} range` : "";
  const sentence = `Shop the ${product.title.trim()}${by}${range}.`;
  const extra = tags.length > 0 ? ` ${capitalize(tags.join(", "))}.` : "";
  return truncateWords(`${sentence}${extra}`, SEO_DESCRIPTION_MAX);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the merchant must do by hand, from the analysis' content issue codes. */
export function missingContent(issues: string[], thinDescriptionChars: number): string[] {
  const missing: string[] = [];
  if (issues.includes("no_images")) missing.push("add at least one image (images cannot be generated)");
  if (issues.includes("thin_description"))
    missing.push(
      `write a description of at least ${thinDescriptionChars} characters: what it is, what it is made of, sizes and care`,
    );
  return missing;
}
