-- CreateEnum
CREATE TYPE "DigestStatus" AS ENUM ('pending', 'sent', 'skipped', 'refused');

-- AlterTable
ALTER TABLE "athlete" ADD COLUMN "digest_enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "digest_local_time" TEXT NOT NULL DEFAULT '07:00',
ADD COLUMN "digest_empty_weeks" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "email_refused_at" TIMESTAMPTZ(3),
ADD COLUMN "email_refused_why" TEXT;

-- AlterTable
ALTER TABLE "provider_connection" ADD COLUMN "backfill_before" TIMESTAMPTZ(3),
ADD COLUMN "backfill_page" INTEGER,
ADD COLUMN "backfill_done_at" TIMESTAMPTZ(3),
ADD COLUMN "newest_seen_at" TIMESTAMPTZ(3),
ADD COLUMN "last_synced_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "oauth_state" (
    "id" TEXT NOT NULL,
    "provider" "Provider" NOT NULL,
    "athlete_id" UUID NOT NULL,
    "code_verifier_enc" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "oauth_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider" "Provider" NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "provider_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest" (
    "athlete_id" UUID NOT NULL,
    "week_start" DATE NOT NULL,
    "status" "DigestStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "message_id" TEXT,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_pkey" PRIMARY KEY ("athlete_id","week_start")
);

-- CreateIndex
CREATE INDEX "oauth_state_expires_at_idx" ON "oauth_state"("expires_at");

-- CreateIndex
CREATE INDEX "provider_event_processed_at_idx" ON "provider_event"("processed_at");

-- CreateIndex
CREATE UNIQUE INDEX "provider_event_provider_dedupe_key_key" ON "provider_event"("provider", "dedupe_key");

-- AddForeignKey
ALTER TABLE "oauth_state" ADD CONSTRAINT "oauth_state_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest" ADD CONSTRAINT "digest_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;
