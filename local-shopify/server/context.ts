import type { StoreState } from "../store/state";

/** A webhook the local Shopify delivers (signed with the app secret) when a target is configured. */
export interface WebhookEvent {
  /** e.g. "products/update", "orders/create", "bulk_operations/finish" */
  topic: string;
  /** the REST-style JSON body Shopify sends for that topic */
  payload: Record<string, unknown>;
}

/** What resolvers receive: the store, the clock, and a way to emit webhooks. */
export interface ServerContext {
  state: StoreState;
  /** the simulated or real current time */
  now(): Date;
  emitWebhook(event: WebhookEvent): void;
}
