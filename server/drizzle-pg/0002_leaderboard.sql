CREATE TABLE "course_settings" (
	"course" text PRIMARY KEY NOT NULL,
	"leaderboard_disabled" boolean NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leaderboard_entries" (
	"user" text NOT NULL,
	"course" text NOT NULL,
	"pseudonym" text NOT NULL,
	"pseudonym_key" text NOT NULL,
	"joined_at" bigint NOT NULL,
	CONSTRAINT "leaderboard_entries_user_course_pk" PRIMARY KEY("user","course")
);
--> statement-breakpoint
ALTER TABLE "leaderboard_entries" ADD CONSTRAINT "leaderboard_entries_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "leaderboard_pseudonym" ON "leaderboard_entries" USING btree ("course","pseudonym_key");