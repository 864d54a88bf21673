-- CreateEnum
CREATE TYPE "CoachAccessStatus" AS ENUM ('invited', 'active', 'revoked');

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT,
    "athlete_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_link" (
    "token_hash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_link_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "web_session" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "web_session_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "coach_access" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "athlete_id" UUID NOT NULL,
    "coach_email" TEXT NOT NULL,
    "coach_user_id" UUID,
    "status" "CoachAccessStatus" NOT NULL DEFAULT 'invited',
    "invite_token_hash" TEXT,
    "invited_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "coach_access_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_athlete_id_key" ON "app_user"("athlete_id");

-- CreateIndex
CREATE INDEX "sign_in_link_email_created_at_idx" ON "sign_in_link"("email", "created_at");

-- CreateIndex
CREATE INDEX "web_session_user_id_idx" ON "web_session"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "coach_access_invite_token_hash_key" ON "coach_access"("invite_token_hash");

-- CreateIndex
CREATE INDEX "coach_access_coach_user_id_status_idx" ON "coach_access"("coach_user_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "coach_access_athlete_id_coach_email_key" ON "coach_access"("athlete_id", "coach_email");

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "web_session" ADD CONSTRAINT "web_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coach_access" ADD CONSTRAINT "coach_access_athlete_id_fkey" FOREIGN KEY ("athlete_id") REFERENCES "athlete"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coach_access" ADD CONSTRAINT "coach_access_coach_user_id_fkey" FOREIGN KEY ("coach_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
