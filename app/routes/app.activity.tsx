import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Banner,
  Box,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Link,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { useSuggestionHref } from "../components/use-suggestion-href";
import { db } from "../db.server";
import { formatCount, formatShopDateTime } from "../lib/format";
import { ACTION_LABELS, actionLabel, eventDetailText, statusLabel } from "../lib/suggestion-format";
import {
  ACTIVITY_ACTIONS,
  activityParams,
  parseActivityParams,
  type ActivityQuery,
} from "../lib/suggestion-params";
import { staffLabel } from "../lib/staff";
import { findShop } from "../models/shop.server";
import { listActivity } from "../models/suggestion-queries.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { query, ignored } = parseActivityParams(new URL(request.url).searchParams);
  const [activity, shop] = await Promise.all([
    listActivity(db, session.shop, query),
    findShop(db, session.shop),
  ]);
  return { ...activity, query, ignored, timeZone: shop?.ianaTimezone ?? null };
};

const ACTION_OPTIONS = [
  { label: "All actions", value: "" },
  ...ACTIVITY_ACTIONS.map((action) => ({ label: ACTION_LABELS[action], value: action })),
];

export default function ActivityPage() {
  const { rows, total, page, pageSize, query, ignored, timeZone } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const href = useSuggestionHref();
  const go = (change: Partial<ActivityQuery>) =>
    navigate(href("/app/activity", activityParams(query, change)));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const firstShown = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const lastShown = Math.min(total, page * pageSize);

  return (
    <Page
      title="Activity"
      subtitle="Every step of every suggestion: who approved, rejected, applied or reverted what, and when."
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
        <Layout.Section>
          <Card padding="0">
            <Box padding="300" maxWidth="20rem">
              <Select
                label="Action"
                options={ACTION_OPTIONS}
                value={query.action ?? ""}
                onChange={(value) => go({ action: (value || undefined) as ActivityQuery["action"] })}
              />
            </Box>
            <IndexTable
              resourceName={{ singular: "event", plural: "events" }}
              itemCount={rows.length}
              selectable={false}
              loading={navigation.state === "loading"}
              headings={[
                { title: "When" },
                { title: "Who" },
                { title: "Action" },
                { title: "Suggestion" },
                { title: "Status change" },
                { title: "Detail" },
              ]}
              emptyState={
                <EmptyState heading="No activity yet" image="/empty-state.svg">
                  <p>
                    {query.action
                      ? "Nothing of this kind has happened yet."
                      : "Approvals, changes applied to your store and reverts will be listed here. Shelfwise has not changed anything in your store."}
                  </p>
                </EmptyState>
              }
              pagination={{
                hasPrevious: page > 1,
                hasNext: page < pages,
                onPrevious: () => go({ page: page - 1 }),
                onNext: () => go({ page: page + 1 }),
                label: `${firstShown.toLocaleString()}–${lastShown.toLocaleString()} of ${formatCount(total, "event")} · page ${page} of ${pages}`,
              }}
            >
              {rows.map((row, index) => (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>{formatShopDateTime(row.at, timeZone)}</IndexTable.Cell>
                  <IndexTable.Cell>{staffLabel(row.staffName, row.staffId)}</IndexTable.Cell>
                  <IndexTable.Cell>{actionLabel(row.action)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.suggestionTitle ? (
                      <Link url={href(`/app/suggestions/${row.suggestionId}`)} removeUnderline>
                        {row.suggestionTitle}
                      </Link>
                    ) : (
                      <Text as="span" tone="subdued">
                        Removed suggestion
                      </Text>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {row.fromStatus && row.fromStatus !== row.toStatus
                      ? `${statusLabel(row.fromStatus)} → ${statusLabel(row.toStatus)}`
                      : statusLabel(row.toStatus)}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" breakWord>
                      {eventDetailText(row.detail) ?? ""}
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
