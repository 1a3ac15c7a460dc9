import { describe, expect, it } from "vitest";
import {
  activityParams,
  parseActivityParams,
  parseSuggestionListParams,
  suggestionListParams,
  withoutPageState,
} from "./suggestion-params";

describe("suggestion list parameters", () => {
  it("opens on proposed suggestions, page 1", () => {
    expect(parseSuggestionListParams(new URLSearchParams(""))).toEqual({
      query: { kind: undefined, status: "proposed", page: 1, pageSize: 50 },
      ignored: [],
    });
  });

  it("reads type, status and page, and drops what does not parse with a message", () => {
    const { query, ignored } = parseSuggestionListParams(
      new URLSearchParams("kind=markdown&status=bogus&page=3"),
    );
    expect(query).toEqual({ kind: "markdown", status: "proposed", page: 3, pageSize: 50 });
    expect(ignored).toEqual(['The status "bogus" is not valid and was ignored.']);
  });

  it("writes defaults out of the URL and starts a new filter on page 1", () => {
    const { query } = parseSuggestionListParams(new URLSearchParams("status=all&page=4"));
    expect(suggestionListParams(query, { kind: "content" }).toString()).toBe("kind=content&status=all");
    expect(suggestionListParams(query, { page: 5 }).toString()).toBe("status=all&page=5");
    expect(suggestionListParams(query, { status: "proposed" }).toString()).toBe("");
  });
});

describe("activity parameters", () => {
  it("reads the action filter and page", () => {
    const { query, ignored } = parseActivityParams(new URLSearchParams("action=reverted&page=0"));
    expect(query).toEqual({ action: "reverted", page: 1, pageSize: 50 });
    expect(ignored).toEqual(['The page number "0" is not valid and was ignored.']);
    expect(activityParams(query, { page: 2 }).toString()).toBe("action=reverted&page=2");
    expect(activityParams(query, { action: undefined }).toString()).toBe("");
  });
});

describe("withoutPageState", () => {
  it("keeps the admin context and leaves these pages' filters behind", () => {
    expect(withoutPageState("?shop=a.myshopify.com&status=all&kind=bundle&page=2&applyJob=j1&host=abc")).toBe(
      "?shop=a.myshopify.com&host=abc",
    );
    expect(withoutPageState("?action=applied")).toBe("");
  });
});
