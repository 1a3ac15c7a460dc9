import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppNavigation } from "../components/app-navigation";
import { env } from "../env.server";
import { useDemoMode } from "../root";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return { apiKey: env().SHOPIFY_API_KEY };
};

export default function AppLayout() {
  const { apiKey } = useLoaderData<typeof loader>();
  // In demo mode there is no admin to embed in: no App Bridge script (a stand-in is loaded instead).
  const demo = useDemoMode();
  return (
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey}>
      <AppNavigation />
      <Outlet />
    </AppProvider>
  );
}

// Shopify's boundary keeps the headers App Bridge needs on errors and auth redirects.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
