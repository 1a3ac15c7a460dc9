import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { ZodError } from "zod";
import { db } from "../db.server";
import { REQUIRED_SCOPES } from "../env.server";
import { displayValue, parseSettingsForm, SETTING_FIELDS, type SettingField } from "../lib/analysis-settings";
import { staffFrom } from "../lib/staff";
import { parseSuggestionSettingsForm } from "../lib/suggestion-settings-form";
import { analysisSettings, saveAnalysisSettings, settingsOverridesOf } from "../models/analysis.server";
import { authenticate } from "../shopify.server";
import {
  canApprove,
  NotAllowedToApprove,
  saveSuggestionSettings,
  suggestionSettings,
} from "../suggestions/workflow.server";
import { jsonResponse } from "../lib/json-response";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const granted = new Set((session.scope ?? "").split(",").filter(Boolean));
  const shop = await db.shop.findUnique({
    where: { domain: session.shop },
    select: { analysisSettings: true },
  });
  const settings = analysisSettings(shop?.analysisSettings);
  const suggestions = await suggestionSettings(db, session.shop);
  const staff = staffFrom({ sessionToken, session });
  return {
    scopes: REQUIRED_SCOPES.map((scope) => ({ scope, granted: granted.has(scope) })),
    values: Object.fromEntries(SETTING_FIELDS.map((field) => [field.key, displayValue(field.key, settings)])),
    suggestions,
    staffId: staff?.id ?? null,
    mayChangeSuggestions: staff !== null && canApprove(suggestions, staff),
  };
};

type ActionResult = {
  form: "analysis" | "suggestions";
  saved: boolean;
  errors: Record<string, string>;
  /** why nothing was saved, when no field is to blame */
  message?: string;
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "suggestions") {
    const refused = (message: string) =>
      jsonResponse({ form: "suggestions", saved: false, errors: {}, message } satisfies ActionResult, 403);
    const staff = staffFrom({ sessionToken, session });
    if (!staff) return refused("No member of staff is signed in.");
    const parsed = parseSuggestionSettingsForm(form);
    if (!parsed.ok) return jsonResponse({ form: "suggestions", saved: false, errors: parsed.errors }, 422);
    try {
      await saveSuggestionSettings(db, session.shop, parsed.values, staff);
    } catch (error) {
      if (error instanceof NotAllowedToApprove) return refused(error.message);
      if (!(error instanceof ZodError)) throw error;
      const errors = Object.fromEntries(error.issues.map((issue) => [String(issue.path[0]), issue.message]));
      return jsonResponse({ form: "suggestions", saved: false, errors } satisfies ActionResult, 422);
    }
    return { form: "suggestions", saved: true, errors: {} } satisfies ActionResult;
  }
  const shop = await db.shop.findUnique({
    where: { domain: session.shop },
    select: { analysisSettings: true },
  });
  const parsed = parseSettingsForm(form, settingsOverridesOf(shop?.analysisSettings));
  if (!parsed.ok) return jsonResponse({ form: "analysis", saved: false, errors: parsed.errors }, 422);
  await saveAnalysisSettings(db, session.shop, parsed.overrides);
  return { form: "analysis", saved: true, errors: {} } satisfies ActionResult;
};

const GROUPS = [...new Set(SETTING_FIELDS.map((field) => field.group))];

function SettingInput({ field, initial, error }: { field: SettingField; initial: string; error?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <TextField
      label={field.label}
      name={field.key}
      type="number"
      inputMode="decimal"
      value={value}
      onChange={setValue}
      suffix={field.unit}
      helpText={field.help}
      min={field.min}
      max={field.max}
      step={field.integer ? 1 : 0.01}
      error={error}
      autoComplete="off"
    />
  );
}

