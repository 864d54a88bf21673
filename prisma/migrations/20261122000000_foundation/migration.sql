-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('female', 'male');

-- CreateEnum
CREATE TYPE "ThresholdKind" AS ENUM ('max_hr', 'resting_hr', 'lthr', 'threshold_pace');

-- CreateEnum
CREATE TYPE "ThresholdSource" AS ENUM ('set', 'provider', 'estimated', 'default');

-- CreateEnum
CREATE TYPE "Provider" AS ENUM ('fit_file', 'strava', 'garmin');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('active', 'needs_reauth', 'revoked');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('imported', 'duplicate', 'skipped', 'failed');

-- CreateEnum
CREATE TYPE "StreamType" AS ENUM ('time', 'heart_rate', 'distance', 'speed', 'altitude', 'cadence');

-- CreateTable
CREATE TABLE "athlete" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "week_start_day" SMALLINT NOT NULL DEFAULT 1,
    "sex" "Sex",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "athlete_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "athlete_threshold" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "athlete_id" UUID NOT NULL,
    "kind" "ThresholdKind" NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "valid_from" DATE NOT NULL,
    "source" "ThresholdSource" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "athlete_threshold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_connection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "athlete_id" UUID NOT NULL,
    "provider" "Provider" NOT NULL,
    "external_athlete_id" TEXT NOT NULL,
    "access_token_enc" TEXT,
    "refresh_token_enc" TEXT,
    "access_expires_at" TIMESTAMPTZ(3),
    "granted_scopes" TEXT[],
    "status" "ConnectionStatus" NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "athlete_id" UUID NOT NULL,
    "parent_id" UUID,
    "sport" TEXT NOT NULL,
    "sub_sport" TEXT,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "utc_offset_s" INTEGER,
    "time_zone" TEXT,
    "elapsed_time_s" DOUBLE PRECISION NOT NULL,
    "moving_time_s" DOUBLE PRECISION,
    "distance_m" DOUBLE PRECISION,
    "avg_heart_rate" DOUBLE PRECISION,
    "max_heart_rate" DOUBLE PRECISION,
    "heart_rate_samples" INTEGER NOT NULL DEFAULT 0,
    "device" TEXT,
    "manual" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT,
    "streams_source_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_source" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "activity_id" UUID NOT NULL,
    "provider" "Provider" NOT NULL,
    "external_id" TEXT NOT NULL,
    "raw_payload" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "activity_stream" (
    "activity_id" UUID NOT NULL,
    "type" "StreamType" NOT NULL,
    "sample_count" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "activity_stream_pkey" PRIMARY KEY ("activity_id","type")
);

-- CreateTable
CREATE TABLE "import_log" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "athlete_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "status" "ImportStatus" NOT NULL,
    "reason" TEXT,
    "warnings" TEXT[],
    "activity_ids" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "athlete_email_key" ON "athlete"("email");

-- CreateIndex
CREATE UNIQUE INDEX "athlete_threshold_athlete_id_kind_valid_from_source_key" ON "athlete_threshold"("athlete_id", "kind", "valid_from", "source");

-- CreateIndex
CREATE UNIQUE INDEX "provider_connection_provider_external_athlete_id_key" ON "provider_connection"("provider", "external_athlete_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_connection_athlete_id_provider_key" ON "provider_connection"("athlete_id", "provider");

-- CreateIndex
CREATE INDEX "activity_athlete_id_start_time_idx" ON "activity"("athlete_id", "start_time");

-- CreateIndex
CREATE INDEX "activity_source_activity_id_idx" ON "activity_source"("activity_id");

-- CreateIndex
CREATE UNIQUE INDEX "activity_source_provider_external_id_key" ON "activity_source"("provider", "external_id");

-- CreateIndex
CREATE INDEX "import_log_athlete_id_content_hash_idx" ON "import_log"("athlete_id", "content_hash");

-- AddForeignKey
ALTER TABLE "athlete_threshold" ADD CONSTRAINT "athlete_threshold_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_connection" ADD CONSTRAINT "provider_connection_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity" ADD CONSTRAINT "activity_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_source" ADD CONSTRAINT "activity_source_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_stream" ADD CONSTRAINT "activity_stream_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_log" ADD CONSTRAINT "import_log_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;
