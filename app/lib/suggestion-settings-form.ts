import { z } from "zod";

/*
 * The Suggestions part of the Settings page: price floors, the markdown horizon and who may
 * approve. Parsed here with a message per field; the workflow validates again when it stores them.
 */

export interface SuggestionSettingsValues {
  minMarginPercent: number;
  maxDiscountPercent: number;
  allowClearance: boolean;
  horizonDays: number;
  approvers: "all" | string[];
}

export type SuggestionSettingsErrors = Partial<Record<keyof SuggestionSettingsValues, string>>;

const numberBetween = (min: number, max: number, integer: boolean) =>
  z.coerce
    .number({ error: "Enter a number" })
    .refine((value) => !integer || Number.isInteger(value), "Enter a whole number")
    .refine((value) => value >= min && value <= max, `Between ${min} and ${max}`);

const FIELDS = {
  minMarginPercent: numberBetween(0, 95, false),
  maxDiscountPercent: numberBetween(0, 90, false),
  horizonDays: numberBetween(7, 365, true),
} as const;

/** Staff ids or emails, one per line or separated by commas; duplicates dropped. */
export function parseApproverList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  ];
}

export function parseSuggestionSettingsForm(
  form: Record<string, FormDataEntryValue | undefined>,
): { ok: true; values: SuggestionSettingsValues } | { ok: false; errors: SuggestionSettingsErrors } {
  const errors: SuggestionSettingsErrors = {};
  const numbers: Partial<Record<keyof typeof FIELDS, number>> = {};
  for (const [key, schema] of Object.entries(FIELDS) as Array<
    [keyof typeof FIELDS, (typeof FIELDS)[keyof typeof FIELDS]]
  >) {
    const raw = form[key];
    const parsed = schema.safeParse(typeof raw === "string" && raw.trim() !== "" ? raw.trim() : undefined);
    if (parsed.success) numbers[key] = parsed.data;
    else errors[key] = parsed.error.issues[0]?.message ?? "Invalid value";
  }
  let approvers: SuggestionSettingsValues["approvers"] = "all";
  if (form.approverMode === "listed") {
    const listed = parseApproverList(typeof form.approverList === "string" ? form.approverList : "");
    if (listed.length === 0)
      errors.approvers = "List at least one staff id or email, or let all staff approve";
    else if (listed.some((entry) => entry.length > 254)) errors.approvers = "An entry is too long";
    else approvers = listed;
  } else if (form.approverMode !== "all") {
    errors.approvers = "Choose who may approve";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    values: {
      minMarginPercent: numbers.minMarginPercent!,
      maxDiscountPercent: numbers.maxDiscountPercent!,
      horizonDays: numbers.horizonDays!,
      allowClearance: form.allowClearance === "on",
      approvers,
    },
  };
}
