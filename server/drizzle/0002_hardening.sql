CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `certificates` ADD `status_index` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_status_index` ON `certificates` (`status_index`);--> statement-breakpoint
ALTER TABLE `uploads` ADD `referenced_at` integer;--> statement-breakpoint
CREATE INDEX `uploads_unreferenced` ON `uploads` (`user`,`created_at`) WHERE "uploads"."referenced_at" is null;--> statement-breakpoint
-- Uploads that submissions already name are kept (retention deletes only the others).
UPDATE `uploads` SET `referenced_at` = `created_at` WHERE `id` IN (SELECT json_extract(a.value, '$.uploadId') FROM `submissions` s, json_each(s.`answers`) a WHERE json_extract(a.value, '$.type') = 'image');--> statement-breakpoint
-- Hub tokens were stored in plain text before: drop those sessions (their users log in again, silently through the hub).
DELETE FROM `sessions`;--> statement-breakpoint
INSERT INTO `counters` (`name`, `value`) VALUES ('status-list-index', 0);
