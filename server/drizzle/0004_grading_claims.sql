ALTER TABLE `submissions` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `submissions` ADD `claim_until` integer;