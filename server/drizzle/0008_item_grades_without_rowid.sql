-- item_grades is only ever reached by its primary key (submission_id, item_id). As a rowid
-- table every row was written twice: into the table and into the key's own index. WITHOUT
-- ROWID stores rows in the key's b-tree, one write per item grade (a quiz submit writes five).
-- drizzle's schema has no way to say WITHOUT ROWID, so this migration is written by hand; the
-- columns, key and foreign key are those of 0000_init.
CREATE TABLE `__new_item_grades` (
	`submission_id` text NOT NULL,
	`item_id` text NOT NULL,
	`score` real NOT NULL,
	`points` real NOT NULL,
	`max_points` real NOT NULL,
	`feedback` text NOT NULL,
	`measurements` text,
	PRIMARY KEY(`submission_id`, `item_id`),
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_item_grades` (`submission_id`, `item_id`, `score`, `points`, `max_points`, `feedback`, `measurements`)
	SELECT `submission_id`, `item_id`, `score`, `points`, `max_points`, `feedback`, `measurements` FROM `item_grades`;
--> statement-breakpoint
DROP TABLE `item_grades`;
--> statement-breakpoint
ALTER TABLE `__new_item_grades` RENAME TO `item_grades`;
