CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" bigint NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"user" text NOT NULL,
	"course" text NOT NULL,
	"track" text NOT NULL,
	"title" text NOT NULL,
	"credential" jsonb NOT NULL,
	"jwt" text NOT NULL,
	"issued_at" bigint NOT NULL,
	"revoked_at" bigint,
	"revoked_by" text,
	"revoked_reason" text,
	"status_index" integer
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"user" text NOT NULL,
	"course" text NOT NULL,
	"enrolled_at" bigint NOT NULL,
	CONSTRAINT "enrollments_user_course_pk" PRIMARY KEY("user","course")
);
--> statement-breakpoint
CREATE TABLE "item_grades" (
	"submission_id" text NOT NULL,
	"item_id" text NOT NULL,
	"score" double precision NOT NULL,
	"points" double precision NOT NULL,
	"max_points" double precision NOT NULL,
	"feedback" text NOT NULL,
	"measurements" jsonb,
	CONSTRAINT "item_grades_submission_id_item_id_pk" PRIMARY KEY("submission_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "lesson_progress" (
	"user" text NOT NULL,
	"course" text NOT NULL,
	"lesson" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "lesson_progress_user_course_lesson_pk" PRIMARY KEY("user","course","lesson")
);
--> statement-breakpoint
CREATE TABLE "overrides" (
	"user" text NOT NULL,
	"course" text NOT NULL,
	"assessment" text NOT NULL,
	"extra_attempts" integer DEFAULT 0 NOT NULL,
	"deadline" bigint,
	"excused_items" jsonb,
	"granted_by" text NOT NULL,
	"granted_at" bigint NOT NULL,
	CONSTRAINT "overrides_user_course_assessment_pk" PRIMARY KEY("user","course","assessment")
);
--> statement-breakpoint
CREATE TABLE "progress_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "progress_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user" text NOT NULL,
	"course" text NOT NULL,
	"lesson" text NOT NULL,
	"kind" text NOT NULL,
	"at" bigint NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "project_reviews" (
	"submission_id" text PRIMARY KEY NOT NULL,
	"user" text NOT NULL,
	"course" text NOT NULL,
	"assessment" text NOT NULL,
	"item_id" text NOT NULL,
	"status" text NOT NULL,
	"created_at" bigint NOT NULL,
	"claimed_by" text,
	"claim_expires_at" bigint,
	"grade" jsonb,
	"graded_by" text,
	"graded_at" bigint
);
--> statement-breakpoint
CREATE TABLE "project_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"user" text NOT NULL,
	"created_at" bigint NOT NULL,
	"bytes" bigint NOT NULL,
	"file" text NOT NULL,
	"manifest" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user" text NOT NULL,
	"roles" jsonb NOT NULL,
	"hub_token" text NOT NULL,
	"checked_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"user" text NOT NULL,
	"course" text NOT NULL,
	"assessment" text NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"idempotency_key" text,
	"answers" jsonb NOT NULL,
	"submitted_at" bigint NOT NULL,
	"graded_at" bigint,
	"late" boolean NOT NULL,
	"late_factor" double precision DEFAULT 1 NOT NULL,
	"score" double precision,
	"passed" boolean,
	"error" text,
	"claimed_by" text,
	"claim_until" bigint
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"user" text NOT NULL,
	"created_at" bigint NOT NULL,
	"bytes" bigint NOT NULL,
	"file" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"referenced_at" bigint
);
--> statement-breakpoint
CREATE TABLE "users" (
	"name" text PRIMARY KEY NOT NULL,
	"roles" jsonb NOT NULL,
	"first_seen" bigint NOT NULL,
	"last_seen" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_grades" ADD CONSTRAINT "item_grades_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_events" ADD CONSTRAINT "progress_events_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_reviews" ADD CONSTRAINT "project_reviews_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_uploads" ADD CONSTRAINT "project_uploads_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_user_users_name_fk" FOREIGN KEY ("user") REFERENCES "public"."users"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_once" ON "certificates" USING btree ("user","course","track");--> statement-breakpoint
CREATE INDEX "certificates_user" ON "certificates" USING btree ("user");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_status_index" ON "certificates" USING btree ("status_index");--> statement-breakpoint
CREATE INDEX "progress_events_user" ON "progress_events" USING btree ("user","course");--> statement-breakpoint
CREATE INDEX "project_reviews_queue" ON "project_reviews" USING btree ("course","assessment","created_at");--> statement-breakpoint
CREATE INDEX "project_reviews_learner" ON "project_reviews" USING btree ("user","course","assessment");--> statement-breakpoint
CREATE INDEX "sessions_expires" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_attempt" ON "submissions" USING btree ("user","course","assessment","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_idempotency" ON "submissions" USING btree ("user","idempotency_key");--> statement-breakpoint
CREATE INDEX "submissions_pending" ON "submissions" USING btree ("status") WHERE "submissions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "submissions_assessment" ON "submissions" USING btree ("course","assessment");--> statement-breakpoint
CREATE INDEX "uploads_unreferenced" ON "uploads" USING btree ("user","created_at") WHERE "uploads"."referenced_at" is null;