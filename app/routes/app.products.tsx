import { Layout, Page } from "@shopify/polaris";
import { PendingFeature } from "../components/pending-feature";

export default function ProductsPage() {
  return (
    <Page title="Products">
      <Layout>
        <Layout.Section>
          <PendingFeature heading="No product analysis yet">
            <p>
              Shelfwise will list the products that underperform here, each with its evidence and the money at
              stake, once it has synced your catalog and orders and analysed them. Nothing has been synced
              yet.
            </p>
          </PendingFeature>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
