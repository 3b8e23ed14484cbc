CREATE TABLE `project_reviews` (
	`submission_id` text PRIMARY KEY NOT NULL,
	`user` text NOT NULL,
	`course` text NOT NULL,
	`assessment` text NOT NULL,
	`item_id` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`claimed_by` text,
	`claim_expires_at` integer,
	`grade` text,
	`graded_by` text,
	`graded_at` integer,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_reviews_queue` ON `project_reviews` (`course`,`assessment`,`created_at`);--> statement-breakpoint
CREATE INDEX `project_reviews_learner` ON `project_reviews` (`user`,`course`,`assessment`);--> statement-breakpoint
CREATE TABLE `project_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`user` text NOT NULL,
	`created_at` integer NOT NULL,
	`bytes` integer NOT NULL,
	`file` text NOT NULL,
	`manifest` text NOT NULL,
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `overrides` ADD `excused_items` text;