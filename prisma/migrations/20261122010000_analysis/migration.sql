-- CreateTable
CREATE TABLE "activity_analysis" (
    "activity_id" UUID NOT NULL,
    "athlete_id" UUID NOT NULL,
    "rule_set_version" TEXT NOT NULL,
    "inputs_key" TEXT NOT NULL,
    "local_date" DATE NOT NULL,
    "intensity_class" TEXT NOT NULL,
    "long" BOOLEAN NOT NULL,
    "purpose" TEXT,
    "zone1_s" DOUBLE PRECISION NOT NULL,
    "zone2_s" DOUBLE PRECISION NOT NULL,
    "zone3_s" DOUBLE PRECISION NOT NULL,
    "trimp" DOUBLE PRECISION,
    "confidence" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "activity_analysis_pkey" PRIMARY KEY ("activity_id")
);

-- CreateTable
CREATE TABLE "athlete_week" (
    "athlete_id" UUID NOT NULL,
    "week_start" DATE NOT NULL,
    "rule_set_version" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "confidence" TEXT NOT NULL,
    "flags" TEXT[],
    "facts" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "athlete_week_pkey" PRIMARY KEY ("athlete_id","week_start")
);

-- CreateTable
CREATE TABLE "athlete_day" (
    "athlete_id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "load" DOUBLE PRECISION NOT NULL,
    "ctl" DOUBLE PRECISION NOT NULL,
    "atl" DOUBLE PRECISION NOT NULL,
    "tsb" DOUBLE PRECISION NOT NULL,
    "ramp_rate" DOUBLE PRECISION,
    "acwr" DOUBLE PRECISION,
    "monotony" DOUBLE PRECISION,
    "strain" DOUBLE PRECISION,
    "summary" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,

    CONSTRAINT "athlete_day_pkey" PRIMARY KEY ("athlete_id","date")
);

-- CreateTable
CREATE TABLE "athlete_analysis_state" (
    "athlete_id" UUID NOT NULL,
    "change_count" INTEGER NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "analysed_count" INTEGER NOT NULL DEFAULT 0,
    "analysed_at" TIMESTAMPTZ(3),
    "rule_set_version" TEXT,
    "alerts" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "athlete_analysis_state_pkey" PRIMARY KEY ("athlete_id")
);

-- CreateIndex
CREATE INDEX "activity_analysis_athlete_id_local_date_idx" ON "activity_analysis"("athlete_id", "local_date");

-- AddForeignKey
ALTER TABLE "activity_analysis" ADD CONSTRAINT "activity_analysis_activity_id_fkey" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "activity_analysis" ADD CONSTRAINT "activity_analysis_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "athlete_week" ADD CONSTRAINT "athlete_week_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "athlete_day" ADD CONSTRAINT "athlete_day_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "athlete_analysis_state" ADD CONSTRAINT "athlete_analysis_state_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;
