import type { Db } from "../db.server";
import type { AdminGraphql } from "../shopify/admin";
import { fetchShopDetails } from "../shopify/shop-details.server";

/**
 * After token exchange: create or refresh the shop's row with what analysis needs to present
 * numbers (currency, time zone, plan). A reinstall starts a new installation period.
 */
export async function recordInstall(
  db: Db,
  graphql: AdminGraphql,
  shop: string,
  scopes: string | undefined,
): Promise<void> {
  const details = await fetchShopDetails(graphql);
  const existing = await db.shop.findUnique({ where: { domain: shop } });
  const reinstalled = existing?.uninstalledAt != null;
  const now = new Date();
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, scopes, ...details, authorizedAt: now },
    update: {
      scopes,
      ...details,
      authorizedAt: now,
      ...(reinstalled ? { installedAt: now, uninstalledAt: null } : {}),
    },
  });
}

export function findShop(db: Db, shop: string) {
  return db.shop.findUnique({ where: { domain: shop } });
}

/**
 * The shop's row, recorded now if it is missing. On the first load after install, Remix runs the
 * layout's and the page's loaders at once: one of them performs the token exchange and runs
 * afterAuth, while the other already sees the new session and can get here first.
 */
export async function findOrRecordShop(
  db: Db,
  graphql: AdminGraphql,
  shop: string,
  scopes: string | undefined,
) {
  const existing = await findShop(db, shop);
  if (existing) return existing;
  await recordInstall(db, graphql, shop, scopes);
  return db.shop.findUniqueOrThrow({ where: { domain: shop } });
}

/**
 * app/uninstalled: the shop's tokens are dead, so its sessions go. Its data stays until
 * shop/redact (48 hours later) in case the merchant reinstalls. Repeating it changes nothing:
 * the first uninstall time is kept. A delivery triggered before the shop's last token exchange
 * (a retry that arrives after a quick reinstall) is ignored: the app is installed again.
 */
export async function markUninstalled(db: Db, shop: string, at: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.shop.findUnique({ where: { domain: shop }, select: { authorizedAt: true } });
    if (row?.authorizedAt && row.authorizedAt > at) return;
    await tx.session.deleteMany({ where: { shop } });
    await tx.shop.updateMany({ where: { domain: shop, uninstalledAt: null }, data: { uninstalledAt: at } });
  });
}

/** app/scopes_update: record the scopes the merchant granted now. */
export async function updateGrantedScopes(db: Db, shop: string, scopes: string[]): Promise<void> {
  const scope = scopes.join(",");
  await db.$transaction([
    db.session.updateMany({ where: { shop }, data: { scope } }),
    db.shop.updateMany({ where: { domain: shop }, data: { scopes: scope } }),
  ]);
}
