import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { PendingFeature } from "../components/pending-feature";
import { REQUIRED_SCOPES } from "../env.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const granted = new Set((session.scope ?? "").split(",").filter(Boolean));
  return { scopes: REQUIRED_SCOPES.map((scope) => ({ scope, granted: granted.has(scope) })) };
};

export default function SettingsPage() {
  const { scopes } = useLoaderData<typeof loader>();
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
          title="Analysis and approvals"
          description="Thresholds for flags, price floors and who may approve changes."
        >
          <PendingFeature heading="Nothing to configure yet">
            <p>These settings arrive with product analysis and suggestions.</p>
          </PendingFeature>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
