-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "authorizedAt" TIMESTAMP(3);

