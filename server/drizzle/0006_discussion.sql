CREATE TABLE `discussion_item_settings` (
	`course` text NOT NULL,
	`assessment` text NOT NULL,
	`item` text NOT NULL,
	`staff_only_until_deadline` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`course`, `assessment`, `item`)
);
--> statement-breakpoint
CREATE TABLE `discussion_moderation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`thread_id` text NOT NULL,
	`post_id` text,
	`note` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `discussion_moderation_course` ON `discussion_moderation` (`course`,`at`);--> statement-breakpoint
CREATE TABLE `discussion_posts` (
	`id` text PRIMARY KEY NOT NULL,
	`thread_id` text NOT NULL,
	`is_question` integer NOT NULL,
	`author` text NOT NULL,
	`anonymous` integer NOT NULL,
	`body` text NOT NULL,
	`mentions` text NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`hidden` integer DEFAULT false NOT NULL,
	`hidden_reason` text DEFAULT '' NOT NULL,
	`endorsed` integer DEFAULT false NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `discussion_threads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `discussion_posts_thread` ON `discussion_posts` (`thread_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `discussion_posts_author` ON `discussion_posts` (`author`,`created_at`);--> statement-breakpoint
CREATE TABLE `discussion_reads` (
	`thread_id` text NOT NULL,
	`user` text NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`thread_id`, `user`),
	FOREIGN KEY (`thread_id`) REFERENCES `discussion_threads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `discussion_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`course` text NOT NULL,
	`thread_id` text NOT NULL,
	`post_id` text NOT NULL,
	`reporter` text NOT NULL,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	`state` text NOT NULL,
	`resolved_by` text,
	`resolved_at` integer,
	FOREIGN KEY (`post_id`) REFERENCES `discussion_posts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discussion_reports_once` ON `discussion_reports` (`post_id`,`reporter`);--> statement-breakpoint
CREATE INDEX `discussion_reports_course` ON `discussion_reports` (`course`,`state`,`at`);--> statement-breakpoint
CREATE TABLE `discussion_threads` (
	`id` text PRIMARY KEY NOT NULL,
	`course` text NOT NULL,
	`lesson` text NOT NULL,
	`assessment` text,
	`item` text,
	`title` text NOT NULL,
	`author` text NOT NULL,
	`anonymous` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_activity_at` integer NOT NULL,
	`resolved` integer DEFAULT false NOT NULL,
	`locked` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `discussion_threads_lesson` ON `discussion_threads` (`course`,`lesson`,`last_activity_at`);--> statement-breakpoint
CREATE TABLE `discussion_votes` (
	`post_id` text NOT NULL,
	`user` text NOT NULL,
	PRIMARY KEY(`post_id`, `user`),
	FOREIGN KEY (`post_id`) REFERENCES `discussion_posts`(`id`) ON UPDATE no action ON DELETE no action
);
