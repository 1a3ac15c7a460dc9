import { Layout, Page } from "@shopify/polaris";
import { PendingFeature } from "../components/pending-feature";

export default function ActivityPage() {
  return (
    <Page title="Activity">
      <Layout>
        <Layout.Section>
          <PendingFeature heading="No activity yet">
            <p>
              Every approval, change applied to your store and revert will be listed here, with who did it and
              when. Shelfwise has not changed anything in your store.
            </p>
          </PendingFeature>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
