-- Framework migrations: Rails, Django, Laravel, Flyway/Liquibase, Prisma, as they send them.
-- Rails (ActiveRecord 7, mysql2 adapter)
CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, `email` varchar(255) DEFAULT '' NOT NULL, `encrypted_password` varchar(255) DEFAULT '' NOT NULL, `reset_password_token` varchar(255), `created_at` datetime(6) NOT NULL, `updated_at` datetime(6) NOT NULL);
-- expect: test.users (id BIGINT NOT NULL AUTO_INCREMENT, email VARCHAR(255) NOT NULL DEFAULT '' [utf8mb4/utf8mb4_general_ci], encrypted_password VARCHAR(255) NOT NULL DEFAULT '' [utf8mb4/utf8mb4_general_ci], reset_password_token VARCHAR(255) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], created_at DATETIME(6) NOT NULL, updated_at DATETIME(6) NOT NULL) PK(id) charset=utf8mb4/utf8mb4_general_ci
CREATE UNIQUE INDEX `index_users_on_email` ON `users` (`email`);
CREATE UNIQUE INDEX `index_users_on_reset_password_token` ON `users` (`reset_password_token`);
ALTER TABLE `users` ADD `admin` tinyint(1) DEFAULT FALSE NOT NULL;
ALTER TABLE `users` ADD `account_id` bigint, ADD CONSTRAINT `fk_rails_61ac11da2b` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`);
-- expect: test.users (id BIGINT NOT NULL AUTO_INCREMENT, email VARCHAR(255) NOT NULL DEFAULT '' [utf8mb4/utf8mb4_general_ci], encrypted_password VARCHAR(255) NOT NULL DEFAULT '' [utf8mb4/utf8mb4_general_ci], reset_password_token VARCHAR(255) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], created_at DATETIME(6) NOT NULL, updated_at DATETIME(6) NOT NULL, admin TINYINT(1) NOT NULL DEFAULT 'FALSE', account_id BIGINT DEFAULT NULL) PK(id) UNIQUE index_users_on_email(email) UNIQUE index_users_on_reset_password_token(reset_password_token) FK fk_rails_61ac11da2b(account_id) KEY fk_rails_61ac11da2b(account_id) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE `users` CHANGE `admin` `is_admin` tinyint(1) DEFAULT FALSE NOT NULL;
ALTER TABLE `users` RENAME INDEX `index_users_on_email` TO `index_users_on_lower_email`;
CREATE TABLE `schema_migrations` (`version` varchar(255) NOT NULL PRIMARY KEY);
CREATE TABLE `ar_internal_metadata` (`key` varchar(255) NOT NULL PRIMARY KEY, `value` varchar(255), `created_at` datetime(6) NOT NULL, `updated_at` datetime(6) NOT NULL);
-- expect: test.schema_migrations (version VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_general_ci]) PK(version) charset=utf8mb4/utf8mb4_general_ci
-- Django 4 (mysqlclient)
CREATE TABLE `polls_question` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, `question_text` varchar(200) NOT NULL, `pub_date` datetime(6) NOT NULL);
CREATE TABLE `polls_choice` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, `choice_text` varchar(200) NOT NULL, `votes` integer NOT NULL, `question_id` bigint NOT NULL);
ALTER TABLE `polls_choice` ADD CONSTRAINT `polls_choice_question_id_c5b4b260_fk_polls_question_id` FOREIGN KEY (`question_id`) REFERENCES `polls_question` (`id`);
-- expect: test.polls_choice (id BIGINT NOT NULL AUTO_INCREMENT, choice_text VARCHAR(200) NOT NULL [utf8mb4/utf8mb4_general_ci], votes INT NOT NULL, question_id BIGINT NOT NULL) PK(id) FK polls_choice_question_id_c5b4b260_fk_polls_question_id(question_id) KEY polls_choice_question_id_c5b4b260_fk_polls_question_id(question_id) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE `polls_question` ADD COLUMN `slug` varchar(50) DEFAULT 'x' NOT NULL;
ALTER TABLE `polls_question` ALTER COLUMN `slug` DROP DEFAULT;
CREATE INDEX `polls_question_slug_4d5b8e2a` ON `polls_question` (`slug`);
ALTER TABLE `polls_question` MODIFY `question_text` varchar(300) NOT NULL;
-- expect: test.polls_question (id BIGINT NOT NULL AUTO_INCREMENT, question_text VARCHAR(300) NOT NULL [utf8mb4/utf8mb4_general_ci], pub_date DATETIME(6) NOT NULL, slug VARCHAR(50) NOT NULL [utf8mb4/utf8mb4_general_ci]) PK(id) KEY polls_question_slug_4d5b8e2a(slug) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE `polls_question` RENAME COLUMN `pub_date` TO `published_at`;
ALTER TABLE `polls_question` DROP COLUMN `slug`;
-- expect: test.polls_question (id BIGINT NOT NULL AUTO_INCREMENT, question_text VARCHAR(300) NOT NULL [utf8mb4/utf8mb4_general_ci], published_at DATETIME(6) NOT NULL) PK(id) charset=utf8mb4/utf8mb4_general_ci
CREATE TABLE `django_migrations` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY, `app` varchar(255) NOT NULL, `name` varchar(255) NOT NULL, `applied` datetime(6) NOT NULL);
-- Laravel 10
create table `password_reset_tokens` (`email` varchar(255) not null, `token` varchar(255) not null, `created_at` timestamp null, primary key (`email`)) default character set utf8mb4 collate 'utf8mb4_unicode_ci';
-- expect: test.password_reset_tokens (email VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], token VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], created_at TIMESTAMP DEFAULT NULL) PK(email) charset=utf8mb4/utf8mb4_unicode_ci
create table `failed_jobs` (`id` bigint unsigned not null auto_increment primary key, `uuid` varchar(255) not null, `connection` text not null, `queue` text not null, `payload` longtext not null, `exception` longtext not null, `failed_at` timestamp not null default CURRENT_TIMESTAMP) default character set utf8mb4 collate 'utf8mb4_unicode_ci';
alter table `failed_jobs` add unique `failed_jobs_uuid_unique`(`uuid`);
-- expect: test.failed_jobs (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, uuid VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], connection TEXT NOT NULL [utf8mb4/utf8mb4_unicode_ci], queue TEXT NOT NULL [utf8mb4/utf8mb4_unicode_ci], payload LONGTEXT NOT NULL [utf8mb4/utf8mb4_unicode_ci], exception LONGTEXT NOT NULL [utf8mb4/utf8mb4_unicode_ci], failed_at TIMESTAMP NOT NULL DEFAULT 'CURRENT_TIMESTAMP') PK(id) UNIQUE failed_jobs_uuid_unique(uuid) charset=utf8mb4/utf8mb4_unicode_ci
alter table `failed_jobs` add `tenant_id` bigint unsigned null after `id`, add index `failed_jobs_tenant_id_index`(`tenant_id`);
alter table `failed_jobs` drop index `failed_jobs_tenant_id_index`;
alter table `failed_jobs` drop `tenant_id`;
alter table `failed_jobs` modify `queue` varchar(191) not null;
alter table `failed_jobs` comment = 'jobs that failed';
-- expect: test.failed_jobs (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, uuid VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], connection TEXT NOT NULL [utf8mb4/utf8mb4_unicode_ci], queue VARCHAR(191) NOT NULL [utf8mb4/utf8mb4_unicode_ci], payload LONGTEXT NOT NULL [utf8mb4/utf8mb4_unicode_ci], exception LONGTEXT NOT NULL [utf8mb4/utf8mb4_unicode_ci], failed_at TIMESTAMP NOT NULL DEFAULT 'CURRENT_TIMESTAMP') PK(id) UNIQUE failed_jobs_uuid_unique(uuid) charset=utf8mb4/utf8mb4_unicode_ci comment='jobs that failed'
-- Flyway / Liquibase (hand-written SQL with comments and delimiters)
-- V1__init.sql
/* Flyway: baseline */
CREATE TABLE flyway_schema_history (
    installed_rank INT NOT NULL,
    version VARCHAR(50),
    description VARCHAR(200) NOT NULL,
    type VARCHAR(20) NOT NULL,
    script VARCHAR(1000) NOT NULL,
    checksum INT,
    installed_by VARCHAR(100) NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    execution_time INT NOT NULL,
    success BOOL NOT NULL,
    CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank)
) ENGINE=InnoDB;
CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);
-- expect: test.flyway_schema_history (installed_rank INT NOT NULL, version VARCHAR(50) DEFAULT NULL [utf8mb4/utf8mb4_general_ci], description VARCHAR(200) NOT NULL [utf8mb4/utf8mb4_general_ci], type VARCHAR(20) NOT NULL [utf8mb4/utf8mb4_general_ci], script VARCHAR(1000) NOT NULL [utf8mb4/utf8mb4_general_ci], checksum INT DEFAULT NULL, installed_by VARCHAR(100) NOT NULL [utf8mb4/utf8mb4_general_ci], installed_on TIMESTAMP NOT NULL DEFAULT 'CURRENT_TIMESTAMP', execution_time INT NOT NULL, success BOOL(1) NOT NULL) PK(installed_rank) KEY flyway_schema_history_s_idx(success) charset=utf8mb4/utf8mb4_general_ci engine=InnoDB
CREATE TABLE DATABASECHANGELOGLOCK (ID INT NOT NULL, `LOCKED` BIT(1) NOT NULL, LOCKGRANTED datetime NULL, LOCKEDBY VARCHAR(255) NULL, CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID));
-- expect: test.DATABASECHANGELOGLOCK (ID INT NOT NULL, LOCKED BIT(1) NOT NULL, LOCKGRANTED DATETIME DEFAULT NULL, LOCKEDBY VARCHAR(255) DEFAULT NULL [utf8mb4/utf8mb4_general_ci]) PK(ID) charset=utf8mb4/utf8mb4_general_ci
ALTER TABLE customer ADD COLUMN loyalty_tier VARCHAR(20) NULL COMMENT 'bronze, silver or gold';
-- error: NotFound ALTER TABLE of an unknown table test.customer
-- Prisma migrate
CREATE TABLE `Post` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    `title` VARCHAR(255) NOT NULL,
    `content` VARCHAR(191) NULL,
    `published` BOOLEAN NOT NULL DEFAULT false,
    `authorId` INTEGER NOT NULL,
    `role` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER',

    UNIQUE INDEX `Post_title_key`(`title`),
    INDEX `Post_authorId_idx`(`authorId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
