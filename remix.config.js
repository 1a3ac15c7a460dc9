/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  appDirectory: "app",
  serverModuleFormat: "esm",
  // Polaris' locale JSON and polaris-viz (with the ESM-only d3 modules it requires) must be
  // bundled into the server build; left external they fail to load under Node.
  serverDependenciesToBundle: [/^@shopify\/polaris\/locales/, /^@shopify\/polaris-viz/, /^d3-/, /^internmap/],
  dev: { port: Number(process.env.HMR_SERVER_PORT) || 8002 },
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    // Off as in Shopify's template: App Bridge redirects rely on the classic loader responses.
    v3_singleFetch: false,
  },
};
