CREATE TABLE `access_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`vendor_id` text NOT NULL,
	`district_id` text NOT NULL,
	`status` text DEFAULT 'unconfirmed' NOT NULL,
	`requester_name` text NOT NULL,
	`requester_email` text NOT NULL,
	`requester_role` text DEFAULT '' NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`launch_date` text,
	`decision_reason` text,
	`connection_id` text,
	`decided_by` text,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`decided_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_requests_open_idx` ON `access_requests` (`app_id`,`district_id`) WHERE status IN ('unconfirmed', 'pending');--> statement-breakpoint
CREATE INDEX `access_requests_app_idx` ON `access_requests` (`app_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `bulk_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`vendor_id` text NOT NULL,
	`created_by` text,
	`file_name` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'checked' NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`valid_rows` integer DEFAULT 0 NOT NULL,
	`sent_rows` integer DEFAULT 0 NOT NULL,
	`failed_rows` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bulk_imports_app_idx` ON `bulk_imports` (`app_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `bulk_rows` (
	`import_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`raw` text NOT NULL,
	`district_id` text,
	`status` text NOT NULL,
	`errors` text DEFAULT '{}' NOT NULL,
	`invitation_id` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`import_id`, `row_number`)
);
--> statement-breakpoint
CREATE INDEX `bulk_rows_status_idx` ON `bulk_rows` (`import_id`,`status`);