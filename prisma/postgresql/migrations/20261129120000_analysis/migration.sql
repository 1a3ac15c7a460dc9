-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "analysisSettings" TEXT;

-- CreateTable
CREATE TABLE "AnalysisRun" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "asOf" TEXT,
    "windowStart" TEXT,
    "windowEnd" TEXT,
    "currencyCode" TEXT,
    "exposureBasis" TEXT,
    "products" INTEGER NOT NULL DEFAULT 0,
    "flags" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AnalysisRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductHealth" (
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "productType" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "healthScore" INTEGER NOT NULL,
    "flagCount" INTEGER NOT NULL,
    "topSeverity" TEXT,
    "moneyAtStakeMinor" BIGINT NOT NULL,
    "stockValueMinor" BIGINT NOT NULL,
    "revenueAtRiskMinor" BIGINT NOT NULL,
    "units" INTEGER NOT NULL,
    "revenueMinor" BIGINT NOT NULL,
    "marginMinor" BIGINT,
    "abcClass" TEXT NOT NULL,
    "metrics" TEXT NOT NULL,

    CONSTRAINT "ProductHealth_pkey" PRIMARY KEY ("shop","productId")
);

-- CreateTable
CREATE TABLE "ProductFlag" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "windowStart" TEXT NOT NULL,
    "windowEnd" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "stockValueMinor" BIGINT NOT NULL,
    "revenueAtRiskMinor" BIGINT NOT NULL,

    CONSTRAINT "ProductFlag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AnalysisRun_shop_startedAt_idx" ON "AnalysisRun"("shop", "startedAt");

-- CreateIndex
CREATE INDEX "ProductHealth_shop_flagCount_moneyAtStakeMinor_idx" ON "ProductHealth"("shop", "flagCount", "moneyAtStakeMinor");

-- CreateIndex
CREATE INDEX "ProductHealth_shop_productType_idx" ON "ProductHealth"("shop", "productType");

-- CreateIndex
CREATE INDEX "ProductHealth_shop_vendor_idx" ON "ProductHealth"("shop", "vendor");

-- CreateIndex
CREATE INDEX "ProductFlag_shop_kind_productId_idx" ON "ProductFlag"("shop", "kind", "productId");

-- CreateIndex
CREATE INDEX "ProductFlag_shop_productId_idx" ON "ProductFlag"("shop", "productId");

