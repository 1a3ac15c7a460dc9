import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { demoEnabled, demoEntryUrl } from "../demo.server";

// Shopify admin opens the app URL with ?shop=...&host=...; in demo mode the front door opens the
// sample store's app the same way; everything else goes to the login form.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  if (demoEnabled()) throw redirect(demoEntryUrl());
  throw redirect("/auth/login");
};
