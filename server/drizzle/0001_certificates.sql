CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`user` text NOT NULL,
	`course` text NOT NULL,
	`track` text NOT NULL,
	`title` text NOT NULL,
	`credential` text NOT NULL,
	`jwt` text NOT NULL,
	`issued_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text,
	`revoked_reason` text,
	FOREIGN KEY (`user`) REFERENCES `users`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_once` ON `certificates` (`user`,`course`,`track`);--> statement-breakpoint
CREATE INDEX `certificates_user` ON `certificates` (`user`);