-- expect: test.Post (id INT NOT NULL AUTO_INCREMENT, createdAt DATETIME(3) NOT NULL DEFAULT 'CURRENT_TIMESTAMP(3)', updatedAt DATETIME(3) NOT NULL, title VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], content VARCHAR(191) DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], published BOOL(1) NOT NULL DEFAULT 'false', authorId INT NOT NULL, role ENUM('USER','ADMIN') NOT NULL DEFAULT 'USER' [utf8mb4/utf8mb4_unicode_ci]) PK(id) UNIQUE Post_title_key(title) KEY Post_authorId_idx(authorId) charset=utf8mb4/utf8mb4_unicode_ci
CREATE TABLE `User` (`id` INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
-- expect: test.Post (id INT NOT NULL AUTO_INCREMENT, createdAt DATETIME(3) NOT NULL DEFAULT 'CURRENT_TIMESTAMP(3)', updatedAt DATETIME(3) NOT NULL, title VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], content VARCHAR(191) DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], published BOOL(1) NOT NULL DEFAULT 'false', authorId INT NOT NULL, role ENUM('USER','ADMIN') NOT NULL DEFAULT 'USER' [utf8mb4/utf8mb4_unicode_ci]) PK(id) UNIQUE Post_title_key(title) KEY Post_authorId_idx(authorId) FK Post_authorId_fkey(authorId) charset=utf8mb4/utf8mb4_unicode_ci
ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`;
ALTER TABLE `Post` MODIFY `role` ENUM('USER', 'ADMIN', 'OWNER') NOT NULL DEFAULT 'USER';
-- expect: test.Post (id INT NOT NULL AUTO_INCREMENT, createdAt DATETIME(3) NOT NULL DEFAULT 'CURRENT_TIMESTAMP(3)', updatedAt DATETIME(3) NOT NULL, title VARCHAR(255) NOT NULL [utf8mb4/utf8mb4_unicode_ci], content VARCHAR(191) DEFAULT NULL [utf8mb4/utf8mb4_unicode_ci], published BOOL(1) NOT NULL DEFAULT 'false', authorId INT NOT NULL, role ENUM('USER','ADMIN','OWNER') NOT NULL DEFAULT 'USER' [utf8mb4/utf8mb4_unicode_ci]) PK(id) UNIQUE Post_title_key(title) KEY Post_authorId_idx(authorId) charset=utf8mb4/utf8mb4_unicode_ci
