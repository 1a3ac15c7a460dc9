-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Variant" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "priceMinor" BIGINT NOT NULL,
    "compareAtPriceMinor" BIGINT,
    "inventoryQuantity" INTEGER NOT NULL,
    "unitCostMinor" BIGINT,
    "createdAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_Variant" ("compareAtPriceMinor", "createdAt", "id", "inventoryQuantity", "priceMinor", "productId", "shop", "sku", "syncedAt", "title", "unitCostMinor") SELECT "compareAtPriceMinor", "createdAt", "id", "inventoryQuantity", "priceMinor", "productId", "shop", "sku", "syncedAt", "title", "unitCostMinor" FROM "Variant";
DROP TABLE "Variant";
ALTER TABLE "new_Variant" RENAME TO "Variant";
CREATE INDEX "Variant_shop_productId_idx" ON "Variant"("shop", "productId");
CREATE TABLE "new_OrderLine" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "variantId" TEXT,
    "productId" TEXT,
    "day" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "currentQuantity" INTEGER NOT NULL,
    "originalUnitMinor" BIGINT NOT NULL,
    "discountedUnitMinor" BIGINT NOT NULL,

    PRIMARY KEY ("shop", "id")
);
INSERT INTO "new_OrderLine" ("currentQuantity", "day", "discountedUnitMinor", "id", "orderId", "originalUnitMinor", "productId", "quantity", "shop", "variantId") SELECT "currentQuantity", "day", "discountedUnitMinor", "id", "orderId", "originalUnitMinor", "productId", "quantity", "shop", "variantId" FROM "OrderLine";
DROP TABLE "OrderLine";
ALTER TABLE "new_OrderLine" RENAME TO "OrderLine";
CREATE INDEX "OrderLine_shop_orderId_idx" ON "OrderLine"("shop", "orderId");
CREATE INDEX "OrderLine_shop_variantId_day_idx" ON "OrderLine"("shop", "variantId", "day");
CREATE TABLE "new_VariantDailySales" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "grossMinor" BIGINT NOT NULL,
    "discountMinor" BIGINT NOT NULL,
    "refundedUnits" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,
    "discountedUnits" INTEGER NOT NULL,
    "maxLineUnits" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "variantId", "day")
);
INSERT INTO "new_VariantDailySales" ("day", "discountMinor", "discountedUnits", "grossMinor", "maxLineUnits", "orders", "productId", "refundedUnits", "shop", "units", "variantId") SELECT "day", "discountMinor", "discountedUnits", "grossMinor", "maxLineUnits", "orders", "productId", "refundedUnits", "shop", "units", "variantId" FROM "VariantDailySales";
DROP TABLE "VariantDailySales";
ALTER TABLE "new_VariantDailySales" RENAME TO "VariantDailySales";
CREATE INDEX "VariantDailySales_shop_productId_day_idx" ON "VariantDailySales"("shop", "productId", "day");
CREATE INDEX "VariantDailySales_shop_day_idx" ON "VariantDailySales"("shop", "day");
CREATE TABLE "new_Customer" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "numberOfOrders" INTEGER NOT NULL,
    "amountSpentMinor" BIGINT NOT NULL,
    "tags" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);
INSERT INTO "new_Customer" ("amountSpentMinor", "createdAt", "customerId", "numberOfOrders", "shop", "syncedAt", "tags", "updatedAt") SELECT "amountSpentMinor", "createdAt", "customerId", "numberOfOrders", "shop", "syncedAt", "tags", "updatedAt" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE TABLE "new_InventorySnapshot" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitCostMinor" BIGINT,

    PRIMARY KEY ("shop", "variantId", "day")
);
INSERT INTO "new_InventorySnapshot" ("day", "quantity", "shop", "unitCostMinor", "variantId") SELECT "day", "quantity", "shop", "unitCostMinor", "variantId" FROM "InventorySnapshot";
DROP TABLE "InventorySnapshot";
ALTER TABLE "new_InventorySnapshot" RENAME TO "InventorySnapshot";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

