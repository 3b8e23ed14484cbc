CREATE TABLE "discussion_item_settings" (
	"course" text NOT NULL,
	"assessment" text NOT NULL,
	"item" text NOT NULL,
	"staff_only_until_deadline" boolean NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "discussion_item_settings_course_assessment_item_pk" PRIMARY KEY("course","assessment","item")
);
--> statement-breakpoint
CREATE TABLE "discussion_moderation" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "discussion_moderation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"course" text NOT NULL,
	"at" bigint NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"thread_id" text NOT NULL,
	"post_id" text,
	"note" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discussion_posts" (
	"id" text PRIMARY KEY NOT NULL,
	"thread_id" text NOT NULL,
	"is_question" boolean NOT NULL,
	"author" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"body" text NOT NULL,
	"mentions" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"edited_at" bigint,
	"deleted_at" bigint,
	"hidden" boolean DEFAULT false NOT NULL,
	"hidden_reason" text DEFAULT '' NOT NULL,
	"endorsed" boolean DEFAULT false NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discussion_reads" (
	"thread_id" text NOT NULL,
	"user" text NOT NULL,
	"read_at" bigint NOT NULL,
	CONSTRAINT "discussion_reads_thread_id_user_pk" PRIMARY KEY("thread_id","user")
);
--> statement-breakpoint
CREATE TABLE "discussion_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"course" text NOT NULL,
	"thread_id" text NOT NULL,
	"post_id" text NOT NULL,
	"reporter" text NOT NULL,
	"reason" text NOT NULL,
	"at" bigint NOT NULL,
	"state" text NOT NULL,
	"resolved_by" text,
	"resolved_at" bigint
);
--> statement-breakpoint
CREATE TABLE "discussion_threads" (
	"id" text PRIMARY KEY NOT NULL,
	"course" text NOT NULL,
	"lesson" text NOT NULL,
	"assessment" text,
	"item" text,
	"title" text NOT NULL,
	"author" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"created_at" bigint NOT NULL,
	"last_activity_at" bigint NOT NULL,
	"resolved" boolean DEFAULT false NOT NULL,
	"locked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discussion_votes" (
	"post_id" text NOT NULL,
	"user" text NOT NULL,
	CONSTRAINT "discussion_votes_post_id_user_pk" PRIMARY KEY("post_id","user")
);
--> statement-breakpoint
ALTER TABLE "discussion_posts" ADD CONSTRAINT "discussion_posts_thread_id_discussion_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."discussion_threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_reads" ADD CONSTRAINT "discussion_reads_thread_id_discussion_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."discussion_threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_reports" ADD CONSTRAINT "discussion_reports_post_id_discussion_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."discussion_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discussion_votes" ADD CONSTRAINT "discussion_votes_post_id_discussion_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."discussion_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discussion_moderation_course" ON "discussion_moderation" USING btree ("course","at");--> statement-breakpoint
CREATE INDEX "discussion_posts_thread" ON "discussion_posts" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "discussion_posts_author" ON "discussion_posts" USING btree ("author","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "discussion_reports_once" ON "discussion_reports" USING btree ("post_id","reporter");--> statement-breakpoint
CREATE INDEX "discussion_reports_course" ON "discussion_reports" USING btree ("course","state","at");--> statement-breakpoint
CREATE INDEX "discussion_threads_lesson" ON "discussion_threads" USING btree ("course","lesson","last_activity_at");