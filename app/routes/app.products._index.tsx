import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  ChoiceList,
  EmptyState,
  Filters,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { db } from "../db.server";
import { FLAG_KINDS, flagLabel, severityTone } from "../lib/flags";
import { formatCount, formatDay, formatDayRange, moneyFormatter } from "../lib/format";
import { useAppHref } from "../components/use-app-href";
import { productDetailPath } from "../lib/product-ids";
import {
  PRODUCT_SORTS,
  parseProductListParams,
  productListParams,
  type ProductListQuery,
  type ProductSort,
} from "../lib/product-list-params";
import { listFlaggedProducts } from "../models/analysis-results.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { query, ignored } = parseProductListParams(new URL(request.url).searchParams);
  const list = await listFlaggedProducts(db, session.shop, query);
  return { ...list, query, ignored };
};

const SORT_LABELS: Record<ProductSort, string> = {
  money: "Money at stake, largest first",
  health: "Health score, lowest first",
  title: "Title, A to Z",
};

/** How long typing in the search field waits before the list is asked again. */
const SEARCH_DELAY_MS = 400;

export default function ProductsPage() {
  const { rows, total, page, pageSize, query, ignored, productTypes, vendors, status } =
    useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const run = status.completed;
  const money = moneyFormatter(run?.currencyCode ?? null);
  const salesWindow =
    run?.windowStart && run.windowEnd
      ? formatDayRange(run.windowStart, run.windowEnd)
      : "the analysis window";
  const href = useAppHref();
  const go = (change: Partial<ProductListQuery>) =>
    navigate(href("/app/products", productListParams(query, change)));

  // The field follows the typing at once; the list follows after a pause.
  const [searchText, setSearchText] = useState(query.search ?? "");
  useEffect(() => setSearchText(query.search ?? ""), [query.search]);
  useEffect(() => {
    const wanted = searchText.trim() || undefined;
    if (wanted === query.search || navigation.state !== "idle") return;
    const timer = setTimeout(() => go({ search: wanted }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  });

  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(rows, { resourceIDResolver: (row) => row.productId });
  // A new page, filter or sort is a new set of rows: a selection never carries over unseen.
  const rowKey = rows.map((row) => row.productId).join();
  useEffect(() => clearSelection(), [rowKey, clearSelection]);

  if (!run) {
    return (
      <Page title="Products">
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState
                heading="No product analysis yet"
                image="/empty-state.svg"
                action={{ content: "Go to the dashboard", url: href("/app") }}
              >
                <p>
                  Flagged products appear here once Shelfwise has synced your store and analysed it. The
                  dashboard shows where that stands and can start an analysis.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    );
  }

  const choiceFilter = (
    key: "flag" | "productType" | "vendor",
    label: string,
    choices: Array<{ label: string; value: string }>,
  ) => ({
    key,
    label,
    pinned: true,
    filter: (
      <ChoiceList
        title={label}
        titleHidden
        choices={choices}
        selected={query[key] !== undefined ? [query[key]] : []}
        onChange={([value]) => go({ [key]: value })}
      />
    ),
  });
  const filters = [
    choiceFilter(
      "flag",
      "Finding",
      FLAG_KINDS.map((kind) => ({ label: flagLabel(kind), value: kind })),
    ),
    choiceFilter(
      "productType",
      "Product type",
      productTypes.filter(Boolean).map((type) => ({ label: type, value: type })),
    ),
    choiceFilter(
      "vendor",
      "Vendor",
      vendors.filter(Boolean).map((vendor) => ({ label: vendor, value: vendor })),
    ),
  ];
  const appliedFilters = [
    ...(query.flag
      ? [{ key: "flag", label: `Finding: ${flagLabel(query.flag)}`, onRemove: () => go({ flag: undefined }) }]
      : []),
    ...(query.productType !== undefined
      ? [
          {
            key: "productType",
            label: `Product type: ${query.productType}`,
            onRemove: () => go({ productType: undefined }),
          },
        ]
      : []),
    ...(query.vendor !== undefined
      ? [{ key: "vendor", label: `Vendor: ${query.vendor}`, onRemove: () => go({ vendor: undefined }) }]
      : []),
  ];

  const pages = Math.max(1, Math.ceil(total / pageSize));
  const firstShown = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const lastShown = Math.min(total, page * pageSize);
  const selectedCount = allResourcesSelected ? rows.length : selectedResources.length;

  return (
    <Page
      title="Products"
      subtitle={`Flagged in the analysis as of ${formatDay(run.asOf ?? "")}; sales window ${salesWindow}.`}
    >
      <Layout>
        {ignored.length > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title="Part of this link was not understood">
              {ignored.map((message) => (
                <p key={message}>{message}</p>
              ))}
            </Banner>
          </Layout.Section>
        ) : null}
        {selectedCount > 0 ? (
          <Layout.Section>
            <Banner tone="info" title={`${formatCount(selectedCount, "product")} selected`}>
              <p>
                Creating suggestions (markdowns, bundles, content fixes) for selected products comes with the
                Suggestions feature; nothing is created from here yet.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Box padding="200">
              <Filters
                queryValue={searchText}
                queryPlaceholder="Search product titles"
                filters={filters}
                appliedFilters={appliedFilters}
                onQueryChange={setSearchText}
                onQueryClear={() => setSearchText("")}
                onClearAll={() =>
                  go({ flag: undefined, productType: undefined, vendor: undefined, search: undefined })
                }
              >
                <Box paddingInlineStart="200">
                  <Select
                    label="Sort by"
                    labelInline
                    options={PRODUCT_SORTS.map((sort) => ({ label: SORT_LABELS[sort], value: sort }))}
                    value={query.sort}
                    onChange={(value) => go({ sort: value as ProductSort })}
                  />
                </Box>
              </Filters>
            </Box>
            <IndexTable
              resourceName={{ singular: "product", plural: "products" }}
              itemCount={rows.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              loading={navigation.state === "loading"}
              promotedBulkActions={[
                {
                  content: "Create suggestions (coming with Suggestions)",
                  disabled: true,
                  onAction: () => undefined,
                },
              ]}
              headings={[
                { title: "Product" },
                { title: "Findings" },
                { title: "Health (0–100)", alignment: "end" },
                { title: `Money at stake (${run.currencyCode ?? "currency unknown"})`, alignment: "end" },
                { title: "Stock value (at cost, else price)", alignment: "end" },
                { title: "Revenue at risk in window", alignment: "end" },
                { title: "Units sold in window", alignment: "end" },
              ]}
              emptyState={
                <EmptyState heading="No flagged products match" image="/empty-state.svg">
                  <p>
                    {total === 0 && appliedFilters.length === 0 && !query.search
                      ? "This analysis flagged no products."
                      : "Change the search or remove a filter to see more."}
                  </p>
                </EmptyState>
              }
              pagination={{
                hasPrevious: page > 1,
                hasNext: page < pages,
                onPrevious: () => go({ page: page - 1 }),
                onNext: () => go({ page: page + 1 }),
                label: `${firstShown.toLocaleString()}–${lastShown.toLocaleString()} of ${formatCount(total, "product")} · page ${page} of ${pages}`,
              }}
            >
              {rows.map((row, index) => (
                <IndexTable.Row
                  id={row.productId}
                  key={row.productId}
                  position={index}
                  selected={selectedResources.includes(row.productId)}
                >
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Link url={href(productDetailPath(row.productId))} removeUnderline dataPrimaryLink>
                        <Text as="span" fontWeight="semibold">
                          {row.title}
                        </Text>
                      </Link>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {[row.productType, row.vendor].filter(Boolean).join(" · ")}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100">
                      {row.flags.map((flag) => (
                        <Badge key={flag.kind} tone={severityTone(flag.severity)}>
                          {flagLabel(flag.kind)}
                        </Badge>
                      ))}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {row.healthScore}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric fontWeight="semibold">
                      {money(row.moneyAtStakeMinor)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {money(row.stockValueMinor)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {money(row.revenueAtRiskMinor)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {formatCount(row.units, "unit")}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
