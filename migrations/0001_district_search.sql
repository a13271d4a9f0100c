-- Full-text index over district names. Its rowid is districts.search_rank (the
-- size order), so a MATCH read in rowid order yields larger districts first and
-- a LIMIT stops early instead of reading every match. The tags column holds
-- filter tokens: "st" + state code, and "hron"/"hroff" for On/Off Homeroom.
CREATE VIRTUAL TABLE `district_fts` USING fts5(
  `name`,
  `tags`,
  `district_id` UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER `districts_fts_ai` AFTER INSERT ON `districts` BEGIN
  INSERT INTO `district_fts`(`rowid`, `name`, `tags`, `district_id`)
  VALUES (new.`search_rank`, new.`name`, 'st' || lower(new.`state`) || ' ' || (CASE WHEN new.`on_homeroom` THEN 'hron' ELSE 'hroff' END), new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `districts_fts_ad` AFTER DELETE ON `districts` BEGIN
  DELETE FROM `district_fts` WHERE `rowid` = old.`search_rank`;
END;
--> statement-breakpoint
CREATE TRIGGER `districts_fts_au` AFTER UPDATE OF `name`, `state`, `on_homeroom`, `search_rank` ON `districts` BEGIN
  DELETE FROM `district_fts` WHERE `rowid` = old.`search_rank`;
  INSERT INTO `district_fts`(`rowid`, `name`, `tags`, `district_id`)
  VALUES (new.`search_rank`, new.`name`, 'st' || lower(new.`state`) || ' ' || (CASE WHEN new.`on_homeroom` THEN 'hron' ELSE 'hroff' END), new.`id`);
END;
