import { createHmac, randomUUID } from "node:crypto";
import type { WebhookEvent } from "./context";
import { API_VERSION } from "./schema";

export interface WebhookSenderOptions {
  /** the app's base URL; deliveries go to `${target}/webhooks/<topic>` */
  target: string | undefined;
  secret: string;
  shop: string;
  fetch: typeof fetch;
  clock: () => number;
  log(message: string, detail?: unknown): void;
}

/**
 * Delivers webhooks the way Shopify does: a POST of the JSON payload, signed with the app secret
 * (X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body), with Shopify's headers.
 * Delivery runs in the background; a failed delivery is logged, never thrown into the request
 * that caused it.
 */
export class WebhookSender {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: WebhookSenderOptions) {}

  emit(event: WebhookEvent): void {
    const { target } = this.options;
    if (!target) return;
    const body = JSON.stringify(event.payload);
    const url = `${target.replace(/\/+$/, "")}/webhooks/${event.topic}`;
    const delivery = this.options
      .fetch(url, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Shopify-Captain-Hook",
          "X-Shopify-Topic": event.topic,
          "X-Shopify-Hmac-Sha256": createHmac("sha256", this.options.secret)
            .update(body, "utf8")
            .digest("base64"),
          "X-Shopify-Shop-Domain": this.options.shop,
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-Event-Id": randomUUID(),
          "X-Shopify-Api-Version": API_VERSION,
          "X-Shopify-Triggered-At": new Date(this.options.clock()).toISOString(),
        },
      })
      .then((response) => {
        if (!response.ok)
          this.options.log(`local Shopify: webhook ${event.topic} got HTTP ${response.status}`);
      })
      .catch((error: unknown) => this.options.log(`local Shopify: webhook ${event.topic} failed`, error))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Waits for deliveries in flight. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
