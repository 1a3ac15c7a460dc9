// The app's production build served for the demo (scripts/demo.ts starts it in its own process).
// Not remix-serve: with NODE_ENV=development it expects a Remix dev server to report to, and
// demo mode is refused with NODE_ENV=production. Listens on HOST (127.0.0.1) and PORT only.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const build = await import(pathToFileURL(path.join(root, "build/index.js")).href);

const app = express();
app.disable("x-powered-by");
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
app.listen(port, host, () => console.log(`app listening on http://${host}:${port}`));
