import type { AdminGraphql } from "./admin";

const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop {
      name
      currencyCode
      ianaTimezone
      plan {
        publicDisplayName
      }
    }
  }
`;

export interface ShopDetails {
  name: string;
  currencyCode: string;
  ianaTimezone: string;
  planName: string;
}

export async function fetchShopDetails(graphql: AdminGraphql): Promise<ShopDetails> {
  const response = await graphql(SHOP_DETAILS_QUERY);
  const { data } = await response.json();
  if (!data?.shop) throw new Error("ShopDetails: Shopify returned no shop");
  const { shop } = data;
  return {
    name: shop.name,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
    planName: shop.plan.publicDisplayName,
  };
}
