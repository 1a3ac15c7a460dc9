import type { Db } from "../db-client.server";

/**
 * Records every variant's stock and unit cost for one day of the shop's calendar. Shopify keeps
 * no history of either, and analysis needs both (in-stock days; margin at the time of sale).
 * Running it again the same day replaces that day's snapshot, so it can run after every sync.
 */
export async function snapshotInventory(db: Db, shop: string, day: string): Promise<number> {
  const variants = await db.variant.findMany({
    where: { shop },
    select: { id: true, inventoryQuantity: true, unitCostMinor: true },
  });
  const [, created] = await db.$transaction([
    db.inventorySnapshot.deleteMany({ where: { shop, day } }),
    db.inventorySnapshot.createMany({
      data: variants.map((variant) => ({
        shop,
        variantId: variant.id,
        day,
        quantity: variant.inventoryQuantity,
        unitCostMinor: variant.unitCostMinor,
      })),
    }),
  ]);
  return created.count;
}
