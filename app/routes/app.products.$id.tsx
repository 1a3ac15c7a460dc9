import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  DataTable,
  DescriptionList,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { WeeklySalesChart, chartLinks } from "../components/weekly-sales-chart";
import { useAppHref } from "../components/use-app-href";
import { db } from "../db.server";
import { flagLabel, severityTone } from "../lib/flags";
import {
  evidenceItems,
  formatCount,
  formatDay,
  formatDayRange,
  formatPercent,
  moneyFormatter,
} from "../lib/format";
import { productGidOf, shopifyAdminProductUrl } from "../lib/product-ids";
import { productDetail } from "../models/analysis-results.server";
import { authenticate } from "../shopify.server";
import { NotFoundPage } from "../components/not-found-page";

export const links = chartLinks;

// The URL carries the number of the product's GID, as Shopify admin's product URLs do.
const routeParams = z.object({ id: z.string().regex(/^\d{1,20}$/) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = routeParams.safeParse(params);
  // Unknown, malformed and other shops' ids all look the same: no product here.
  const detail = parsed.success ? await productDetail(db, session.shop, productGidOf(parsed.data.id)) : null;
  if (!detail) throw new Response("Product not found", { status: 404 });
  return { ...detail, adminUrl: shopifyAdminProductUrl(session.shop, detail.product.id) };
};

const ABC_MEANING: Record<string, string> = {
  A: "A: among the products that make most of the store's margin",
  B: "B: a middle contributor to the store's margin",
  C: "C: among the products that make the least margin",
};

export default function ProductDetailPage() {
  const { product, health, variants, flags, status, currencyCode, windows, weeklySales, adminUrl } =
    useLoaderData<typeof loader>();
  const run = status.completed;
  const href = useAppHref();
  const money = moneyFormatter(currencyCode);
  const variantTitle = new Map(variants.map((variant) => [variant.id, variant.title]));
  // The analysis values stock at price where the unit cost is unknown; say which it is.
  const stockValueLabel = variants.some(
    (variant) => variant.unitCostMinor === null && variant.inventoryQuantity > 0,
  )
    ? "stock value at price (unit cost unknown)"
    : "stock value at cost";

  return (
    <Page
      title={product.title}
      subtitle={[product.productType, product.vendor].filter(Boolean).join(" · ")}
      titleMetadata={<Badge>{product.status.toLowerCase()}</Badge>}
      backAction={{ content: "Products", url: href("/app/products") }}
      secondaryActions={[{ content: "Open in Shopify admin", url: adminUrl, external: true }]}
    >
      <Layout>
        {!run ? (
          <Layout.Section>
            <Banner tone="info" title="Not analysed yet">
              <p>This product&apos;s findings appear once an analysis of the store has finished.</p>
            </Banner>
          </Layout.Section>
        ) : null}

        {health && run ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Health
                </Text>
                <Text as="p" tone="subdued">
                  As of {formatDay(run.asOf ?? "")}
                  {windows
                    ? `, sales window ${formatDayRange(windows.current.start, windows.current.end)}`
                    : ""}
                  .
                </Text>
                <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                  <DescriptionList
                    items={[
                      { term: "Health score", description: `${health.healthScore} out of 100` },
                      { term: "ABC class", description: ABC_MEANING[health.abcClass] ?? health.abcClass },
                      { term: "Units sold in window", description: formatCount(health.units, "unit") },
                      { term: "Net sales in window", description: money(health.revenueMinor) },
                    ]}
                  />
                  <DescriptionList
                    items={[
                      {
                        term: "Margin in window",
                        description:
                          health.marginMinor === null
                            ? "not known (unit cost missing)"
                            : money(health.marginMinor),
                      },
                      {
                        term: stockValueLabel.charAt(0).toUpperCase() + stockValueLabel.slice(1),
                        description: money(health.stockValueMinor),
                      },
                      { term: "Revenue at risk in window", description: money(health.revenueAtRiskMinor) },
                      { term: "Money at stake", description: money(health.moneyAtStakeMinor) },
                    ]}
                  />
                </InlineGrid>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}

        {run ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Findings
                </Text>
                {flags.length === 0 ? (
                  <Text as="p" tone="subdued">
                    The analysis found nothing to flag on this product.
                  </Text>
                ) : (
                  flags.map((flag, index) => (
                    <BlockStack gap="200" key={flag.id}>
                      {index > 0 ? <Divider /> : null}
                      <section aria-label={flagLabel(flag.kind)}>
                        <BlockStack gap="200">
                          <InlineStack gap="200" blockAlign="center">
                            <Text as="h3" variant="headingSm">
                              {flagLabel(flag.kind)}
                            </Text>
                            <Badge tone={severityTone(flag.severity)}>{`${flag.severity} severity`}</Badge>
                            <Text as="span" tone="subdued">
                              {formatPercent(flag.confidence)} confidence
                            </Text>
                          </InlineStack>
                          <Text as="p">{flag.summary}</Text>
                          <Text as="p" tone="subdued">
                            {flag.variantId
                              ? `Variant ${variantTitle.get(flag.variantId) ?? flag.variantId}; `
                              : ""}
                            window {formatDayRange(flag.windowStart, flag.windowEnd)}; {stockValueLabel}{" "}
                            {money(flag.stockValueMinor)}; revenue at risk {money(flag.revenueAtRiskMinor)}.
                          </Text>
                          <DescriptionList
                            gap="tight"
                            items={evidenceItems(flag.evidence, currencyCode, flag.kind).map((item) => ({
                              term: item.label,
                              description: item.value,
                            }))}
                          />
                        </BlockStack>
                      </section>
                    </BlockStack>
                  ))
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}

        {run ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Sales, last 52 weeks
                </Text>
                {windows ? (
                  <Text as="p" tone="subdued">
                    Analysis window {formatDayRange(windows.current.start, windows.current.end)}; compared
                    with the prior window {formatDayRange(windows.prior.start, windows.prior.end)}.
                  </Text>
                ) : null}
                <WeeklySalesChart
                  title="Units sold per week"
                  metric="units"
                  weeks={weeklySales}
                  currencyCode={currencyCode}
                  marks={
                    windows
                      ? [
                          {
                            day: windows.prior.start,
                            label: `Prior window from ${formatDay(windows.prior.start)}`,
                          },
                          {
                            day: windows.current.start,
                            label: `Analysis window from ${formatDay(windows.current.start)}`,
                          },
                        ]
                      : []
                  }
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Inventory and margin by variant
              </Text>
              <DataTable
                columnContentTypes={[
                  "text",
                  "text",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                  "numeric",
                ]}
                headings={[
                  "Variant",
                  "SKU",
                  "Price",
                  "Compare-at price",
                  "Unit cost",
                  "Margin per unit",
                  "In stock",
                  "Stock value at cost",
                ]}
                rows={variants.map((variant) => [
                  variant.title,
                  variant.sku ?? "—",
                  money(variant.priceMinor),
                  variant.compareAtPriceMinor === null ? "—" : money(variant.compareAtPriceMinor),
                  variant.unitCostMinor === null ? "not known" : money(variant.unitCostMinor),
                  variant.marginMinor === null
                    ? "not known"
                    : `${money(variant.marginMinor)}${variant.marginShare === null ? "" : ` (${formatPercent(variant.marginShare)})`}`,
                  formatCount(variant.inventoryQuantity, "unit"),
                  variant.stockValueMinor === null ? "not known" : money(variant.stockValueMinor),
                ])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

// Every error but this page's own 404 (Shopify's auth responses included) goes to Shopify's boundary.
export function ErrorBoundary() {
  const error = useRouteError();
  const href = useAppHref();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <NotFoundPage title="Product not found" back={{ content: "Products", url: href("/app/products") }}>
        <p>This store has no product at this address. It may have been deleted since the last sync.</p>
      </NotFoundPage>
    );
  }
  return boundary.error(error);
}
