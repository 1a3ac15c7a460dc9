-- CreateTable
CREATE TABLE "Product" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "productType" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "descriptionHtml" TEXT NOT NULL,
    "seoTitle" TEXT,
    "seoDescription" TEXT,
    "mediaCount" INTEGER NOT NULL,
    "totalInventory" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "Variant" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "priceMinor" INTEGER NOT NULL,
    "compareAtPriceMinor" INTEGER,
    "inventoryQuantity" INTEGER NOT NULL,
    "unitCostMinor" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "Order" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "cancelledAt" DATETIME,
    "test" BOOLEAN NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "customerId" TEXT,
    "discountCodes" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "variantId" TEXT,
    "productId" TEXT,
    "day" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "currentQuantity" INTEGER NOT NULL,
    "originalUnitMinor" INTEGER NOT NULL,
    "discountedUnitMinor" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "VariantDailySales" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "grossMinor" INTEGER NOT NULL,
    "discountMinor" INTEGER NOT NULL,
    "refundedUnits" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "variantId", "day")
);

-- CreateTable
CREATE TABLE "Customer" (
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "numberOfOrders" INTEGER NOT NULL,
    "amountSpentMinor" INTEGER NOT NULL,
    "tags" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "customerId")
);

-- CreateTable
CREATE TABLE "AbandonedCheckout" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "customerId" TEXT,
    "syncedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "id")
);

-- CreateTable
CREATE TABLE "AbandonedCheckoutLine" (
    "shop" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "lineIndex" INTEGER NOT NULL,
    "variantId" TEXT,
    "productId" TEXT,
    "quantity" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "checkoutId", "lineIndex")
);

-- CreateTable
CREATE TABLE "InventorySnapshot" (
    "shop" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitCostMinor" INTEGER,

    PRIMARY KEY ("shop", "variantId", "day")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "objectsDone" INTEGER NOT NULL DEFAULT 0,
    "objectsTotal" INTEGER,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Tombstone" (
    "shop" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "deletedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "resource", "resourceId")
);

-- CreateIndex
CREATE INDEX "Product_shop_productType_idx" ON "Product"("shop", "productType");

-- CreateIndex
CREATE INDEX "Product_shop_vendor_idx" ON "Product"("shop", "vendor");

-- CreateIndex
CREATE INDEX "Variant_shop_productId_idx" ON "Variant"("shop", "productId");

-- CreateIndex
CREATE INDEX "Order_shop_createdAt_idx" ON "Order"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Order_shop_updatedAt_idx" ON "Order"("shop", "updatedAt");

-- CreateIndex
CREATE INDEX "Order_shop_customerId_idx" ON "Order"("shop", "customerId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_orderId_idx" ON "OrderLine"("shop", "orderId");

-- CreateIndex
CREATE INDEX "OrderLine_shop_variantId_day_idx" ON "OrderLine"("shop", "variantId", "day");

-- CreateIndex
CREATE INDEX "VariantDailySales_shop_productId_day_idx" ON "VariantDailySales"("shop", "productId", "day");

-- CreateIndex
CREATE INDEX "VariantDailySales_shop_day_idx" ON "VariantDailySales"("shop", "day");

-- CreateIndex
CREATE INDEX "AbandonedCheckout_shop_createdAt_idx" ON "AbandonedCheckout"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "AbandonedCheckoutLine_shop_variantId_idx" ON "AbandonedCheckoutLine"("shop", "variantId");

-- CreateIndex
CREATE INDEX "SyncRun_shop_resource_startedAt_idx" ON "SyncRun"("shop", "resource", "startedAt");
