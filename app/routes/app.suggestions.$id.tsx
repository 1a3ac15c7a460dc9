import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  useFetcher,
  useLoaderData,
  useRevalidator,
  useRouteError,
} from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  DataTable,
  DescriptionList,
  Divider,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useActionNotice } from "../components/action-notice";
import { useSuggestionHref } from "../components/use-suggestion-href";
import { db } from "../db.server";
import { jsonResponse } from "../lib/json-response";
import { flagLabel } from "../lib/flags";
import { evidenceItems, formatPercent, formatShopDateTime, humanizeKey, moneyFormatter } from "../lib/format";
import { productDetailPath } from "../lib/product-ids";
import { workflowErrorResponse } from "../lib/suggestion-errors.server";
import {
  OUTCOME_LABELS,
  actionLabel,
  changeRows,
  eventDetailText,
  impactSentences,
  kindLabel,
  outcomeSentences,
  outcomeTone,
  statusLabel,
  statusTone,
} from "../lib/suggestion-format";
import { staffFrom, staffLabel } from "../lib/staff";
import { findShop } from "../models/shop.server";
import { suggestionDetail } from "../models/suggestion-queries.server";
import { createShopifyClient } from "../shopify/client.server";
import { authenticate } from "../shopify.server";
import {
  applySuggestion,
  finishStoppedApply,
  finishStoppedRevert,
  revertSuggestion,
  stoppedPartWay,
  type ApplyResult,
  type Difference,
} from "../suggestions/apply.server";
import { requestBulkApply } from "../suggestions/bulk-apply.server";
import {
  approveSuggestions,
  canApprove,
  rejectSuggestion,
  suggestionSettings,
} from "../suggestions/workflow.server";
import { NotFoundPage } from "../components/not-found-page";

const routeParams = z.object({ id: z.string().regex(/^[\w-]{1,64}$/) });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = routeParams.safeParse(params);
  // Unknown, malformed and other shops' ids all look the same: no suggestion here.
  const detail = parsed.success ? await suggestionDetail(db, session.shop, parsed.data.id) : null;
  if (!detail) throw new Response("Suggestion not found", { status: 404 });
  const [shop, settings] = await Promise.all([
    findShop(db, session.shop),
    suggestionSettings(db, session.shop),
  ]);
  const staff = staffFrom({ sessionToken, session });
  return {
    ...detail,
    timeZone: shop?.ianaTimezone ?? null,
    mayApprove: staff !== null && canApprove(settings, staff),
    stopped: stoppedPartWay(
      { status: detail.suggestion.status, updatedAt: new Date(detail.suggestion.updatedAt) },
      new Date(),
    ),
  };
};

const actionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("apply") }),
  // an apply or a revert that stopped part-way: finished from what the store holds
  z.object({ intent: z.literal("finish") }),
  z.object({ intent: z.literal("finish-revert") }),
  // "force": staff saw the differences since apply and chose to overwrite them.
  z.object({ intent: z.literal("revert"), force: z.enum(["1"]).optional() }),
  z.object({
    intent: z.literal("reject"),
    reason: z.string().trim().min(1, "Say why this suggestion is rejected.").max(500),
  }),
]);

