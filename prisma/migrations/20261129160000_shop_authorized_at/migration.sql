-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "authorizedAt" DATETIME;

