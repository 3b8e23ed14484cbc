CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text NOT NULL,
	`data` text
);
--> statement-breakpoint
CREATE TABLE `enrollments` (
	`user` text NOT NULL,
	`course` text NOT NULL,
	`enrolled_at` integer NOT NULL,
	PRIMARY KEY(`user`, `course`),
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `item_grades` (
	`submission_id` text NOT NULL,
	`item_id` text NOT NULL,
	`score` real NOT NULL,
	`points` real NOT NULL,
	`max_points` real NOT NULL,
	`feedback` text NOT NULL,
	`measurements` text,
	PRIMARY KEY(`submission_id`, `item_id`),
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `lesson_progress` (
	`user` text NOT NULL,
	`course` text NOT NULL,
	`lesson` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user`, `course`, `lesson`),
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `overrides` (
	`user` text NOT NULL,
	`course` text NOT NULL,
	`assessment` text NOT NULL,
	`extra_attempts` integer DEFAULT 0 NOT NULL,
	`deadline` integer,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`user`, `course`, `assessment`)
);
--> statement-breakpoint
CREATE TABLE `progress_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`user` text NOT NULL,
	`course` text NOT NULL,
	`lesson` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`data` text,
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `progress_events_user` ON `progress_events` (`user`,`course`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user` text NOT NULL,
	`roles` text NOT NULL,
	`hub_token` text NOT NULL,
	`checked_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`user` text NOT NULL,
	`course` text NOT NULL,
	`assessment` text NOT NULL,
	`attempt` integer NOT NULL,
	`status` text NOT NULL,
	`idempotency_key` text,
	`answers` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`graded_at` integer,
	`late` integer NOT NULL,
	`late_factor` real DEFAULT 1 NOT NULL,
	`score` real,
	`passed` integer,
	`error` text,
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_attempt` ON `submissions` (`user`,`course`,`assessment`,`attempt`);--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_idempotency` ON `submissions` (`user`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `submissions_pending` ON `submissions` (`status`) WHERE "submissions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `submissions_assessment` ON `submissions` (`course`,`assessment`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`user` text NOT NULL,
	`created_at` integer NOT NULL,
	`bytes` integer NOT NULL,
	`file` text NOT NULL,
	`geometry` text NOT NULL,
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`name` text PRIMARY KEY NOT NULL,
	`roles` text NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL
);
