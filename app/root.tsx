import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { demoEnabled } from "./demo.server";

export const loader = () => ({ demo: demoEnabled() });

export function useDemoMode(): boolean {
  return useRouteLoaderData<typeof loader>("root")?.demo ?? false;
}

export default function App() {
  const demo = useDemoMode();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        {/* App Bridge reads <ui-nav-menu> into the admin's sidebar; elsewhere its links would show raw. */}
        <style>{"ui-nav-menu { display: none; }"}</style>
        {demo ? <script src="/demo/app-bridge.js" /> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
