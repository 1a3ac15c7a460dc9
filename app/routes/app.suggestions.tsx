import { Layout, Page } from "@shopify/polaris";
import { PendingFeature } from "../components/pending-feature";

export default function SuggestionsPage() {
  return (
    <Page title="Suggestions">
      <Layout>
        <Layout.Section>
          <PendingFeature heading="No suggestions yet">
            <p>
              Suggested markdowns, discounts, bundles and content fixes for your staff to approve will appear
              here once product analysis is available.
            </p>
          </PendingFeature>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
