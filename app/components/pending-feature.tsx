import { Card, EmptyState } from "@shopify/polaris";

/** What a page shows until the work that fills it has shipped: no invented numbers. */
export function PendingFeature({ heading, children }: { heading: string; children: React.ReactNode }) {
  return (
    <Card>
      <EmptyState heading={heading} image="/empty-state.svg">
        {children}
      </EmptyState>
    </Card>
  );
}
