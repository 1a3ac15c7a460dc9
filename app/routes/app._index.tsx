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
  return {
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
              Shelfwise has not synced {store.name ?? store.shop}&apos;s products and orders yet. Counts of
              underperforming items, the money tied up in slow stock and revenue at risk will appear here
              after the first sync and analysis.
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
