import { z } from "zod";
import { DEFAULT_SETTINGS, type AnalysisSettings } from "../analysis/types";

/*
 * The analysis thresholds as the Settings page edits them: a label, the unit the merchant types in
 * and the range that still makes sense. Shares are typed as percentages and stored as fractions.
 */

export interface SettingField {
  key: keyof AnalysisSettings;
  label: string;
  help: string;
  unit: "days" | "weeks" | "%" | "units" | "orders" | "characters" | "×";
  min: number;
  max: number;
  /** whole numbers only */
  integer: boolean;
  group:
    | "Window"
    | "Slow and dead stock"
    | "Trend"
    | "Stock cover"
    | "Returns"
    | "Price and discounts"
    | "Content";
}

const percent = (key: keyof AnalysisSettings) =>
  SETTING_FIELDS.find((field) => field.key === key)?.unit === "%";

export const SETTING_FIELDS: SettingField[] = [
  {
    key: "windowDays",
    label: "Analysis window",
    help: "Days of sales each flag looks at, ending today.",
    unit: "days",
    min: 28,
    max: 365,
    integer: true,
    group: "Window",
  },
  {
    key: "flagProbability",
    label: "Confidence needed",
    help: "How sure the analysis must be before it flags a slow mover or high returns.",
    unit: "%",
    min: 50,
    max: 99.9,
    integer: false,
    group: "Window",
  },
  {
    key: "slowRatio",
    label: "Slow mover: share of category rate",
    help: "Flag when an item very likely sells below this share of similar items' rate.",
    unit: "%",
    min: 1,
    max: 100,
    integer: false,
    group: "Slow and dead stock",
  },
  {
    key: "minInStockDays",
    label: "Slow mover: in-stock days needed",
    help: "Items in stock for fewer days are not judged.",
    unit: "days",
    min: 7,
    max: 365,
    integer: true,
    group: "Slow and dead stock",
  },
  {
    key: "newProductDays",
    label: "New product grace period",
    help: "Products live for fewer days are never slow or dead stock.",
    unit: "days",
    min: 0,
    max: 365,
    integer: true,
    group: "Slow and dead stock",
  },
  {
    key: "deadQuietDays",
    label: "Dead stock: days without a sale",
    help: "In-stock days without any sale that make an item dead stock.",
    unit: "days",
    min: 14,
    max: 365,
    integer: true,
    group: "Slow and dead stock",
  },
  {
    key: "deadExpectedSales",
    label: "Dead stock: expected sales missed",
    help: "No sale where at least this many orders were expected also counts as dead stock.",
    unit: "orders",
    min: 1,
    max: 100,
    integer: false,
    group: "Slow and dead stock",
  },
  {
    key: "decliningRatio",
    label: "Declining: rate ratio below",
    help: "Recent rate as a share of the window before.",
    unit: "%",
    min: 1,
    max: 100,
    integer: false,
    group: "Trend",
  },
  {
    key: "decliningFdr",
    label: "Declining: false discovery rate",
    help: "Share of declining flags allowed to be chance across the catalog.",
    unit: "%",
    min: 1,
    max: 50,
    integer: false,
    group: "Trend",
  },
  {
    key: "decliningMinPriorUnits",
    label: "Declining: units needed before",
    help: "Units in the earlier window an item needs before a decline is judged.",
    unit: "units",
    min: 1,
    max: 1000,
    integer: true,
    group: "Trend",
  },
  {
    key: "overstockWeeksP50",
    label: "Overstock: weeks of supply (typical)",
    help: "Flag when stock lasts longer than this at the expected rate.",
    unit: "weeks",
    min: 4,
    max: 520,
    integer: false,
    group: "Stock cover",
  },
  {
    key: "overstockWeeksP10",
    label: "Overstock: weeks of supply (even if sales pick up)",
    help: "…and still longer than this at a fast, 1-in-10 rate.",
    unit: "weeks",
    min: 1,
    max: 520,
    integer: false,
    group: "Stock cover",
  },
  {
    key: "overstockMinExcessUnits",
    label: "Overstock: units beyond half a year's need",
    help: "Fewer excess units than this are not flagged.",
    unit: "units",
    min: 0,
    max: 100000,
    integer: false,
    group: "Stock cover",
  },
  {
    key: "leadTimeDays",
    label: "Supplier lead time",
    help: "Days from reordering to stock on the shelf.",
    unit: "days",
    min: 0,
    max: 365,
    integer: true,
    group: "Stock cover",
  },
  {
    key: "safetyDays",
    label: "Safety stock",
    help: "Extra days of cover to keep for surprises.",
    unit: "days",
    min: 0,
    max: 365,
    integer: true,
    group: "Stock cover",
  },
  {
    key: "returnWindowDays",
    label: "Return window",
    help: "Orders younger than this can still be returned, so return rates ignore them.",
    unit: "days",
    min: 0,
    max: 365,
    integer: true,
    group: "Returns",
  },
  {
    key: "highReturnsRatio",
    label: "High returns: times the category rate",
    help: "Flag above this multiple of similar items' return rate…",
    unit: "×",
    min: 1,
    max: 10,
    integer: false,
    group: "Returns",
  },
  {
    key: "highReturnsPoints",
    label: "High returns: points above the category",
    help: "…and at least this many percentage points above it.",
    unit: "%",
    min: 0,
    max: 100,
    integer: false,
    group: "Returns",
  },
  {
    key: "highReturnsMinRefunds",
    label: "High returns: refunds needed",
    help: "Fewer refunds are no evidence.",
    unit: "units",
    min: 1,
    max: 1000,
    integer: true,
    group: "Returns",
  },
  {
    key: "highReturnsMinUnits",
    label: "High returns: units sold needed",
    help: "Fewer units sold (on matured orders) are no evidence.",
    unit: "units",
    min: 1,
    max: 10000,
    integer: true,
    group: "Returns",
  },
  {
    key: "belowCostShare",
    label: "Sold below cost: share of units",
    help: "Flag when more units than this sold below their unit cost.",
    unit: "%",
    min: 0,
    max: 100,
    integer: false,
    group: "Price and discounts",
  },
  {
    key: "discountShare",
    label: "Discount dependent: share of units on discount",
    help: "Flag when more units than this sold on discount…",
    unit: "%",
    min: 1,
    max: 100,
    integer: false,
    group: "Price and discounts",
  },
  {
    key: "discountRateRatio",
    label: "Discount dependent: full-price rate at most",
    help: "…and the full-price rate is at most this share of the promotion rate.",
    unit: "%",
    min: 1,
    max: 100,
    integer: false,
    group: "Price and discounts",
  },
  {
    key: "discountMinFullPriceDays",
    label: "Discount dependent: full-price days needed",
    help: "Days at full price needed to compare.",
    unit: "days",
    min: 1,
    max: 365,
    integer: true,
    group: "Price and discounts",
  },
  {
    key: "thinDescriptionChars",
    label: "Thin description below",
    help: "Descriptions with less visible text than this count as thin.",
    unit: "characters",
    min: 0,
    max: 5000,
    integer: true,
    group: "Content",
  },
];

