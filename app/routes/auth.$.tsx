import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerBouncePage } from "../demo.server";
import { authenticate } from "../shopify.server";

// The library's auth endpoints (session-token bounce, exit-iframe); it answers them itself.
// In demo mode the bounce page, which App Bridge would answer in the admin, is answered here.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const demoAnswer = await answerBouncePage(request);
  if (demoAnswer) return demoAnswer;
  await authenticate.admin(request);
  return null;
};
