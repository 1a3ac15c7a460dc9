import { describe, expect, it } from "vitest";
import { appHref } from "./app-href";

describe("appHref", () => {
  const admin = "?embedded=1&shop=a.myshopify.com&host=abc&id_token=jwt";

  it("keeps the admin context and drops the current page's own state", () => {
    expect(appHref("/app/products/7", `${admin}&flag=dead_stock&page=3`)).toBe(
      "/app/products/7?embedded=1&shop=a.myshopify.com&host=abc&id_token=jwt",
    );
  });

  it("adds the next page's state, replacing values of the same name", () => {
    expect(
      appHref(
        "/app/products",
        "?shop=a.myshopify.com&vendor=Old",
        new URLSearchParams("vendor=B%26C&page=2"),
      ),
    ).toBe("/app/products?shop=a.myshopify.com&vendor=B%26C&page=2");
    expect(appHref("/app", "")).toBe("/app");
  });
});
