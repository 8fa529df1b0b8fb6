-- matardb upgrade --sql: postgres, base to 4ec307c98b25

CREATE TABLE IF NOT EXISTS migrations (id varchar(255) NOT NULL PRIMARY KEY, message text, applied_at timestamp, duration_ms bigint, checksum varchar(255), seq bigint, status varchar(16));

-- 29edbf20051e: initial schema
BEGIN;

CREATE TABLE "user" (
	"_id" character varying NOT NULL,
	"name" character varying,
	"phone" character varying,
	"language" character varying,
	"is_active" boolean,
	"created_at" timestamp without time zone,
	"updated_at" timestamp without time zone,
	CONSTRAINT "user_pkey" PRIMARY KEY ("_id")
);

CREATE TABLE "category" (
	"_id" character varying NOT NULL,
	"title" character varying,
	"sort_order" integer,
	"created_at" timestamp without time zone,
	"updated_at" timestamp without time zone,
	CONSTRAINT "category_pkey" PRIMARY KEY ("_id")
);

CREATE TABLE "post" (
	"_id" character varying NOT NULL,
	"user_id" character varying NOT NULL,
	"category_id" character varying,
	"title" character varying,
	"media_url" character varying,
	"duration" integer,
	"language" character varying,
	"created_at" timestamp without time zone,
	"updated_at" timestamp without time zone,
	CONSTRAINT "post_pkey" PRIMARY KEY ("_id"),
	CONSTRAINT "post_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "category" ("_id"),
	CONSTRAINT "post_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("_id")
);

CREATE INDEX "ix_post_category_id" ON "post" ("category_id");

CREATE INDEX "ix_post_user_id" ON "post" ("user_id");

CREATE TABLE "post_activity" (
	"_id" character varying NOT NULL,
	"post_id" character varying NOT NULL,
	"user_id" character varying NOT NULL,
	"activity_type" character varying NOT NULL,
	"created_at" timestamp without time zone,
	"updated_at" timestamp without time zone,
	CONSTRAINT "post_activity_pkey" PRIMARY KEY ("_id"),
	CONSTRAINT "post_activity_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "post" ("_id") ON DELETE CASCADE,
	CONSTRAINT "post_activity_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user" ("_id")
);

CREATE INDEX "ix_post_activity_post_id" ON "post_activity" ("post_id");

INSERT INTO migrations (id, message, checksum, seq) VALUES ('29edbf20051e', 'initial schema', 'sha256:d5275eedc866182c74aef65b834bd633a3f38ec3e425d4765da32bcbf955a5b5', (SELECT COALESCE(MAX(seq), 0) + 1 FROM migrations));

COMMIT;

-- 4640e9af0234: create organization table
BEGIN;

CREATE TABLE "organization" (
	"_id" character varying NOT NULL,
	"title" character varying,
	"sort_order" integer,
	"created_at" timestamp without time zone,
	"updated_at" timestamp without time zone,
	CONSTRAINT "organization_pkey" PRIMARY KEY ("_id")
);

ALTER TABLE "category" ADD COLUMN "organization_id" character varying;

ALTER TABLE "post" ADD COLUMN "organization_id" character varying;

ALTER TABLE "user" ADD COLUMN "roles" json;

INSERT INTO migrations (id, message, checksum, seq) VALUES ('4640e9af0234', 'create organization table', 'sha256:a1f331263d6e54d31024b6222dc6ba30d5d22af2978d9e2ea129d4fda2fef78c', (SELECT COALESCE(MAX(seq), 0) + 1 FROM migrations));

COMMIT;

-- 01ea0e75088a: Add an organization ID column to Organization Database Table.
BEGIN;

ALTER TABLE "post_activity" ADD COLUMN "organization_id" character varying;

INSERT INTO migrations (id, message, checksum, seq) VALUES ('01ea0e75088a', 'Add an organization ID column to Organization Database Table.', 'sha256:e0cbf670826bcfee214606ad4df3d498a85a02cb33d2401ea948aeda30a41f38', (SELECT COALESCE(MAX(seq), 0) + 1 FROM migrations));

COMMIT;

-- 4ec307c98b25: add the organization columns the seed model has
BEGIN;

ALTER TABLE "organization" ADD COLUMN "language" character varying;

UPDATE "organization" SET "language" = 'hindi';

ALTER TABLE "organization" ALTER COLUMN "language" SET NOT NULL;

ALTER TABLE "organization" ADD COLUMN "is_chatgpt_enabled" boolean;

UPDATE "organization" SET "is_chatgpt_enabled" = true;

ALTER TABLE "organization" ALTER COLUMN "is_chatgpt_enabled" SET NOT NULL;

ALTER TABLE "organization" ADD COLUMN "max_post_duration" integer;

UPDATE "organization" SET "max_post_duration" = 15;

ALTER TABLE "organization" ALTER COLUMN "max_post_duration" SET NOT NULL;

ALTER TABLE "organization" ADD COLUMN "org_type" integer;

UPDATE "organization" SET "org_type" = 0;

ALTER TABLE "organization" ALTER COLUMN "org_type" SET NOT NULL;

ALTER TABLE "organization" ADD COLUMN "is_active" boolean;

UPDATE "organization" SET "is_active" = true;

ALTER TABLE "organization" ALTER COLUMN "is_active" SET NOT NULL;

ALTER TABLE "organization" ADD COLUMN "description" character varying;

ALTER TABLE "organization" ADD COLUMN "code" character varying;

INSERT INTO migrations (id, message, checksum, seq) VALUES ('4ec307c98b25', 'add the organization columns the seed model has', 'sha256:38ca5696906638fc7290b02398c86637510325f2e89058d5fcf9501bfba85ee6', (SELECT COALESCE(MAX(seq), 0) + 1 FROM migrations));

COMMIT;
