import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useActionNotice } from "../components/action-notice";
import { useSuggestionHref } from "../components/use-suggestion-href";
import { db } from "../db.server";
import { jsonResponse } from "../lib/json-response";
import { formatCount, formatShopDateTime, moneyFormatter } from "../lib/format";
import { workflowErrorResponse } from "../lib/suggestion-errors.server";
import {
  KIND_LABELS,
  impactSummary,
  kindLabel,
  statusLabel,
  statusTone,
  STATUS_LABELS,
} from "../lib/suggestion-format";
import {
  applyJobParam,
  SUGGESTION_KINDS,
  SUGGESTION_STATUSES,
  parseSuggestionListParams,
  suggestionListParams,
  type SuggestionListQuery,
} from "../lib/suggestion-params";
import { staffFrom } from "../lib/staff";
import { findShop } from "../models/shop.server";
import { listSuggestions } from "../models/suggestion-queries.server";
import { authenticate } from "../shopify.server";
import {
  bulkApplyProgress,
  requestBulkApply,
  type BulkApplyProgress,
} from "../suggestions/bulk-apply.server";
import { SuggestionNotFound, approveSuggestions, rejectSuggestions } from "../suggestions/workflow.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const search = new URL(request.url).searchParams;
  const { query, ignored } = parseSuggestionListParams(search);
  const applyJob = applyJobParam.safeParse(search.get("applyJob"));
  const [list, shop, progress] = await Promise.all([
    listSuggestions(db, session.shop, query),
    findShop(db, session.shop),
    // Another shop's or a forgotten job id shows no progress rather than an error.
    applyJob.success
      ? bulkApplyProgress(db, session.shop, applyJob.data).catch((error: unknown) => {
          if (error instanceof SuggestionNotFound) return null;
          throw error;
        })
      : null,
  ]);
  return { ...list, query, ignored, timeZone: shop?.ianaTimezone ?? null, progress };
};

const suggestionId = z.string().trim().min(1).max(64);
const ids = z.array(suggestionId).min(1, "Select at least one suggestion.").max(250);
const bulkInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), ids }),
  z.object({
    intent: z.literal("reject"),
    ids,
    reason: z.string().trim().min(1, "Say why these suggestions are rejected.").max(500),
  }),
]);

export interface BulkResult {
  ok: boolean;
  message: string;
  /** the apply job queued for what was approved */
  jobId?: string;
  errors?: Partial<Record<"reason" | "ids", string>>;
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = await request.formData();
  const parsed = bulkInput.safeParse({
    intent: form.get("intent"),
    ids: form.getAll("id"),
    reason: form.get("reason") ?? undefined,
  });
  if (!parsed.success) {
    const issue = (field: string) => parsed.error.issues.find((item) => item.path[0] === field)?.message;
    const errors = { reason: issue("reason"), ids: issue("ids") };
    return jsonResponse(
      { ok: false, message: errors.reason ?? errors.ids ?? "This request was not understood.", errors },
      422,
    );
  }
  const staff = staffFrom({ sessionToken, session });
  if (!staff) return jsonResponse({ ok: false, message: "No member of staff is signed in." }, 403);
  const input = parsed.data;
  try {
    if (input.intent === "approve") {
      const { approved, skipped } = await approveSuggestions(db, session.shop, input.ids, staff);
      const notes = skipped.map((skip) => skip.reason);
      // Approval applies: the changes go to the store as a job whose progress the page follows.
      const job = approved.length > 0 ? await requestBulkApply(db, session.shop, approved, staff) : null;
      return jsonResponse({
        ok: approved.length > 0,
        message: [
          `Approved ${formatCount(approved.length, "suggestion")}${job ? "; applying them to your store" : ""}.`,
          ...notes,
        ].join(" "),
        jobId: job?.jobId,
      });
    }
    const { rejected, skipped } = await rejectSuggestions(db, session.shop, input.ids, staff, input.reason);
    return jsonResponse({
      ok: rejected.length > 0,
      message: [
        `Rejected ${formatCount(rejected.length, "suggestion")}.`,
        ...skipped.map((skip) => skip.reason),
      ].join(" "),
    });
  } catch (error) {
    return workflowErrorResponse(error);
  }
};