export interface DetailActionResult {
  ok: boolean;
  message: string;
  errors?: { reason?: string };
  /** revert found the items changed since apply: what differs, for staff to confirm */
  differences?: Difference[];
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken, admin } = await authenticate.admin(request);
  const id = routeParams.safeParse(params);
  if (!id.success) throw new Response("Suggestion not found", { status: 404 });
  const parsed = actionInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const reason = parsed.error.issues.find((issue) => issue.path[0] === "reason")?.message;
    return jsonResponse(
      { ok: false, message: reason ?? "This request was not understood.", errors: { reason } },
      422,
    );
  }
  const staff = staffFrom({ sessionToken, session });
  if (!staff) return jsonResponse({ ok: false, message: "No member of staff is signed in." }, 403);
  const input = parsed.data;
  try {
    if (input.intent === "approve") {
      const { approved, skipped } = await approveSuggestions(db, session.shop, [id.data.id], staff);
      if (approved.length === 0)
        return jsonResponse({ ok: false, message: skipped[0]?.reason ?? "Not approved." });
      // Approval applies, as in the queue: the job writes to the store and the page follows it.
      await requestBulkApply(db, session.shop, approved, staff);
      return jsonResponse({ ok: true, message: "Approved; applying it to your store." });
    }
    const client = createShopifyClient({ graphql: admin.graphql });
    if (input.intent === "apply" || input.intent === "finish") {
      const applied = await (input.intent === "apply" ? applySuggestion : finishStoppedApply)(
        db,
        client,
        session.shop,
        id.data.id,
        staff,
      );
      return jsonResponse({
        ok: applied.status === "applied",
        message: APPLY_MESSAGES[applied.status](applied.message),
      });
    }
    if (input.intent === "revert" || input.intent === "finish-revert") {
      const reverted =
        input.intent === "revert"
          ? await revertSuggestion(db, client, session.shop, id.data.id, staff, {
              force: input.force === "1",
            })
          : await finishStoppedRevert(db, client, session.shop, id.data.id, staff);
      if ("needsConfirmation" in reverted) {
        return jsonResponse({
          ok: false,
          message: "The product changed since this suggestion was applied.",
          differences: reverted.differences,
        });
      }
      return jsonResponse(
        reverted.status === "reverted"
          ? { ok: true, message: "Reverted: the store has its earlier values again." }
          : { ok: false, message: `Not reverted: ${reverted.message}` },
      );
    }
    await rejectSuggestion(db, session.shop, id.data.id, staff, input.reason);
    return jsonResponse({ ok: true, message: "Rejected." });
  } catch (error) {
    return workflowErrorResponse(error);
  }
};

const APPLY_MESSAGES: Record<ApplyResult["status"], (detail?: string) => string> = {
  applied: () => "Applied to your store.",
  failed: (detail) => `Not applied: ${detail ?? "Shopify refused the change."}`,
  stale: (detail) =>
    `Not applied: the product changed since this was proposed${detail ? ` (${detail})` : ""}. A new analysis will propose again.`,
};

const OPEN = ["proposed", "approved"];
/** Statuses the apply job is still working through: the page refreshes until they settle. */
const IN_FLIGHT = ["approved", "applying"];
const REFRESH_MS = 2_000;

