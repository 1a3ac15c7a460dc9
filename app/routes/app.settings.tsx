import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { db } from "../db.server";
import { REQUIRED_SCOPES } from "../env.server";
import { displayValue, parseSettingsForm, SETTING_FIELDS, type SettingField } from "../lib/analysis-settings";
import { analysisSettings, saveAnalysisSettings, settingsOverridesOf } from "../models/analysis.server";
import { authenticate } from "../shopify.server";
import { jsonResponse } from "../lib/json-response";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const granted = new Set((session.scope ?? "").split(",").filter(Boolean));
  const shop = await db.shop.findUnique({
    where: { domain: session.shop },
    select: { analysisSettings: true },
  });
  const settings = analysisSettings(shop?.analysisSettings);
  return {
    scopes: REQUIRED_SCOPES.map((scope) => ({ scope, granted: granted.has(scope) })),
    values: Object.fromEntries(SETTING_FIELDS.map((field) => [field.key, displayValue(field.key, settings)])),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const shop = await db.shop.findUnique({
    where: { domain: session.shop },
    select: { analysisSettings: true },
  });
  const parsed = parseSettingsForm(form, settingsOverridesOf(shop?.analysisSettings));
  if (!parsed.ok) return jsonResponse({ saved: false, errors: parsed.errors }, 422);
  await saveAnalysisSettings(db, session.shop, parsed.overrides);
  return { saved: true, errors: {} };
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
  const { scopes, values } = useLoaderData<typeof loader>();
  const result = useActionData<{ saved: boolean; errors: Record<string, string> }>();
  const saving = useNavigation().state === "submitting";
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
          <Form method="post">
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
      </Layout>
    </Page>
  );
}
