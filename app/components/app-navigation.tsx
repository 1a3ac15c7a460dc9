import { useEffect, useState } from "react";
import { Link, useLocation } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Box, InlineStack, Text } from "@shopify/polaris";

export const NAVIGATION = [
  { to: "/app", label: "Dashboard" },
  { to: "/app/products", label: "Products" },
  { to: "/app/suggestions", label: "Suggestions" },
  { to: "/app/segments", label: "Segments" },
  { to: "/app/activity", label: "Activity" },
  { to: "/app/sync", label: "Sync" },
  { to: "/app/settings", label: "Settings" },
] as const;

declare global {
  interface Window {
    shopify?: unknown;
  }
}

/**
 * Inside Shopify admin, App Bridge draws the navigation from <NavMenu>. Outside it (the local
 * demo, or when the App Bridge script cannot load) nothing would be drawn, so the same links are
 * rendered in the page instead.
 */
export function AppNavigation() {
  const location = useLocation();
  const [drawnByAdmin, setDrawnByAdmin] = useState(true);
  useEffect(() => {
    setDrawnByAdmin(window.shopify !== undefined && window.top !== window.self);
  }, []);

  return (
    <>
      <NavMenu>
        {NAVIGATION.map((item, index) => (
          <Link key={item.to} to={item.to} rel={index === 0 ? "home" : undefined}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      {drawnByAdmin ? null : (
        <Box
          paddingInline="400"
          paddingBlock="300"
          background="bg-surface"
          borderBlockEndWidth="025"
          borderColor="border"
        >
          <nav aria-label="Shelfwise">
            <InlineStack gap="400" blockAlign="center">
              <Text as="span" variant="headingMd">
                Shelfwise
              </Text>
              {NAVIGATION.map((item) => {
                const current =
                  item.to === "/app" ? location.pathname === "/app" : location.pathname.startsWith(item.to);
                return (
                  <Link
                    key={item.to}
                    to={{ pathname: item.to, search: location.search }}
                    aria-current={current ? "page" : undefined}
                    style={{ fontWeight: current ? 650 : 450, color: "inherit" }}
                  >
                    {item.label}
                  </Link>
                );
              })}
            </InlineStack>
          </nav>
        </Box>
      )}
    </>
  );
}
