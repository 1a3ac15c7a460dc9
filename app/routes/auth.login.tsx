import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { useState } from "react";
import { login } from "../shopify.server";
import { loginErrorMessage } from "../lib/login-errors.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

// Shown when the app is opened outside Shopify admin: the merchant names their shop and is sent
// through Shopify's install or login flow.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const errors = await login(request);
  return { shopError: loginErrorMessage(errors) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const errors = await login(request);
  return { shopError: loginErrorMessage(errors) };
};

export default function LoginPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const shopError = actionData?.shopError ?? loaderData.shopError;

  return (
    <AppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                Log in to Shelfwise
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={shopError ?? undefined}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
