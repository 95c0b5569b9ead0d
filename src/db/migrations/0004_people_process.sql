CREATE TABLE "app_user" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text,
	"role" text NOT NULL,
	"community_id" integer,
	"company_id" integer,
	"committee_id" integer,
	"password_hash" text NOT NULL,
	"password_changed_at" timestamp with time zone NOT NULL,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "app_user_role" CHECK ("app_user"."role" in ('admin', 'auditor', 'bureau', 'finance', 'community', 'company', 'committee')),
	CONSTRAINT "app_user_scope" CHECK (("app_user"."role" = 'community') = ("app_user"."community_id" is not null) and ("app_user"."role" = 'company') = ("app_user"."company_id" is not null) and ("app_user"."role" = 'committee') = ("app_user"."committee_id" is not null)),
	CONSTRAINT "app_user_username_shape" CHECK ("app_user"."username" ~ '^[A-Za-z0-9_.@-]{3,64}$')
);
--> statement-breakpoint
CREATE TABLE "assessment_sheet" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"items" jsonb NOT NULL,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_sheet_effective_from_unique" UNIQUE("effective_from")
);
--> statement-breakpoint
CREATE TABLE "case_attachment" (
	"case_id" integer NOT NULL,
	"attachment_id" integer NOT NULL,
	"kind" text NOT NULL,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "case_attachment_case_id_attachment_id_pk" PRIMARY KEY("case_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "case_counter" (
	"year" integer NOT NULL,
	"letter" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_counter_year_letter_pk" PRIMARY KEY("year","letter")
);
--> statement-breakpoint
CREATE TABLE "case_event" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"username" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"comment" text,
	"field_comments" jsonb
);
--> statement-breakpoint
CREATE TABLE "case" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_no" text NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"community_id" integer NOT NULL,
	"compound_id" integer NOT NULL,
	"applicant_type" text NOT NULL,
	"company_id" integer,
	"committee_id" integer,
	"engagement_id" integer,
	"period" text,
	"year" integer,
	"facility_application_id" integer,
	"roster_change_id" integer,
	"form" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"field_comments" jsonb,
	"decision" jsonb,
	"amount" numeric(14, 2),
	"due_on" date,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"notice_id" integer,
	"override_reason" text,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "case_case_no_unique" UNIQUE("case_no"),
	CONSTRAINT "case_type" CHECK ("case"."type" in ('takeover', 'claim', 'grant', 'facility', 'rectification', 'roster')),
	CONSTRAINT "case_period" CHECK ("case"."period" is null or "case"."period" ~ '^[0-9]{4}H[12]$'),
	CONSTRAINT "case_no_shape" CHECK ("case"."case_no" ~ '^JB-[0-9]{4}-[TWFR]-[0-9]{6}$'),
	CONSTRAINT "case_claim_subject" CHECK ("case"."type" <> 'claim' or ("case"."engagement_id" is not null and "case"."period" is not null))
);
--> statement-breakpoint
CREATE TABLE "facility_invoice" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"invoice_no" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"issued_on" date,
	"override_reason" text,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "facility_invoice_amount" CHECK ("facility_invoice"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "objection" (
	"id" serial PRIMARY KEY NOT NULL,
	"notice_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	"name" text NOT NULL,
	"contact" text NOT NULL,
	"text" text NOT NULL,
	"lodged_at" timestamp with time zone NOT NULL,
	"ip" text,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "objection_status" CHECK ("objection"."status" in ('open', 'upheld', 'dismissed')),
	CONSTRAINT "objection_resolved" CHECK (("objection"."status" = 'open') = ("objection"."resolved_by" is null and "objection"."resolved_at" is null and "objection"."resolution" is null))
);
--> statement-breakpoint
CREATE TABLE "password_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"hash" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_notice" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"programme" text NOT NULL,
	"published_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "public_notice_dates" CHECK ("public_notice"."closes_on" >= "public_notice"."published_on")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	CONSTRAINT "session_token_hash" CHECK ("session"."token_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "audit_head" ADD COLUMN "purged_through_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_head" ADD COLUMN "purged_hash" text;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_committee_id_committee_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committee"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachment" ADD CONSTRAINT "case_attachment_case_id_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachment" ADD CONSTRAINT "case_attachment_attachment_id_attachment_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_event" ADD CONSTRAINT "case_event_case_id_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_committee_id_committee_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committee"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_engagement_id_engagement_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_facility_application_id_facility_application_id_fk" FOREIGN KEY ("facility_application_id") REFERENCES "public"."facility_application"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_roster_change_id_roster_change_id_fk" FOREIGN KEY ("roster_change_id") REFERENCES "public"."roster_change"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case" ADD CONSTRAINT "case_notice_id_public_notice_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."public_notice"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_invoice" ADD CONSTRAINT "facility_invoice_case_id_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_notice_id_public_notice_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."public_notice"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objection" ADD CONSTRAINT "objection_case_id_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_history" ADD CONSTRAINT "password_history_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_username" ON "app_user" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "case_event_case" ON "case_event" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_claim_once" ON "case" USING btree ("engagement_id","period") WHERE "case"."type" = 'claim' and "case"."state" <> 'rejected' and "case"."override_reason" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_grant_once" ON "case" USING btree ("compound_id") WHERE "case"."type" = 'grant' and "case"."state" <> 'rejected' and "case"."override_reason" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "case_takeover_once" ON "case" USING btree ("engagement_id") WHERE "case"."type" = 'takeover' and "case"."engagement_id" is not null and "case"."state" <> 'rejected';--> statement-breakpoint
CREATE UNIQUE INDEX "case_facility_once" ON "case" USING btree ("facility_application_id") WHERE "case"."type" = 'facility' and "case"."facility_application_id" is not null and "case"."state" <> 'rejected';--> statement-breakpoint
CREATE INDEX "case_state" ON "case" USING btree ("type","state");--> statement-breakpoint
CREATE INDEX "case_community" ON "case" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "facility_invoice_no_once" ON "facility_invoice" USING btree ("invoice_no") WHERE "facility_invoice"."override_reason" is null;--> statement-breakpoint
CREATE INDEX "objection_case" ON "objection" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "password_history_user" ON "password_history" USING btree ("user_id","set_at");--> statement-breakpoint
CREATE INDEX "session_user" ON "session" USING btree ("user_id");
--> statement-breakpoint
-- who changed a row, when, and its version (as for the registry, migration 0003)
CREATE TRIGGER "app_user_touch" BEFORE UPDATE ON "app_user" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "case_touch" BEFORE UPDATE ON "case" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "case_attachment_touch" BEFORE UPDATE ON "case_attachment" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "facility_invoice_touch" BEFORE UPDATE ON "facility_invoice" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "assessment_sheet_touch" BEFORE UPDATE ON "assessment_sheet" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "public_notice_touch" BEFORE UPDATE ON "public_notice" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
-- A case's history is append-only, like the audit trail — but a seed, which replaces a demo or test
-- registry as a whole (jiangbu.reseed = on), takes the cases and their histories with it.
CREATE OR REPLACE FUNCTION case_event_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' AND current_setting('jiangbu.reseed', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'case_event is append-only: % refused (办件记录只能追加)', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "case_event_append_only" BEFORE UPDATE OR DELETE ON "case_event"
  FOR EACH ROW EXECUTE FUNCTION case_event_refuse_change();
--> statement-breakpoint
CREATE TRIGGER "case_event_no_truncate" BEFORE TRUNCATE ON "case_event"
  FOR EACH STATEMENT EXECUTE FUNCTION case_event_refuse_change();
--> statement-breakpoint
-- Retention: audit events may be purged only by the purge (jiangbu.audit_purge = on), and only those
-- older than 184 days — nothing younger can be removed, whoever asks.
CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_event'
     AND current_setting('jiangbu.audit_purge', true) = 'on'
     AND OLD.at < now() - interval '184 days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused (只能追加)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
