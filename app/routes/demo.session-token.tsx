import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoSessionToken } from "../demo.server";

// Demo mode only (404 otherwise): what App Bridge's shopify.idToken() gives an embedded app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const token = await demoSessionToken(request);
  return Response.json({ token }, { headers: { "Cache-Control": "no-store" } });
};