export default function SuggestionDetailPage() {
  const { suggestion, proposal, outcome, names, events, timeZone, mayApprove, stopped } =
    useLoaderData<typeof loader>();
  const href = useSuggestionHref();
  const money = moneyFormatter(suggestion.currencyCode);
  const fetcher = useFetcher<DetailActionResult>();
  const notice = useActionNotice();
  const [rejecting, setRejecting] = useState(false);
  const [drift, setDrift] = useState<Difference[] | null>(null);
  const revalidator = useRevalidator();
  // A restock alert approved before approving them was refused is never applied.
  const inFlight = IN_FLIGHT.includes(suggestion.status) && suggestion.kind !== "restock" && !stopped;
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [inFlight, revalidator]);
  const [reason, setReason] = useState("");
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (!result || result.errors?.reason) return;
    setRejecting(false);
    // Changed since apply: ask before overwriting instead of announcing a failure.
    if (result.differences) return setDrift(result.differences);
    setDrift(null);
    notice.show(result.message, !result.ok);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [result]);
  const busy = fetcher.state !== "idle";
  const submit = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });

  const canDecide = mayApprove && OPEN.includes(suggestion.status);
  const step = (content: string, intent: string, disabled: boolean) => ({
    content,
    disabled,
    loading: busy,
    onAction: () => submit({ intent }),
  });
  const primaryActions: Record<string, ReturnType<typeof step> | undefined> = {
    proposed: step("Approve", "approve", !canDecide),
    approved: step("Apply now", "apply", !mayApprove),
    applied: step("Revert", "revert", !mayApprove),
    // Approving again queues the apply again: the cause of a failure may have passed.
    failed: step("Try again", "approve", !mayApprove),
    applying: stopped ? step("Check the store and finish", "finish", !mayApprove) : undefined,
    reverting: stopped ? step("Check the store and finish", "finish-revert", !mayApprove) : undefined,
  };
  const rows = proposal ? changeRows(proposal, names) : [];

  return (
    <Page
      title={suggestion.title}
      titleMetadata={<Badge tone={statusTone(suggestion.status)}>{statusLabel(suggestion.status)}</Badge>}
      subtitle={`${kindLabel(suggestion.kind)} · proposed ${formatShopDateTime(suggestion.createdAt, timeZone)}`}
      backAction={{ content: "Suggestions", url: href("/app/suggestions") }}
      primaryAction={
        // A restock alert is only read and rejected: there is nothing to approve, apply or revert.
        suggestion.kind === "restock" ? undefined : primaryActions[suggestion.status]
      }
      secondaryActions={
        OPEN.includes(suggestion.status)
          ? [
              {
                content: "Reject",
                destructive: true,
                disabled: !canDecide,
                onAction: () => setRejecting(true),
              },
            ]
          : []
      }
    >
      <Layout>
        {notice.banner ? <Layout.Section>{notice.banner}</Layout.Section> : null}
        {OPEN.includes(suggestion.status) && !mayApprove ? (
          <Layout.Section>
            <Banner tone="info" title="Only listed staff approve suggestions in this store">
              <p>The store owner chooses who may approve or reject in Settings.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {inFlight ? (
          <Layout.Section>
            <Banner
              tone="info"
              title={
                suggestion.status === "applying"
                  ? "Applying to your store"
                  : "Approved: waiting to be applied"
              }
            >
              <p>This page refreshes until the change is applied or refused.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {stopped && suggestion.status === "applying" ? (
          <Layout.Section>
            <Banner tone="warning" title="Applying stopped part-way">
              <p>
                Check the store and finish: Shelfwise reads the products and marks the change applied if it
                landed, writes it if nothing changed, or says what to check. Nothing is written twice.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {stopped && suggestion.status === "reverting" ? (
          <Layout.Section>
            <Banner tone="warning" title="Reverting stopped part-way">
              <p>
                Check the store and finish: Shelfwise reads the products and marks the suggestion reverted if
                the earlier values are back, or applied again so you can revert it again, saying what differs
                if the store holds neither. Nothing is written.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {suggestion.error ? (
          <Layout.Section>
            <Banner tone="critical" title="The change was not made">
              <p>{suggestion.error}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {suggestion.rejectReason ? (
          <Layout.Section>
            <Banner tone="info" title="Rejected">
              <p>{suggestion.rejectReason}</p>
            </Banner>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                What changes
              </Text>
              <Text as="p">{suggestion.rationale}</Text>
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={["Product", "Field", "Before", "After"]}
                rows={rows.map((row) => [row.subject, row.field, row.before, row.after])}
              />
              {proposal?.kind === "content" && proposal.changes.missing.length > 0 ? (
                <Text as="p" tone="subdued">
                  To add by hand: {proposal.changes.missing.join("; ")}.
                </Text>
              ) : null}
              {proposal?.kind === "markdown" && proposal.changes.clearance ? (
                <Text as="p" tone="caution">
                  A clearance: the new price may go below the margin floor or below cost.
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Expected impact
              </Text>
              {proposal ? (
                impactSentences(proposal.impact, suggestion.currencyCode).map((sentence) => (
                  <Text as="p" key={sentence}>
                    {sentence}
                  </Text>
                ))
              ) : (
                <Text as="p">Not estimated.</Text>
              )}
              <Text as="p" tone="subdued">
                Money at stake (stock value and revenue at risk): {money(suggestion.stakeMinor)}.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>

        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Outcome
              </Text>
              {outcome ? (
                <>
                  <InlineStack>
                    <Badge tone={outcomeTone(outcome.label)}>{OUTCOME_LABELS[outcome.label]}</Badge>
                  </InlineStack>
                  {outcomeSentences(outcome).map((sentence) => (
                    <Text as="p" key={sentence}>
                      {sentence}
                    </Text>
                  ))}
                </>
              ) : (
                <Text as="p" tone="subdued">
                  {suggestion.status === "applied"
                    ? `Measured once enough days of sales follow the change${suggestion.outcomeDueOn ? ` (from ${suggestion.outcomeDueOn})` : ""}.`
                    : "Measured after the change is applied."}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>

        {proposal ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Evidence
                </Text>
                {proposal.evidence.flags.map((flag) => (
                  <BlockStack gap="100" key={`${flag.kind}:${flag.productId}:${flag.variantId ?? ""}`}>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h3" variant="headingSm">
                        {flagLabel(flag.kind)}
                      </Text>
                      <Text as="span" tone="subdued">
                        {names.products[flag.productId] ?? flag.productId} · {formatPercent(flag.confidence)}{" "}
                        confidence
                      </Text>
                    </InlineStack>
                    <Text as="p">{flag.summary}</Text>
                  </BlockStack>
                ))}
                {Object.keys(proposal.evidence.numbers).length > 0 ? (
                  <>
                    <Divider />
                    <DescriptionList
                      items={evidenceItems(proposal.evidence.numbers, suggestion.currencyCode).map(
                        (item) => ({
                          term: item.label,
                          description: item.value,
                        }),
                      )}
                    />
                  </>
                ) : null}
                <InlineStack gap="300">
                  {Object.entries(names.products).map(([id, title]) => (
                    <Link key={id} url={href(productDetailPath(id))}>
                      {title}: product analysis
                    </Link>
                  ))}
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                History
              </Text>
              <ol aria-label="History" style={{ margin: 0, paddingInlineStart: "1.2em" }}>
                {events.map((event) => (
                  <li key={event.id}>
                    <Text as="p">
                      <Text as="span" fontWeight="semibold">
                        {actionLabel(event.action)}
                      </Text>{" "}
                      by {staffLabel(event.staffName, event.staffId)},{" "}
                      {formatShopDateTime(event.at, timeZone)}
                      {event.fromStatus && event.fromStatus !== event.toStatus
                        ? ` (${statusLabel(event.fromStatus)} → ${statusLabel(event.toStatus)})`
                        : ""}
                    </Text>
                    {eventDetailText(event.detail) ? (
                      <Text as="p" tone="subdued">
                        {eventDetailText(event.detail)}
                      </Text>
                    ) : null}
                  </li>
                ))}
              </ol>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>

      <Modal
        open={drift !== null}
        onClose={() => setDrift(null)}
        title="Revert over later changes?"
        primaryAction={{
          content: "Revert anyway",
          destructive: true,
          loading: busy,
          onAction: () => submit({ intent: "revert", force: "1" }),
        }}
        secondaryActions={[{ content: "Keep as it is", onAction: () => setDrift(null) }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            <Text as="p">
              Someone changed these values in the store after this suggestion was applied. Reverting restores
              the values from before the suggestion and overwrites these changes.
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Item", "Field", "Shelfwise set", "Now in the store"]}
              rows={(drift ?? []).map((difference) => [
                names.products[difference.item] ?? names.variants[difference.item] ?? difference.item,
                humanizeKey(difference.field),
                difference.expected ?? "empty",
                difference.current ?? "empty",
              ])}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
      <Modal
        open={rejecting}
        onClose={() => setRejecting(false)}
        title="Reject this suggestion?"
        primaryAction={{
          content: "Reject",
          destructive: true,
          loading: busy,
          onAction: () => submit({ intent: "reject", reason }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setRejecting(false) }]}
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

// Every error but this page's own 404 (Shopify's auth responses included) goes to Shopify's boundary.
export function ErrorBoundary() {
  const error = useRouteError();
  const href = useSuggestionHref();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <NotFoundPage
        title="Suggestion not found"
        back={{ content: "Suggestions", url: href("/app/suggestions") }}
      >
        <p>This store has no suggestion at this address.</p>
      </NotFoundPage>
    );
  }
  return boundary.error(error);
}
