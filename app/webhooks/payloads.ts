import { z } from "zod";

// The parts of each compliance and app webhook body that the handlers use; Shopify sends more.
const numericId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

export const scopesUpdatePayload = z.object({
  current: z.array(z.string()),
});

export const customersDataRequestPayload = z.object({
  customer: z.object({ id: numericId }),
  orders_requested: z.array(numericId).default([]),
});

export const customersRedactPayload = z.object({
  customer: z.object({ id: numericId }),
  orders_to_redact: z.array(numericId).default([]),
});

export function describeInvalidPayload(topic: string, error: z.ZodError): string {
  return `${topic}: payload rejected: ${error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`).join("; ")}`;
}
