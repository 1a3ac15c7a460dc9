-- AlterTable
ALTER TABLE "Variant" ALTER COLUMN "priceMinor" SET DATA TYPE BIGINT,
ALTER COLUMN "compareAtPriceMinor" SET DATA TYPE BIGINT,
ALTER COLUMN "unitCostMinor" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "OrderLine" ALTER COLUMN "originalUnitMinor" SET DATA TYPE BIGINT,
ALTER COLUMN "discountedUnitMinor" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "VariantDailySales" ALTER COLUMN "grossMinor" SET DATA TYPE BIGINT,
ALTER COLUMN "discountMinor" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "amountSpentMinor" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "InventorySnapshot" ALTER COLUMN "unitCostMinor" SET DATA TYPE BIGINT;

