import { Card, EmptyState, Page } from "@shopify/polaris";
import type { ReactNode } from "react";

/**
 * A route's own answer to a 404, drawn inside the app's frame. Routes answer their 404s
 * themselves: Shopify's boundary.error recognises a thrown Response by its class name, which the
 * minified browser build renames, so a 404 left to it renders on the server and fails on hydration.
 */
export function NotFoundPage({
  title,
  back,
  children,
}: {
  title: string;
  back: { content: string; url: string };
  children: ReactNode;
}) {
  return (
    <Page title={title} backAction={back}>
      <Card>
        <EmptyState heading={title} image="/empty-state.svg">
          {children}
        </EmptyState>
      </Card>
    </Page>
  );
}
