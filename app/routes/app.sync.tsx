import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  InlineStack,
  Layout,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect } from "react";
import { db } from "../db.server";
import { enqueue } from "../jobs/queue.server";
import { formatShopDateTime } from "../lib/format";
import { findOrRecordShop } from "../models/shop.server";
import { SYNC_JOB_KIND, syncOverview, type SyncResource } from "../models/sync-status.server";
import { authenticate } from "../shopify.server";
import { jsonResponse } from "../lib/json-response";

const LABELS: Record<SyncResource, string> = {
  products: "Products and variants",
  orders: "Orders and line items",
  customers: "Customers",
  abandonedCheckouts: "Abandoned checkouts",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await findOrRecordShop(db, admin.graphql, session.shop, session.scope);
  const overview = await syncOverview(db, session.shop);
  const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
  return {
    timeZone: shop.ianaTimezone,
    syncing: overview.pendingJob !== null || overview.resources.some((r) => r.latest?.status === "RUNNING"),
    jobError: overview.failedJob?.lastError ?? null,
    resources: overview.resources.map(({ resource, latest, lastSuccessAt }) => ({
      resource,
      label: LABELS[resource],
      status: latest?.status ?? null,
      objectsDone: latest?.objectsDone ?? 0,
      objectsTotal: latest?.objectsTotal ?? null,
      error: latest?.status === "FAILED" ? latest.error : null,
      startedAt: iso(latest?.startedAt),
      lastSuccessAt: iso(lastSuccessAt),
    })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") !== "sync") {
    return jsonResponse({ error: "Unknown action" }, 400);
  }
  // One sync at a time per shop: pressing the button again while one is pending changes nothing.
  const { created } = await enqueue(
    db,
    session.shop,
    SYNC_JOB_KIND,
    { reason: "manual" },
    { dedupeKey: "full" },
  );
  return { queued: created };
};

const STATUS_TONE = { COMPLETED: "success", RUNNING: "info", FAILED: "critical" } as const;

export default function SyncPage() {
  const { resources, syncing, jobError, timeZone } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();

  // Live progress: refresh while a sync is queued or running.
  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2_000);
    return () => clearInterval(timer);
  }, [syncing, revalidator]);

  return (
    <Page title="Sync" subtitle="Shelfwise's copy of your store, which all analysis reads.">
      <Layout>
        {jobError ? (
          <Layout.Section>
            <Banner tone="critical" title="The last sync did not finish">
              <p>{jobError}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center">
              <Text as="p">
                {syncing
                  ? "A sync is in progress."
                  : "Shelfwise keeps up through webhooks; sync again to recheck everything."}
              </Text>
              <Form method="post">
                <input type="hidden" name="intent" value="sync" />
                <Button
                  submit
                  variant="primary"
                  loading={navigation.state === "submitting"}
                  disabled={syncing}
                >
                  Sync now
                </Button>
              </Form>
            </InlineStack>
          </Card>
        </Layout.Section>
        {resources.map((resource) => {
          const progress =
            resource.objectsTotal && resource.objectsTotal > 0
              ? Math.min(100, Math.round((resource.objectsDone / resource.objectsTotal) * 100))
              : null;
          return (
            <Layout.Section key={resource.resource} variant="oneHalf">
              <Card>
                <BlockStack gap="200">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      {resource.label}
                    </Text>
                    <Badge
                      tone={
                        resource.status ? STATUS_TONE[resource.status as keyof typeof STATUS_TONE] : undefined
                      }
                    >
                      {resource.status ? resource.status.toLowerCase() : "never synced"}
                    </Badge>
                  </InlineStack>
                  {resource.status === "RUNNING" ? (
                    <BlockStack gap="100">
                      <ProgressBar progress={progress ?? 0} size="small" animated={progress === null} />
                      <Text as="p" tone="subdued">
                        {resource.objectsTotal
                          ? `${resource.objectsDone.toLocaleString()} of ${resource.objectsTotal.toLocaleString()} records`
                          : `${resource.objectsDone.toLocaleString()} records so far`}
                      </Text>
                    </BlockStack>
                  ) : null}
                  <Text as="p" tone="subdued">
                    {resource.lastSuccessAt
                      ? `Last synced ${formatShopDateTime(resource.lastSuccessAt, timeZone)}`
                      : "Not synced yet"}
                  </Text>
                  {resource.error ? (
                    <Banner tone="critical">
                      <p>{resource.error}</p>
                    </Banner>
                  ) : null}
                </BlockStack>
              </Card>
            </Layout.Section>
          );
        })}
      </Layout>
    </Page>
  );
}
