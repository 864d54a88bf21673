-- CreateTable
CREATE TABLE "garmin_backfill_request" (
    "connection_id" UUID NOT NULL,
    "summary_type" TEXT NOT NULL,
    "start_s" BIGINT NOT NULL,
    "end_s" BIGINT NOT NULL,
    "requested_at" TEXT NOT NULL,
    "asked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "garmin_backfill_request_pkey" PRIMARY KEY ("connection_id","summary_type","start_s")
);

-- AddForeignKey
ALTER TABLE "garmin_backfill_request" ADD CONSTRAINT "garmin_backfill_request_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "provider_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
