-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "suggestionSettings" TEXT;

-- CreateTable
CREATE TABLE "Suggestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "productIds" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "stakeMinor" BIGINT NOT NULL,
    "proposal" TEXT NOT NULL,
    "beforeState" TEXT,
    "appliedState" TEXT,
    "error" TEXT,
    "rejectReason" TEXT,
    "baseline" TEXT,
    "outcome" TEXT,
    "outcomeDueOn" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "appliedAt" DATETIME
);

-- CreateTable
CREATE TABLE "SuggestionEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "suggestionId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT NOT NULL,
    "staffId" TEXT,
    "staffName" TEXT,
    "detail" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Suggestion_shop_status_stakeMinor_idx" ON "Suggestion"("shop", "status", "stakeMinor");

-- CreateIndex
CREATE INDEX "Suggestion_shop_kind_status_idx" ON "Suggestion"("shop", "kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Suggestion_shop_key_fingerprint_key" ON "Suggestion"("shop", "key", "fingerprint");

-- CreateIndex
CREATE INDEX "SuggestionEvent_shop_at_idx" ON "SuggestionEvent"("shop", "at");

-- CreateIndex
CREATE INDEX "SuggestionEvent_shop_suggestionId_at_idx" ON "SuggestionEvent"("shop", "suggestionId", "at");

