import { describe, expect, it } from "vitest";
import { numericProductId, productDetailPath, productGidOf, shopifyAdminProductUrl } from "./product-ids";

describe("product ids", () => {
  it("moves between the GID and the number in URLs", () => {
    expect(numericProductId("gid://shopify/Product/8812")).toBe("8812");
    expect(numericProductId("gid://shopify/ProductVariant/8812")).toBeNull();
    expect(productGidOf("8812")).toBe("gid://shopify/Product/8812");
    expect(productDetailPath("gid://shopify/Product/8812")).toBe("/app/products/8812");
  });

  it("links to the product in the store's Shopify admin", () => {
    expect(shopifyAdminProductUrl("snow-supply.myshopify.com", "gid://shopify/Product/42")).toBe(
      "https://admin.shopify.com/store/snow-supply/products/42",
    );
  });
});
