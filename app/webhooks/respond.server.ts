import type { z } from "zod";
import { describeInvalidPayload } from "./payloads";

/** Parses a verified webhook body; a body that lacks what the handler needs is answered 422. */
export function parsePayload<Schema extends z.ZodType>(
  topic: string,
  schema: Schema,
  payload: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const message = describeInvalidPayload(topic, result.error);
    console.error(message);
    throw new Response(message, { status: 422 });
  }
  return result.data;
}
