-- Two more daily facts. Existing rows get them computed from OrderLine, as rebuildDailySales would.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_VariantDailySales" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "grossMinor" INTEGER NOT NULL,
    "discountMinor" INTEGER NOT NULL,
    "refundedUnits" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "discountedUnits" INTEGER NOT NULL,
    "maxLineUnits" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "variantId", "day")
);
INSERT INTO "new_VariantDailySales" ("day", "discountMinor", "grossMinor", "orders", "productId", "refundedUnits", "shop", "units", "variantId", "discountedUnits", "maxLineUnits")
SELECT v."day", v."discountMinor", v."grossMinor", v."orders", v."productId", v."refundedUnits", v."shop", v."units", v."variantId",
    COALESCE(a."discountedUnits", 0), COALESCE(a."maxLineUnits", 0)
FROM "VariantDailySales" v
LEFT JOIN (
    SELECT l."shop", l."variantId", l."day",
        SUM(CASE WHEN l."discountedUnitMinor" < l."originalUnitMinor" THEN l."quantity" ELSE 0 END) AS "discountedUnits",
        MAX(l."quantity") AS "maxLineUnits"
    FROM "OrderLine" l
    JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
    WHERE l."variantId" IS NOT NULL AND o."cancelledAt" IS NULL AND o."test" = FALSE
    GROUP BY l."shop", l."variantId", l."day"
) a ON a."shop" = v."shop" AND a."variantId" = v."variantId" AND a."day" = v."day";
DROP TABLE "VariantDailySales";
ALTER TABLE "new_VariantDailySales" RENAME TO "VariantDailySales";
CREATE INDEX "VariantDailySales_shop_productId_day_idx" ON "VariantDailySales"("shop", "productId", "day");
CREATE INDEX "VariantDailySales_shop_day_idx" ON "VariantDailySales"("shop", "day");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
