import type { LoginError } from "@shopify/shopify-app-remix/server";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";

export function loginErrorMessage(errors: LoginError | undefined | null): string | null {
  if (errors?.shop === LoginErrorType.MissingShop) return "Enter your shop domain to log in.";
  if (errors?.shop === LoginErrorType.InvalidShop)
    return "Enter a valid shop domain, like example.myshopify.com.";
  return null;
}
