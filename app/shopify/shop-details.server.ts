import type { AdminGraphql } from "./admin";
import { createShopifyClient } from "./client.server";

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
  const { shop } = await createShopifyClient({ graphql }).query(SHOP_DETAILS_QUERY);
  return {
    name: shop.name,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
    planName: shop.plan.publicDisplayName,
  };
}
