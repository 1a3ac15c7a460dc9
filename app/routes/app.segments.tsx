import { Layout, Page } from "@shopify/polaris";
import { PendingFeature } from "../components/pending-feature";

export default function SegmentsPage() {
  return (
    <Page title="Customer segments">
      <Layout>
        <Layout.Section>
          <PendingFeature heading="No segments yet">
            <p>
              Retargeting segments built from your customers' purchases will appear here once orders and
              customers have been synced.
            </p>
          </PendingFeature>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