export default function SettingsPage() {
  const { scopes, values, suggestions, staffId, mayChangeSuggestions } = useLoaderData<typeof loader>();
  const submitted = useActionData<ActionResult>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") !== "suggestions";
  const result = submitted?.form === "analysis" ? submitted : undefined;
  const errors = result?.errors ?? {};
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection
          title="Access"
          description="What Shelfwise may read and change in your store, as you granted it."
        >
          <Card>
            <BlockStack gap="200">
              {scopes.map(({ scope, granted }) => (
                <InlineStack key={scope} gap="200" blockAlign="center">
                  <Text as="span">{scope}</Text>
                  <Badge tone={granted ? "success" : "attention"}>
                    {granted ? "Granted" : "Not granted"}
                  </Badge>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Analysis thresholds"
          description="When a product is flagged. The defaults follow common retail practice; saving runs the analysis again."
        >
          {/* The server checks every field and answers in Polaris' own error style. */}
          <Form method="post" noValidate>
            <BlockStack gap="400">
              {result?.saved ? (
                <Banner tone="success" title="Thresholds saved">
                  <p>The analysis runs again with them; the Dashboard shows when it is done.</p>
                </Banner>
              ) : null}
              {result && !result.saved ? (
                <Banner tone="critical" title="Some thresholds need a change">
                  <p>Nothing was saved. Fix the fields marked below.</p>
                </Banner>
              ) : null}
              {GROUPS.map((group) => (
                <Card key={group}>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {group}
                    </Text>
                    <FormLayout>
                      {SETTING_FIELDS.filter((field) => field.group === group).map((field) => (
                        <SettingInput
                          key={field.key}
                          field={field}
                          initial={values[field.key] ?? ""}
                          error={errors[field.key]}
                        />
                      ))}
                    </FormLayout>
                  </BlockStack>
                </Card>
              ))}
              <InlineStack align="end">
                <Button submit variant="primary" loading={saving}>
                  Save thresholds
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Suggestions"
          description="How far suggested prices and discounts may go, and who may approve them."
        >
          <SuggestionSettingsForm
            initial={suggestions}
            staffId={staffId}
            mayChange={mayChangeSuggestions}
            result={submitted?.form === "suggestions" ? submitted : undefined}
            saving={navigation.state === "submitting" && navigation.formData?.get("intent") === "suggestions"}
          />
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

function SuggestionSettingsForm({
  initial,
  staffId,
  mayChange,
  result,
  saving,
}: {
  initial: {
    minMarginPercent: number;
    maxDiscountPercent: number;
    allowClearance: boolean;
    horizonDays: number;
    approvers: "all" | string[];
  };
  staffId: string | null;
  mayChange: boolean;
  result: ActionResult | undefined;
  saving: boolean;
}) {
  const [minMargin, setMinMargin] = useState(String(initial.minMarginPercent));
  const [maxDiscount, setMaxDiscount] = useState(String(initial.maxDiscountPercent));
  const [horizon, setHorizon] = useState(String(initial.horizonDays));
  const [clearance, setClearance] = useState(initial.allowClearance);
  const [mode, setMode] = useState<"all" | "listed">(initial.approvers === "all" ? "all" : "listed");
  const [list, setList] = useState(initial.approvers === "all" ? "" : initial.approvers.join("\n"));
  const errors = result?.errors ?? {};
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="suggestions" />
      <input type="hidden" name="approverMode" value={mode} />
      {clearance ? <input type="hidden" name="allowClearance" value="on" /> : null}
      <Card>
        <BlockStack gap="400">
          {result?.saved ? (
            <Banner tone="success" title="Suggestion settings saved">
              <p>New suggestions follow them from the next analysis.</p>
            </Banner>
          ) : null}
          {result && !result.saved ? (
            <Banner tone="critical" title={result.message ? "Not saved" : "Some settings need a change"}>
              <p>{result.message ?? "Nothing was saved. Fix the fields marked below."}</p>
            </Banner>
          ) : null}
          {mayChange ? null : (
            <Banner tone="info" title="Only listed staff change these settings">
              <p>You are not one of the staff allowed to approve suggestions in this store.</p>
            </Banner>
          )}
          <FormLayout>
            <TextField
              label="Lowest margin a suggested price may leave"
              name="minMarginPercent"
              type="number"
              value={minMargin}
              onChange={setMinMargin}
              suffix="%"
              helpText="(price − unit cost) ÷ price, as Shopify shows margin. Only a clearance may go lower."
              error={errors.minMarginPercent}
              autoComplete="off"
            />
            <TextField
              label="Largest markdown or discount"
              name="maxDiscountPercent"
              type="number"
              value={maxDiscount}
              onChange={setMaxDiscount}
              suffix="% off"
              error={errors.maxDiscountPercent}
              autoComplete="off"
            />
            <TextField
              label="Markdown horizon"
              name="horizonDays"
              type="number"
              value={horizon}
              onChange={setHorizon}
              suffix="days"
              helpText="The time a markdown aims to clear stock in, and over which its profit is estimated."
              error={errors.horizonDays}
              autoComplete="off"
            />
            <Checkbox
              label="Allow clearance prices below the margin floor and below cost for dead stock"
              checked={clearance}
              onChange={setClearance}
            />
            <ChoiceList
              title="Who may approve suggestions"
              choices={[
                { label: "All staff", value: "all" },
                { label: "Only the staff listed", value: "listed" },
              ]}
              selected={[mode]}
              onChange={(selected) => setMode(selected[0] === "listed" ? "listed" : "all")}
              error={errors.approvers}
            />
            {mode === "listed" ? (
              <TextField
                label="Staff allowed to approve"
                name="approverList"
                value={list}
                onChange={setList}
                multiline={4}
                helpText={`Shopify staff ids or emails, one per line.${staffId ? ` Yours is ${staffId}.` : ""}`}
                autoComplete="off"
              />
            ) : null}
          </FormLayout>
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving} disabled={!mayChange}>
              Save suggestion settings
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Form>
  );
}
