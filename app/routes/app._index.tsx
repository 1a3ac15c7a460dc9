import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { PendingFeature } from "../components/pending-feature";
import { db } from "../db.server";
import { formatShopDateTime } from "../lib/format";
import { findOrRecordShop } from "../models/shop.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await findOrRecordShop(db, admin.graphql, session.shop, session.scope);
  const [products, orders] = await Promise.all([
    db.product.count({ where: { shop: session.shop } }),
    db.order.count({ where: { shop: session.shop } }),
  ]);
  return {
    products,
    orders,
    shop: session.shop,
    name: shop.name,
    currencyCode: shop.currencyCode,
    ianaTimezone: shop.ianaTimezone,
    planName: shop.planName,
    installedAt: shop.installedAt.toISOString(),
  };
};

export default function DashboardPage() {
  const store = useLoaderData<typeof loader>();
  return (
    <Page title="Dashboard">
      <Layout>
        <Layout.Section>
          <PendingFeature heading="No analysis yet">
            <p>
              {store.products + store.orders > 0
                ? `Shelfwise holds a copy of ${store.products.toLocaleString()} products and ${store.orders.toLocaleString()} orders (see Sync). `
                : `Shelfwise has not synced ${store.name ?? store.shop}'s products and orders yet. `}
              Counts of underperforming items, the money tied up in slow stock and revenue at risk will appear
              here once product analysis is available.
            </p>
          </PendingFeature>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Store
              </Text>
              <Text as="p">{store.name ?? store.shop}</Text>
              <Text as="p" tone="subdued">
                Currency: {store.currencyCode ?? "not read yet"} · Time zone:{" "}
                {store.ianaTimezone ?? "not read yet"}
              </Text>
              <Text as="p" tone="subdued">
                Plan: {store.planName ?? "not read yet"}
              </Text>
              {store.installedAt ? (
                <Text as="p" tone="subdued">
                  Installed {formatShopDateTime(store.installedAt, store.ianaTimezone)}
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
