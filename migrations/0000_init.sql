CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`vendor_id` text NOT NULL,
	`app_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_idx` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_vendor_idx` ON `api_keys` (`vendor_id`);--> statement-breakpoint
CREATE TABLE `app_fields` (
	`app_id` text NOT NULL,
	`field` text NOT NULL,
	PRIMARY KEY(`app_id`, `field`)
);
--> statement-breakpoint
CREATE TABLE `apps` (
	`id` text PRIMARY KEY NOT NULL,
	`vendor_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `apps_vendor_idx` ON `apps` (`vendor_id`);--> statement-breakpoint
CREATE TABLE `login_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`user_id` text,
	`redirect_to` text DEFAULT '/districts' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`app_id` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`vendor_id` text,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`role` text DEFAULT 'vendor' NOT NULL,
	`time_zone` text DEFAULT 'America/New_York' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_idx` ON `users` (lower("email"));--> statement-breakpoint
CREATE TABLE `vendors` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `connection_schools` (
	`connection_id` text NOT NULL,
	`school_id` text NOT NULL,
	PRIMARY KEY(`connection_id`, `school_id`)
);
--> statement-breakpoint
CREATE TABLE `connection_sections` (
	`connection_id` text NOT NULL,
	`section_id` text NOT NULL,
	PRIMARY KEY(`connection_id`, `section_id`)
);
--> statement-breakpoint
CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`vendor_id` text NOT NULL,
	`district_id` text NOT NULL,
	`invitation_id` text,
	`share_mode` text DEFAULT 'all' NOT NULL,
	`launch_date` text,
	`launch_at` integer,
	`launched_at` integer,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_email` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connections_app_district_idx` ON `connections` (`app_id`,`district_id`);--> statement-breakpoint
CREATE INDEX `connections_due_idx` ON `connections` (`launched_at`,`launch_at`);--> statement-breakpoint
CREATE INDEX `connections_district_idx` ON `connections` (`district_id`);--> statement-breakpoint
CREATE TABLE `district_coverage` (
	`district_id` text NOT NULL,
	`field` text NOT NULL,
	`coverage` real NOT NULL,
	`records` integer NOT NULL,
	PRIMARY KEY(`district_id`, `field`)
);
--> statement-breakpoint
CREATE TABLE `district_sync` (
	`district_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`owner` text NOT NULL,
	`last_sync_at` integer,
	`paused_until` text,
	`detail` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `districts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`state` text NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`zip` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`lea_type` text DEFAULT '' NOT NULL,
	`low_grade` text,
	`high_grade` text,
	`school_count` integer DEFAULT 0 NOT NULL,
	`students` integer,
	`time_zone_override` text,
	`on_homeroom` integer DEFAULT false NOT NULL,
	`search_rank` integer NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `districts_name_key_idx` ON `districts` (`name_key`);--> statement-breakpoint
CREATE INDEX `districts_state_idx` ON `districts` (`state`);--> statement-breakpoint
CREATE INDEX `districts_search_rank_idx` ON `districts` (`search_rank`);--> statement-breakpoint
CREATE TABLE `schools` (
	`id` text PRIMARY KEY NOT NULL,
	`district_id` text NOT NULL,
	`name` text NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`state` text NOT NULL,
	`low_grade` text,
	`high_grade` text
);
--> statement-breakpoint
CREATE INDEX `schools_district_idx` ON `schools` (`district_id`,`name`);--> statement-breakpoint
CREATE TABLE `sections` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`district_id` text NOT NULL,
	`name` text NOT NULL,
	`subject` text,
	`grade` text,
	`term` text,
	`teacher_name` text NOT NULL,
	`teacher_email` text,
	`student_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sections_school_idx` ON `sections` (`school_id`);--> statement-breakpoint
CREATE INDEX `sections_district_idx` ON `sections` (`district_id`);--> statement-breakpoint
CREATE TABLE `emails` (
	`id` text PRIMARY KEY NOT NULL,
	`template` text NOT NULL,
	`from_address` text NOT NULL,
	`to_addresses` text NOT NULL,
	`cc_addresses` text DEFAULT '[]' NOT NULL,
	`reply_to` text,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`provider_id` text,
	`idempotency_key` text NOT NULL,
	`vendor_id` text,
	`invitation_id` text,
	`connection_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `emails_due_idx` ON `emails` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `emails_invitation_idx` ON `emails` (`invitation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `emails_provider_idx` ON `emails` (`provider_id`);--> statement-breakpoint
CREATE TABLE `access_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`invitation_id` text,
	`connection_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `access_tokens_inv_idx` ON `access_tokens` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `access_tokens_conn_idx` ON `access_tokens` (`connection_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer,
	`body` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE TABLE `invitation_events` (
	`id` text PRIMARY KEY NOT NULL,
	`invitation_id` text NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`actor` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invitation_events_inv_idx` ON `invitation_events` (`invitation_id`,`at`);--> statement-breakpoint
CREATE TABLE `invitation_schools` (
	`invitation_id` text NOT NULL,
	`school_id` text NOT NULL,
	PRIMARY KEY(`invitation_id`, `school_id`)
);
--> statement-breakpoint
CREATE TABLE `invitation_sections` (
	`invitation_id` text NOT NULL,
	`section_id` text NOT NULL,
	PRIMARY KEY(`invitation_id`, `section_id`)
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`app_id` text NOT NULL,
	`vendor_id` text NOT NULL,
	`district_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`message` text NOT NULL,
	`contact_name` text NOT NULL,
	`contact_email` text NOT NULL,
	`contact_role` text,
	`additional_emails` text DEFAULT '[]' NOT NULL,
	`launch_date` text,
	`share_mode` text DEFAULT 'all' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`decided_at` integer,
	`decision_reason` text,
	`connection_id` text,
	`reminder_sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_open_idx` ON `invitations` (`app_id`,`district_id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `invitations_app_idx` ON `invitations` (`app_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `invitations_expiry_idx` ON `invitations` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `onboardings` (
	`id` text PRIMARY KEY NOT NULL,
	`invitation_id` text NOT NULL,
	`district_id` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`district_name` text NOT NULL,
	`district_state` text NOT NULL,
	`district_website` text DEFAULT '' NOT NULL,
	`district_phone` text DEFAULT '' NOT NULL,
	`contact_name` text NOT NULL,
	`contact_email` text NOT NULL,
	`contact_role` text NOT NULL,
	`contact_confirmed_at` integer,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `onboardings_invitation_idx` ON `onboardings` (`invitation_id`);--> statement-breakpoint
CREATE INDEX `onboardings_status_idx` ON `onboardings` (`status`);