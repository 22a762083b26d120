-- gh-ost and pt-online-schema-change, as they appear in the binlog.
CREATE TABLE `orders` (`id` int NOT NULL AUTO_INCREMENT, `total` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;
-- gh-ost: ghost table, changelog table, cut-over with a sentry table.
create /* gh-ost */ table `test`.`_orders_gho` like `test`.`orders`;
-- result: table create:test.orders; table create:test._orders_gho
alter /* gh-ost */ table `test`.`_orders_gho` add column note varchar(20) not null default '';
create /* gh-ost */ table `test`.`_orders_ghc` (
			id bigint auto_increment,
			last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
			hint varchar(64) charset ascii not null,
			value varchar(4096) charset ascii not null,
			primary key(id),
			unique key hint_uidx(hint)
		) auto_increment=256 comment='gh-ost changelog';
-- expect: test._orders_ghc (id BIGINT NOT NULL AUTO_INCREMENT, last_update TIMESTAMP NOT NULL DEFAULT 'CURRENT_TIMESTAMP', hint VARCHAR(64) NOT NULL [ascii/ascii_general_ci], value VARCHAR(4096) NOT NULL [ascii/ascii_general_ci]) PK(id) UNIQUE hint_uidx(hint) charset=utf8mb4/utf8mb4_general_ci comment='gh-ost changelog'
create /* gh-ost */ table `test`.`_orders_del` (
			id int auto_increment primary key
		) engine=InnoDB comment='ghost-cut-over-sentry';
drop /* gh-ost */ table if exists `test`.`_orders_del`;
rename /* gh-ost */ table `test`.`orders` to `test`.`_orders_del`, `test`.`_orders_gho` to `test`.`orders`;
-- result: table create:test._orders_del; table drop:test._orders_del; table alter:test.orders>test._orders_del alter:test._orders_gho>test.orders
-- expect: test.orders (id INT NOT NULL AUTO_INCREMENT, total INT DEFAULT NULL, note VARCHAR(20) NOT NULL DEFAULT '' [utf8mb4/utf8mb4_general_ci]) PK(id) charset=utf8mb4/utf8mb4_general_ci engine=InnoDB
-- expect: test._orders_del (id INT NOT NULL AUTO_INCREMENT, total INT DEFAULT NULL) PK(id) charset=utf8mb4/utf8mb4_general_ci engine=InnoDB
-- absent: test._orders_gho
drop /* gh-ost */ table if exists `test`.`_orders_ghc`;
drop /* gh-ost */ table if exists `test`.`_orders_del`;
-- result: table drop:test._orders_ghc; table drop:test._orders_del
-- pt-online-schema-change 3.x
CREATE TABLE `test`.`_orders_new` (
  `id` int NOT NULL AUTO_INCREMENT,
  `total` int DEFAULT NULL,
  `note` varchar(20) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
ALTER TABLE `test`.`_orders_new` ADD COLUMN discount DECIMAL(5,2) NOT NULL DEFAULT 0;
CREATE TRIGGER `pt_osc_test_orders_del` AFTER DELETE ON `test`.`orders` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `test`.`_orders_new` WHERE `test`.`_orders_new`.`id` <=> OLD.`id`; END;
CREATE TRIGGER `pt_osc_test_orders_upd` AFTER UPDATE ON `test`.`orders` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `test`.`_orders_new` WHERE !(OLD.`id` <=> NEW.`id`) AND `test`.`_orders_new`.`id` <=> OLD.`id`; REPLACE INTO `test`.`_orders_new` (`id`, `total`, `note`) VALUES (NEW.`id`, NEW.`total`, NEW.`note`); END;
CREATE TRIGGER `pt_osc_test_orders_ins` AFTER INSERT ON `test`.`orders` FOR EACH ROW REPLACE INTO `test`.`_orders_new` (`id`, `total`, `note`) VALUES (NEW.`id`, NEW.`total`, NEW.`note`);
-- result: table create:test._orders_new; table alter:test._orders_new; ignored; ignored; ignored
INSERT LOW_PRIORITY IGNORE INTO `test`.`_orders_new` (`id`, `total`, `note`) SELECT `id`, `total`, `note` FROM `test`.`orders` FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '1')) AND ((`id` <= '1000')) LOCK IN SHARE MODE /*pt-online-schema-change 1234 copy nibble*/;
ANALYZE TABLE `test`.`_orders_new` /* pt-online-schema-change */;
RENAME TABLE `test`.`orders` TO `test`.`_orders_old`, `test`.`_orders_new` TO `test`.`orders`;
DROP TABLE IF EXISTS `test`.`_orders_old`;
DROP TRIGGER IF EXISTS `test`.`pt_osc_test_orders_del`;
DROP TRIGGER IF EXISTS `test`.`pt_osc_test_orders_upd`;
DROP TRIGGER IF EXISTS `test`.`pt_osc_test_orders_ins`;
-- result: ignored; ignored; table alter:test.orders>test._orders_old alter:test._orders_new>test.orders; table drop:test._orders_old; ignored; ignored; ignored
-- expect: test.orders (id INT NOT NULL AUTO_INCREMENT, total INT DEFAULT NULL, note VARCHAR(20) NOT NULL DEFAULT '' [utf8mb4/utf8mb4_0900_ai_ci], discount DECIMAL(5,2) NOT NULL DEFAULT '0') PK(id) charset=utf8mb4/utf8mb4_0900_ai_ci engine=InnoDB
-- A trigger body with nested blocks, IF and CASE, and a routine.
CREATE DEFINER=`root`@`localhost` TRIGGER trg BEFORE INSERT ON orders FOR EACH ROW
BEGIN
  IF NEW.total < 0 THEN
    SET NEW.total = 0;
  ELSEIF NEW.total > 100 THEN
    BEGIN
      SET NEW.note = CASE WHEN NEW.total > 1000 THEN 'big' ELSE 'mid' END;
    END;
  END IF;
  label1: LOOP
    LEAVE label1;
  END LOOP label1;
  WHILE 0 DO SET @x = 1; END WHILE;
  REPEAT SET @y = 1; UNTIL 1 END REPEAT;
END;
CREATE PROCEDURE p(IN x INT) BEGIN SELECT x; SELECT IF(x > 1, 'a', 'b'); END;
CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1;
CREATE DEFINER=CURRENT_USER EVENT ev ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM orders WHERE total = 0; END;
CREATE TABLE after_routines (id INT);
-- result: ignored; ignored; ignored; ignored; table create:test.after_routines
