-- Registry integrity (see the schema's comments): enum CHECKs, missing foreign keys, attachments that
-- name no owner, roster_change decisions tied to their fields, who/when/version on every row users edit,
-- the registry's own record (registry_meta), payee account changes, and the append-only audit trail.
-- Rows that exist already were made before accounts: they are attributed to 'migration'.
SELECT set_config('jiangbu.actor', 'migration', true);
--> statement-breakpoint
CREATE TABLE "account_change" (
	"id" serial PRIMARY KEY NOT NULL,
	"company_id" integer,
	"committee_id" integer,
	"old_bank_name" text,
	"old_account_name" text,
	"old_account_no" text,
	"bank_name" text,
	"account_name" text NOT NULL,
	"account_no" text NOT NULL,
	"source" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "account_change_payee" CHECK (("account_change"."company_id" is null) <> ("account_change"."committee_id" is null)),
	CONSTRAINT "account_change_status" CHECK ("account_change"."status" in ('requested', 'approved', 'rejected')),
	CONSTRAINT "account_change_decided" CHECK (("account_change"."status" = 'requested') = ("account_change"."decided_by" is null and "account_change"."decided_at" is null))
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_event_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"username" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"object_type" text,
	"object_id" text,
	"result" text NOT NULL,
	"ip" text,
	"request_id" text,
	"detail" jsonb,
	"prev_hash" text,
	"hash" text NOT NULL,
	CONSTRAINT "audit_event_hash_unique" UNIQUE("hash"),
	CONSTRAINT "audit_event_result" CHECK ("audit_event"."result" in ('ok', 'denied', 'failed')),
	CONSTRAINT "audit_event_hash" CHECK ("audit_event"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seq" bigint,
	"hash" text,
	CONSTRAINT "audit_head_one_row" CHECK ("audit_head"."id" = 1)
);
--> statement-breakpoint
INSERT INTO "audit_head" ("id") VALUES (1);
--> statement-breakpoint
CREATE TABLE "registry_meta" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seeded_with" text,
	"seeded_at" timestamp with time zone,
	"roster_sealed_at" timestamp with time zone,
	"roster_sealed_by" text,
	CONSTRAINT "registry_meta_one_row" CHECK ("registry_meta"."id" = 1),
	CONSTRAINT "registry_meta_seeded_with" CHECK ("registry_meta"."seeded_with" is null or "registry_meta"."seeded_with" in ('demo', 'scenario', 'synthetic')),
	CONSTRAINT "registry_meta_sealed_by" CHECK (("registry_meta"."roster_sealed_at" is null) = ("registry_meta"."roster_sealed_by" is null))
);
--> statement-breakpoint
DROP INDEX "attachment_owner";--> statement-breakpoint
ALTER TABLE "roster_change" ALTER COLUMN "evidence_attachment_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "assessment" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assessment" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "budget" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "budget" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "budget" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "budget" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "budget" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "committee_contract" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "committee_contract" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "committee_contract" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "committee_contract" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "committee_contract" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "committee" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "committee" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "committee" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "committee" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "committee" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "company" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "company" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "company" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "company" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "company" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "compound" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "compound" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "compound" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "compound" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "engagement" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "engagement" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "engagement" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "engagement" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "engagement" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_application" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_application" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_application" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "facility_application" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_application" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_project" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_project" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "facility_project" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "facility_project" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_project" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "market_price" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "market_price" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "market_price" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "market_price" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "market_price" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "period_facts" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "period_facts" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "period_facts" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "period_facts" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "period_facts" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "rectification" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "rectification" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "rectification" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "rectification" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rectification" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_change" ADD COLUMN "target_entry_id" integer;--> statement-breakpoint
ALTER TABLE "subdistrict" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "subdistrict" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "subdistrict" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "subdistrict" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subdistrict" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "survey" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "account_change" ADD CONSTRAINT "account_change_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_change" ADD CONSTRAINT "account_change_committee_id_committee_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committee"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_change_open_company" ON "account_change" USING btree ("company_id") WHERE "account_change"."status" = 'requested' and "account_change"."company_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "account_change_open_committee" ON "account_change" USING btree ("committee_id") WHERE "account_change"."status" = 'requested' and "account_change"."committee_id" is not null;--> statement-breakpoint
CREATE INDEX "audit_event_at" ON "audit_event" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_event_object" ON "audit_event" USING btree ("object_type","object_id");--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD CONSTRAINT "roster2023_entry_supersedes_id_roster2023_entry_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."roster2023_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD CONSTRAINT "roster2023_entry_change_id_roster_change_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."roster_change"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_change" ADD CONSTRAINT "roster_change_target_entry_id_roster2023_entry_id_fk" FOREIGN KEY ("target_entry_id") REFERENCES "public"."roster2023_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_change" ADD CONSTRAINT "roster_change_evidence_attachment_id_attachment_id_fk" FOREIGN KEY ("evidence_attachment_id") REFERENCES "public"."attachment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" DROP COLUMN "owner_type";--> statement-breakpoint
ALTER TABLE "attachment" DROP COLUMN "owner_id";--> statement-breakpoint
ALTER TABLE "budget" DROP COLUMN "entered_by";--> statement-breakpoint
ALTER TABLE "budget" DROP COLUMN "entered_at";--> statement-breakpoint
ALTER TABLE "compound" DROP COLUMN "managed";--> statement-breakpoint
ALTER TABLE "engagement" DROP COLUMN "managed_area";--> statement-breakpoint
ALTER TABLE "facility_application" ALTER COLUMN "committee_established" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_size" CHECK ("attachment"."size" > 0);--> statement-breakpoint
ALTER TABLE "budget" ADD CONSTRAINT "budget_programme" CHECK ("budget"."programme" in ('T', 'W', 'F'));--> statement-breakpoint
ALTER TABLE "committee_contract" ADD CONSTRAINT "committee_contract_dates" CHECK ("committee_contract"."ended_on" is null or "committee_contract"."ended_on" >= "committee_contract"."signed_on");--> statement-breakpoint
ALTER TABLE "compound" ADD CONSTRAINT "compound_kind" CHECK ("compound"."kind" in ('compound', 'scattered'));--> statement-breakpoint
ALTER TABLE "market_price" ADD CONSTRAINT "market_price_dates" CHECK ("market_price"."effective_to" is null or "market_price"."effective_to" >= "market_price"."effective_from");--> statement-breakpoint
ALTER TABLE "rectification" ADD CONSTRAINT "rectification_outcome" CHECK ("rectification"."outcome" is null or "rectification"."outcome" in ('rectified', 'failed', 'refused'));--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD CONSTRAINT "roster2023_kind" CHECK ("roster2023_entry"."kind" in ('compound', 'scattered'));--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD CONSTRAINT "roster2023_area_positive" CHECK ("roster2023_entry"."managed_area" > 0);--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD CONSTRAINT "roster2023_households" CHECK ("roster2023_entry"."households" >= 0);--> statement-breakpoint
ALTER TABLE "roster_change" ADD CONSTRAINT "roster_change_action" CHECK ("roster_change"."action" in ('add', 'remove', 'amend'));--> statement-breakpoint
ALTER TABLE "roster_change" ADD CONSTRAINT "roster_change_status" CHECK ("roster_change"."status" in ('requested', 'approved', 'rejected'));--> statement-breakpoint
ALTER TABLE "roster_change" ADD CONSTRAINT "roster_change_decided" CHECK (("roster_change"."status" = 'requested') = ("roster_change"."decided_by" is null and "roster_change"."decided_at" is null));--> statement-breakpoint
-- the entry each correction was aimed at: the one it superseded, else the compound's latest other entry
UPDATE "roster_change" c SET "target_entry_id" = COALESCE(
  (SELECT e."supersedes_id" FROM "roster2023_entry" e WHERE e."change_id" = c."id"),
  (SELECT max(e."id") FROM "roster2023_entry" e WHERE e."compound_id" = c."compound_id" AND e."change_id" IS DISTINCT FROM c."id"))
WHERE c."action" <> 'add';
--> statement-breakpoint
ALTER TABLE "roster_change" ADD CONSTRAINT "roster_change_target" CHECK (("roster_change"."action" = 'add') = ("roster_change"."target_entry_id" is null));
--> statement-breakpoint
INSERT INTO "registry_meta" ("id", "roster_sealed_at", "roster_sealed_by")
SELECT 1, now(), 'migration' WHERE EXISTS (SELECT 1 FROM "roster2023_entry" WHERE "sealed");
--> statement-breakpoint
INSERT INTO "registry_meta" ("id") VALUES (1) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Who changed a row, when, and its version, filled by the database from the transaction's acting user:
-- a change without one did not come through the service layer and is refused (SQLSTATE JB001).
CREATE OR REPLACE FUNCTION jiangbu_touch() RETURNS trigger AS $$
DECLARE
  actor text := nullif(current_setting('jiangbu.actor', true), '');
BEGIN
  IF actor IS NULL THEN
    RAISE EXCEPTION 'no acting user (jiangbu.actor) for a change of %: registry changes go through the service layer', TG_TABLE_NAME
      USING ERRCODE = 'JB001';
  END IF;
  NEW.created_by := OLD.created_by;
  NEW.created_at := OLD.created_at;
  NEW.updated_by := actor;
  NEW.updated_at := now();
  NEW.version := OLD.version + 1;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "subdistrict_touch" BEFORE UPDATE ON "subdistrict" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "community_touch" BEFORE UPDATE ON "community" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "compound_touch" BEFORE UPDATE ON "compound" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "company_touch" BEFORE UPDATE ON "company" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "engagement_touch" BEFORE UPDATE ON "engagement" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "period_facts_touch" BEFORE UPDATE ON "period_facts" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "market_price_touch" BEFORE UPDATE ON "market_price" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "assessment_touch" BEFORE UPDATE ON "assessment" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "rectification_touch" BEFORE UPDATE ON "rectification" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "committee_touch" BEFORE UPDATE ON "committee" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "committee_contract_touch" BEFORE UPDATE ON "committee_contract" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "facility_project_touch" BEFORE UPDATE ON "facility_project" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "facility_application_touch" BEFORE UPDATE ON "facility_application" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "budget_touch" BEFORE UPDATE ON "budget" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "survey_touch" BEFORE UPDATE ON "survey" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
-- The sealed roster cannot be emptied either: TRUNCATE (also by CASCADE from compound) is refused, except
-- inside a seed, which replaces a demo or test registry as a whole and says so (jiangbu.reseed = on).
CREATE OR REPLACE FUNCTION roster2023_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF current_setting('jiangbu.reseed', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'the sealed 2023 roster cannot be truncated (2023年底在册名单已封存，不能清空)'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "roster2023_no_truncate" BEFORE TRUNCATE ON "roster2023_entry"
  FOR EACH STATEMENT EXECUTE FUNCTION roster2023_refuse_truncate();
--> statement-breakpoint
-- The audit trail is append-only.
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused (审计日志只能追加)', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
--> statement-breakpoint
CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
