CREATE TABLE `course_settings` (
	`course` text PRIMARY KEY NOT NULL,
	`leaderboard_disabled` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `leaderboard_entries` (
	`user` text NOT NULL,
	`course` text NOT NULL,
	`pseudonym` text NOT NULL,
	`pseudonym_key` text NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`user`, `course`),
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leaderboard_pseudonym` ON `leaderboard_entries` (`course`,`pseudonym_key`);