-- Two more daily facts. Existing rows get them computed from OrderLine, as rebuildDailySales would;
-- the defaults only let the columns be added to a filled table.
-- AlterTable
ALTER TABLE "VariantDailySales" ADD COLUMN     "discountedUnits" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "maxLineUnits" INTEGER NOT NULL DEFAULT 0;

UPDATE "VariantDailySales" v SET "discountedUnits" = a."discountedUnits", "maxLineUnits" = a."maxLineUnits"
FROM (
    SELECT l."shop", l."variantId", l."day",
        SUM(CASE WHEN l."discountedUnitMinor" < l."originalUnitMinor" THEN l."quantity" ELSE 0 END) AS "discountedUnits",
        MAX(l."quantity") AS "maxLineUnits"
    FROM "OrderLine" l
    JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
    WHERE l."variantId" IS NOT NULL AND o."cancelledAt" IS NULL AND o."test" = FALSE
    GROUP BY l."shop", l."variantId", l."day"
) a
WHERE a."shop" = v."shop" AND a."variantId" = v."variantId" AND a."day" = v."day";

ALTER TABLE "VariantDailySales" ALTER COLUMN "discountedUnits" DROP DEFAULT,
ALTER COLUMN "maxLineUnits" DROP DEFAULT;
