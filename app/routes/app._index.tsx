import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { WeeklySalesChart, chartLinks } from "../components/weekly-sales-chart";
import { db } from "../db.server";
import { flagLabel, severityTone } from "../lib/flags";
import { formatCount, formatDay, formatDayRange, formatShopDateTime, moneyFormatter } from "../lib/format";
import { useAppHref } from "../components/use-app-href";
import { productDetailPath } from "../lib/product-ids";
import { dashboardSummary } from "../models/analysis-results.server";
import { requestAnalysis } from "../models/analysis.server";
import { findOrRecordShop } from "../models/shop.server";
import { authenticate } from "../shopify.server";
import { jsonResponse } from "../lib/json-response";

export const links = chartLinks;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await findOrRecordShop(db, admin.graphql, session.shop, session.scope);
  const summary = await dashboardSummary(db, session.shop);
  return {
    ...summary,
    store: {
      domain: session.shop,
      name: shop.name,
      currencyCode: shop.currencyCode,
      ianaTimezone: shop.ianaTimezone,
      planName: shop.planName,
      installedAt: shop.installedAt.toISOString(),
    },
  };
};

const actionInput = z.object({ intent: z.literal("analyze") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = actionInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return jsonResponse({ error: "Unknown action" }, 400);
  // At most one analysis waits per shop: pressing again while one is queued changes nothing.
  const { created } = await requestAnalysis(db, session.shop, "staff");
  return { queued: created };
};

export default function DashboardPage() {
  const data = useLoaderData<typeof loader>();
  const { status, store, synced } = data;
  const run = status.completed;
  // The run's currency is the one its amounts were computed in; the shop's is the fallback.
  const currencyCode = run?.currencyCode ?? store.currencyCode;
  const money = moneyFormatter(currencyCode);
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const href = useAppHref();

  // Live progress: refresh while an analysis is queued or running.
  useEffect(() => {
    if (!status.inProgress) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [status.inProgress, revalidator]);

  const runButton = (
    <Form method="post">
      <input type="hidden" name="intent" value="analyze" />
      <Button
        submit
        variant="primary"
        loading={navigation.state === "submitting"}
        disabled={status.inProgress || synced.products === 0}
      >
        Run analysis now
      </Button>
    </Form>
  );
  const salesWindow =
    run?.windowStart && run.windowEnd ? formatDayRange(run.windowStart, run.windowEnd) : null;

  return (
    <Page title="Dashboard">
      <Layout>
        {status.failedError ? (
          <Layout.Section>
            <Banner tone="critical" title="The last analysis did not finish">
              <p>{status.failedError}</p>
              {run ? <p>The results below are from the analysis before it.</p> : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center" gap="400">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Analysis
                  </Text>
                  {run?.asOf ? (
                    <Text as="p" tone="subdued">
                      As of {formatDay(run.asOf)}
                      {salesWindow ? `, sales window ${salesWindow}` : ""}
                      {run.finishedAt
                        ? `. Finished ${formatShopDateTime(run.finishedAt, store.ianaTimezone)}.`
                        : "."}
                    </Text>
                  ) : (
                    <Text as="p" tone="subdued">
                      {synced.products === 0
                        ? "Nothing to analyse until the store is synced."
                        : "Not run yet."}
                    </Text>
                  )}
                </BlockStack>
                {runButton}
              </InlineStack>
              {status.inProgress ? (
                <BlockStack gap="100">
                  <ProgressBar progress={100} size="small" animated />
                  <Text as="p" tone="subdued">
                    An analysis is queued or running; this page updates when it finishes.
                  </Text>
                </BlockStack>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        {run ? (
          <AnalysisResults data={data} money={money} currencyCode={currencyCode} />
        ) : (
          <Layout.Section>
            <Card>
              {synced.products === 0 ? (
                <EmptyState
                  heading="Your store has not been synced yet"
                  image="/empty-state.svg"
                  action={{ content: "Go to Sync", url: href("/app/sync") }}
                >
                  <p>
                    Shelfwise analyses its own copy of {store.name ?? store.domain}&apos;s products and
                    orders. Once the first sync finishes, an analysis runs on its own.
                  </p>
                </EmptyState>
              ) : (
                <EmptyState heading="No analysis yet" image="/empty-state.svg">
                  <p>
                    Shelfwise holds {formatCount(synced.products, "product")} and{" "}
                    {formatCount(synced.orders, "order")}. Run an analysis to find the items that
                    underperform, with the evidence for each.
                  </p>
                </EmptyState>
              )}
            </Card>
          </Layout.Section>
        )}

        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Store
              </Text>
              <Text as="p">{store.name ?? store.domain}</Text>
              <Text as="p" tone="subdued">
                Currency: {store.currencyCode ?? "not read yet"} · Time zone:{" "}
                {store.ianaTimezone ?? "not read yet"}
              </Text>
              <Text as="p" tone="subdued">
                Plan: {store.planName ?? "not read yet"}
              </Text>
              <Text as="p" tone="subdued">
                Installed {formatShopDateTime(store.installedAt, store.ianaTimezone)}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type DashboardData = ReturnType<typeof useLoaderData<typeof loader>>;

function AnalysisResults({
  data,
  money,
  currencyCode,
}: {
  data: DashboardData;
  money: (minor: number) => string;
  currencyCode: string | null;
}) {
  const { countsByKind, topOpportunities, weeklyTrend, slowStockValueMinor, revenueAtRiskMinor } = data;
  const href = useAppHref();
  const run = data.status.completed;
  const salesWindow =
    run?.windowStart && run.windowEnd
      ? formatDayRange(run.windowStart, run.windowEnd)
      : "the analysis window";
  return (
    <>
      <Layout.Section>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <Card>
            <BlockStack gap="100">
              <Text as="h2" variant="headingSm">
                Money tied up in slow stock
              </Text>
              <Text as="p" variant="heading2xl" id="slow-stock-value">
                {money(slowStockValueMinor)}
              </Text>
              <Text as="p" tone="subdued">
                Stock of products flagged as slow movers, dead stock or overstocked, today, at cost (at price
                where the unit cost is unknown).
              </Text>
            </BlockStack>
          </Card>
          <Card>
            <BlockStack gap="100">
              <Text as="h2" variant="headingSm">
                Revenue at risk
              </Text>
              <Text as="p" variant="heading2xl" id="revenue-at-risk">
                {money(revenueAtRiskMinor)}
              </Text>
              <Text as="p" tone="subdued">
                Sales the flagged products fell short of their expected pace (similar products, their own
                past, or stock running out) over {salesWindow}.
              </Text>
            </BlockStack>
          </Card>
        </InlineGrid>
      </Layout.Section>

      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Flagged products by finding
            </Text>
            <ul aria-label="Flagged products by finding" style={{ margin: 0, padding: 0, listStyle: "none" }}>
              <BlockStack gap="200">
                {countsByKind.map(({ kind, count }) => (
                  <li key={kind}>
                    <InlineStack align="space-between">
                      {count > 0 ? (
                        <Link url={href("/app/products", new URLSearchParams({ flag: kind }))}>
                          {flagLabel(kind)}
                        </Link>
                      ) : (
                        <Text as="span" tone="subdued">
                          {flagLabel(kind)}
                        </Text>
                      )}
                      <Text as="span" numeric>
                        {formatCount(count, "product")}
                      </Text>
                    </InlineStack>
                  </li>
                ))}
              </BlockStack>
            </ul>
          </BlockStack>
        </Card>
      </Layout.Section>

      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Top opportunities
            </Text>
            {topOpportunities.length === 0 ? (
              <Text as="p" tone="subdued">
                No product was flagged in this analysis.
              </Text>
            ) : (
              <ol aria-label="Top opportunities" style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
                <BlockStack gap="300">
                  {topOpportunities.map((product) => (
                    <li key={product.productId}>
                      <BlockStack gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          <Link url={href(productDetailPath(product.productId))}>{product.title}</Link>
                          <Badge
                            tone={severityTone(product.severity)}
                          >{`${product.severity ?? "no"} severity`}</Badge>
                          <Text as="span" tone="subdued">
                            {money(product.moneyAtStakeMinor)} at stake · health {product.healthScore}/100
                          </Text>
                        </InlineStack>
                        {product.flags.map((flag) => (
                          <Text as="p" key={flag.kind} tone="subdued">
                            {flagLabel(flag.kind)}: {flag.summary}
                          </Text>
                        ))}
                      </BlockStack>
                    </li>
                  ))}
                </BlockStack>
              </ol>
            )}
          </BlockStack>
        </Card>
      </Layout.Section>

      <Layout.Section>
        <Card>
          <BlockStack gap="400">
            <Text as="h2" variant="headingMd">
              Sales trend, last 26 weeks
            </Text>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <WeeklySalesChart
                title="Units sold per week"
                metric="units"
                weeks={weeklyTrend}
                currencyCode={currencyCode}
              />
              <WeeklySalesChart
                title={`Net sales per week (${currencyCode ?? "currency unknown"}, after discounts, before refunds)`}
                metric="netSales"
                weeks={weeklyTrend}
                currencyCode={currencyCode}
              />
            </InlineGrid>
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}