/** What the form shows for a setting: percentages as percent, everything else as stored. */
export function displayValue(key: keyof AnalysisSettings, settings: AnalysisSettings): string {
  const value = settings[key];
  return String(percent(key) ? Math.round(value * 1000) / 10 : value);
}

export type SettingsFieldErrors = Partial<Record<keyof AnalysisSettings, string>>;

/**
 * Parses the submitted form into the overrides to store (only values that differ from the
 * defaults), or the errors per field. Settings the form does not show keep their stored value.
 */
export function parseSettingsForm(
  form: Record<string, FormDataEntryValue | undefined>,
  stored: Partial<AnalysisSettings>,
): { ok: true; overrides: Partial<AnalysisSettings> } | { ok: false; errors: SettingsFieldErrors } {
  const errors: SettingsFieldErrors = {};
  const overrides: Partial<AnalysisSettings> = { ...stored };
  for (const field of SETTING_FIELDS) {
    const raw = form[field.key];
    const parsed = z.coerce
      .number({ error: "Enter a number" })
      .refine((value) => !field.integer || Number.isInteger(value), "Enter a whole number")
      .refine((value) => value >= field.min && value <= field.max, `Between ${field.min} and ${field.max}`)
      .safeParse(typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined);
    if (!parsed.success) {
      errors[field.key] = parsed.error.issues[0]?.message ?? "Invalid value";
      continue;
    }
    const value = percent(field.key) ? parsed.data / 100 : parsed.data;
    if (value === DEFAULT_SETTINGS[field.key]) delete overrides[field.key];
    else overrides[field.key] = value;
  }
  if (errors.overstockWeeksP10 === undefined && errors.overstockWeeksP50 === undefined) {
    const p10 = overrides.overstockWeeksP10 ?? DEFAULT_SETTINGS.overstockWeeksP10;
    const p50 = overrides.overstockWeeksP50 ?? DEFAULT_SETTINGS.overstockWeeksP50;
    if (p10 > p50) errors.overstockWeeksP10 = "Cannot exceed the typical weeks of supply";
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, overrides };
}