const STATUS_OPTIONS = [
  ...SUGGESTION_STATUSES.map((status) => ({ label: STATUS_LABELS[status], value: status })),
  { label: "Any status", value: "all" },
];
const KIND_OPTIONS = [
  { label: "Any type", value: "" },
  ...SUGGESTION_KINDS.map((kind) => ({ label: KIND_LABELS[kind], value: kind })),
];

/** How often the page asks again while an apply job runs. */
const PROGRESS_REFRESH_MS = 2_000;

/** The apply job's progress, from its suggestions' statuses; the page refreshes until it is done. */
function ApplyProgress({ progress, activityUrl }: { progress: BulkApplyProgress; activityUrl: string }) {
  const revalidator = useRevalidator();
  const pending = progress.waiting + progress.applying;
  const running = pending > 0 && progress.jobStatus !== "failed";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, PROGRESS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const done = progress.total - pending;
  const parts = [
    `${progress.applied} applied`,
    progress.failed ? `${progress.failed} failed` : null,
    progress.stale ? `${progress.stale} stale (the product changed since the proposal)` : null,
    progress.other ? `${progress.other} no longer approved` : null,
  ].filter(Boolean);
  const problems = progress.failed + progress.stale + progress.other > 0;
  return (
    <Banner
      tone={running ? "info" : problems ? "warning" : "success"}
      title={
        running
          ? `Applying approved suggestions: ${done} of ${progress.total} done`
          : progress.jobStatus === "failed"
            ? `Applying stopped: ${done} of ${progress.total} done`
            : `Applied approved suggestions: ${done} of ${progress.total} done`
      }
    >
      <BlockStack gap="200">
        <ProgressBar
          progress={progress.total ? Math.round((done / progress.total) * 100) : 0}
          size="small"
          tone={problems ? "critical" : "highlight"}
          ariaLabelledBy="apply-progress-text"
        />
        <p id="apply-progress-text">
          {parts.join(", ")}. <Link url={activityUrl}>See each step in Activity</Link>.
        </p>
      </BlockStack>
    </Banner>
  );
}

/** Products named in a row; the rest counted, so a 40-product discount keeps one line. */
const SHOWN_PRODUCTS = 2;

