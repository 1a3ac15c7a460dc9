import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../analysis/types";
import { displayValue, parseSettingsForm, SETTING_FIELDS } from "./analysis-settings";

const defaultsForm = () =>
  Object.fromEntries(SETTING_FIELDS.map((field) => [field.key, displayValue(field.key, DEFAULT_SETTINGS)]));

describe("the analysis thresholds form", () => {
  it("stores nothing when every field keeps its default, and only what differs otherwise", () => {
    expect(parseSettingsForm(defaultsForm(), {})).toEqual({ ok: true, overrides: {} });
    const parsed = parseSettingsForm({ ...defaultsForm(), slowRatio: "25", leadTimeDays: "30" }, {});
    expect(parsed).toEqual({ ok: true, overrides: { slowRatio: 0.25, leadTimeDays: 30 } });
  });

  it("shows shares as percentages and reads them back as fractions", () => {
    expect(displayValue("slowRatio", DEFAULT_SETTINGS)).toBe("30");
    expect(displayValue("flagProbability", DEFAULT_SETTINGS)).toBe("90");
    expect(displayValue("windowDays", DEFAULT_SETTINGS)).toBe("90");
  });

  it("names each field that is not a number, out of range or not whole, and keeps a setting the form lacks", () => {
    const parsed = parseSettingsForm(
      { ...defaultsForm(), windowDays: "ninety", leadTimeDays: "2.5", slowRatio: "400", safetyDays: "" },
      { maxPriorShape: 7 },
    );
    expect(parsed).toEqual({
      ok: false,
      errors: {
        windowDays: "Enter a number",
        leadTimeDays: "Enter a whole number",
        slowRatio: "Between 1 and 100",
        safetyDays: "Enter a number",
      },
    });
    const kept = parseSettingsForm(defaultsForm(), { maxPriorShape: 7 });
    expect(kept).toEqual({ ok: true, overrides: { maxPriorShape: 7 } });
  });

  it("refuses a fast-rate overstock cover longer than the typical one", () => {
    const parsed = parseSettingsForm(
      { ...defaultsForm(), overstockWeeksP50: "10", overstockWeeksP10: "20" },
      {},
    );
    expect(parsed).toEqual({
      ok: false,
      errors: { overstockWeeksP10: "Cannot exceed the typical weeks of supply" },
    });
  });
});
