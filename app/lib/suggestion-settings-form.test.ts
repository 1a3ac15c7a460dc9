import { describe, expect, it } from "vitest";
import { parseApproverList, parseSuggestionSettingsForm } from "./suggestion-settings-form";

const valid = { minMarginPercent: "25", maxDiscountPercent: "30", horizonDays: "45", approverMode: "all" };

describe("the suggestion settings form", () => {
  it("reads floors, horizon, clearance and all-staff approval", () => {
    expect(parseSuggestionSettingsForm({ ...valid, allowClearance: "on" })).toEqual({
      ok: true,
      values: {
        minMarginPercent: 25,
        maxDiscountPercent: 30,
        horizonDays: 45,
        allowClearance: true,
        approvers: "all",
      },
    });
    expect(parseSuggestionSettingsForm(valid)).toMatchObject({ ok: true, values: { allowClearance: false } });
  });

  it("reads a list of approvers by id or email, one per line or comma-separated, without duplicates", () => {
    expect(parseApproverList(" 1234\nana@example.com, 1234 ,\n\n")).toEqual(["1234", "ana@example.com"]);
    const parsed = parseSuggestionSettingsForm({
      ...valid,
      approverMode: "listed",
      approverList: "77\nbo@example.com",
    });
    expect(parsed).toMatchObject({ ok: true, values: { approvers: ["77", "bo@example.com"] } });
  });

  it("names every field that is wrong and stores nothing", () => {
    expect(
      parseSuggestionSettingsForm({
        minMarginPercent: "-5",
        maxDiscountPercent: "lots",
        horizonDays: "10.5",
        approverMode: "listed",
        approverList: " \n ",
      }),
    ).toEqual({
      ok: false,
      errors: {
        minMarginPercent: "Between 0 and 95",
        maxDiscountPercent: "Enter a number",
        horizonDays: "Enter a whole number",
        approvers: "List at least one staff id or email, or let all staff approve",
      },
    });
    expect(parseSuggestionSettingsForm({ ...valid, approverMode: "some" })).toEqual({
      ok: false,
      errors: { approvers: "Choose who may approve" },
    });
  });
});
