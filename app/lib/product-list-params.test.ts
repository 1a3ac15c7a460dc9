import { describe, expect, it } from "vitest";
import { PRODUCT_PAGE_SIZE, parseProductListParams, productListParams } from "./product-list-params";

const parse = (search: string) => parseProductListParams(new URLSearchParams(search));

describe("parseProductListParams", () => {
  it("defaults to the first page sorted by money at stake", () => {
    expect(parse("")).toEqual({
      query: { sort: "money", page: 1, pageSize: PRODUCT_PAGE_SIZE },
      ignored: [],
    });
  });

  it("reads every filter, the search, the sort and the page", () => {
    const { query, ignored } = parse(
      "flag=dead_stock&productType=Snowboard&vendor=Acme%20Co&q=%20board%20&sort=title&page=3",
    );
    expect(ignored).toEqual([]);
    expect(query).toEqual({
      flag: "dead_stock",
      productType: "Snowboard",
      vendor: "Acme Co",
      search: "board",
      sort: "title",
      page: 3,
      pageSize: 50,
    });
  });

  it("drops values that do not parse and says which, keeping the rest", () => {
    const { query, ignored } = parse("flag=best_seller&sort=price&page=-2&vendor=Acme");
    expect(query).toEqual({ vendor: "Acme", sort: "money", page: 1, pageSize: 50 });
    expect(ignored).toEqual([
      'The flag "best_seller" is not valid and was ignored.',
      'The sort order "price" is not valid and was ignored.',
      'The page number "-2" is not valid and was ignored.',
    ]);
  });

  it("treats empty values as cleared filters, not errors", () => {
    expect(parse("flag=&vendor=%20&q=&page=")).toEqual(parse(""));
  });

  it("refuses fractional pages and over-long search text", () => {
    expect(parse("page=1.5").ignored).toHaveLength(1);
    expect(parse(`q=${"x".repeat(201)}`).query.search).toBeUndefined();
  });
});

describe("productListParams", () => {
  const search = (...args: Parameters<typeof productListParams>) => {
    const params = productListParams(...args).toString();
    return params ? `?${params}` : "";
  };
  const { query } = parse("flag=overstock&vendor=Acme&page=4");

  it("keeps the filters and leaves defaults out of the URL", () => {
    expect(search(query, { page: 5 })).toBe("?flag=overstock&vendor=Acme&page=5");
    expect(search(parse("").query)).toBe("");
  });

  it("goes back to the first page when a filter or the sort changes", () => {
    expect(search(query, { sort: "health" })).toBe("?flag=overstock&vendor=Acme&sort=health");
    expect(search(query, { vendor: undefined })).toBe("?flag=overstock");
  });

  it("round-trips through the parser", () => {
    const { query: full } = parse(
      "flag=declining&productType=Hat&vendor=B%26C&q=red%20hat&sort=title&page=2",
    );
    expect(parse(search(full, { page: 2 })).query).toEqual(full);
  });
});