export default function SuggestionsPage() {
  const { rows, total, page, pageSize, query, ignored, timeZone, progress } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const href = useSuggestionHref();
  const go = (change: Partial<SuggestionListQuery>) =>
    navigate(href("/app/suggestions", suggestionListParams(query, change)));

  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(rows);
  const rowKey = rows.map((row) => row.id).join();
  // A new page or filter is a new set of rows: a selection never carries over unseen.
  useEffect(() => clearSelection(), [rowKey, clearSelection]);
  const selected = allResourcesSelected ? rows.map((row) => row.id) : selectedResources;

  const fetcher = useFetcher<BulkResult>();
  const [modal, setModal] = useState<"approve" | "reject" | null>(null);
  const [reason, setReason] = useState("");
  const notice = useActionNotice();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (!result) return;
    // A missing reason stays in the modal, beside its field.
    if (result.errors?.reason) return;
    notice.show(result.message, !result.ok);
    setModal(null);
    setReason("");
    clearSelection();
    if (result.jobId) {
      const params = suggestionListParams(query, { page: query.page });
      params.set("applyJob", result.jobId);
      navigate(href("/app/suggestions", params), { replace: true });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [result]);

  const submit = (intent: "approve" | "reject") => {
    const form = new FormData();
    form.set("intent", intent);
    for (const id of selected) form.append("id", id);
    if (intent === "reject") form.set("reason", reason);
    fetcher.submit(form, { method: "post" });
  };

  const pages = Math.max(1, Math.ceil(total / pageSize));
  const firstShown = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const lastShown = Math.min(total, page * pageSize);
  const count = formatCount(selected.length, "suggestion");
  const busy = fetcher.state !== "idle";

  return (
    <Page
      title="Suggestions"
      subtitle="Offer updates proposed from the analysis, largest money at stake first. Nothing changes in your store until a member of staff approves it."
    >
      <Layout>
        {notice.banner ? <Layout.Section>{notice.banner}</Layout.Section> : null}
        {progress ? (
          <Layout.Section>
            <ApplyProgress progress={progress} activityUrl={href("/app/activity")} />
          </Layout.Section>
        ) : null}
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
            <Box padding="300">
              <InlineStack gap="400" blockAlign="end">
                <Select
                  label="Type"
                  options={KIND_OPTIONS}
                  value={query.kind ?? ""}
                  onChange={(value) => go({ kind: (value || undefined) as SuggestionListQuery["kind"] })}
                />
                <Select
                  label="Status"
                  options={STATUS_OPTIONS}
                  value={query.status}
                  onChange={(value) => go({ status: value as SuggestionListQuery["status"] })}
                />
              </InlineStack>
            </Box>
            <IndexTable
              resourceName={{ singular: "suggestion", plural: "suggestions" }}
              itemCount={rows.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              loading={navigation.state === "loading"}
              promotedBulkActions={[
                { content: "Approve", onAction: () => setModal("approve") },
                { content: "Reject", onAction: () => setModal("reject") },
              ]}
              headings={[
                { title: "Suggestion" },
                { title: "Type" },
                { title: "Status" },
                { title: "Products" },
                { title: "Expected profit change (P10 to P90)", alignment: "end" },
                { title: "Money at stake", alignment: "end" },
                { title: "Created" },
              ]}
              emptyState={
                <EmptyState heading="No suggestions match" image="/empty-state.svg">
                  <p>
                    {query.status === "proposed" && !query.kind
                      ? "Nothing is waiting for approval. New suggestions arrive after each analysis of your store."
                      : "Change the type or status to see more."}
                  </p>
                </EmptyState>
              }
              pagination={{
                hasPrevious: page > 1,
                hasNext: page < pages,
                onPrevious: () => go({ page: page - 1 }),
                onNext: () => go({ page: page + 1 }),
                label: `${firstShown.toLocaleString()}–${lastShown.toLocaleString()} of ${formatCount(total, "suggestion")} · page ${page} of ${pages}`,
              }}
            >
              {rows.map((row, index) => {
                const money = moneyFormatter(row.currencyCode);
                const named = row.products.slice(0, SHOWN_PRODUCTS).map((product) => product.title);
                const more = row.products.length - named.length;
                return (
                  <IndexTable.Row
                    id={row.id}
                    key={row.id}
                    position={index}
                    selected={selectedResources.includes(row.id)}
                  >
                    <IndexTable.Cell>
                      <Link url={href(`/app/suggestions/${row.id}`)} removeUnderline dataPrimaryLink>
                        <Text as="span" fontWeight="semibold">
                          {row.title}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{kindLabel(row.kind)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={statusTone(row.status)}>{statusLabel(row.status)}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {named.join(", ")}
                      {more > 0 ? ` and ${formatCount(more, "more product", "more products")}` : ""}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {row.impact ? impactSummary(row.impact, row.currencyCode) : "not estimated"}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {money(row.stakeMinor)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatShopDateTime(row.createdAt, timeZone)}</IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>

      <Modal
        open={modal === "approve"}
        onClose={() => setModal(null)}
        title={`Approve ${count}?`}
        primaryAction={{ content: "Approve", loading: busy, onAction: () => submit("approve") }}
        secondaryActions={[{ content: "Cancel", onAction: () => setModal(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            Approved suggestions are applied to your store: prices, discounts and product details change as
            each suggestion describes. Every change can be reverted from its suggestion.
          </Text>
        </Modal.Section>
      </Modal>
      <Modal
        open={modal === "reject"}
        onClose={() => setModal(null)}
        title={`Reject ${count}?`}
        primaryAction={{
          content: "Reject",
          destructive: true,
          loading: busy,
          onAction: () => submit("reject"),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setModal(null) }]}
      >
        <Modal.Section>
          <TextField
            label="Reason"
            helpText="Kept with the suggestion and shown in Activity."
            value={reason}
            onChange={setReason}
            multiline={2}
            autoComplete="off"
            error={result?.errors?.reason}
          />
        </Modal.Section>
      </Modal>
    </Page>
  );
}
