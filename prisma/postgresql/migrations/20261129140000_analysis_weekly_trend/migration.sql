-- AlterTable
ALTER TABLE "AnalysisRun" ADD COLUMN     "weeklyTrend" TEXT;

