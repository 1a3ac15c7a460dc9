/**
 * A JSON answer with a status. The app server's fetch globals (Remix's) have no static
 * `Response.json`, and Remix's `json()` would tie routes to Remix.
 */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}
