CREATE TABLE "assessment" (
	"id" serial PRIMARY KEY NOT NULL,
	"engagement_id" integer NOT NULL,
	"period" text NOT NULL,
	"item_scores" jsonb,
	"total" numeric(5, 2) NOT NULL,
	"assessors" text,
	"assessed_on" date,
	"published" boolean DEFAULT false NOT NULL,
	CONSTRAINT "assessment_once" UNIQUE("engagement_id","period"),
	CONSTRAINT "assessment_total_range" CHECK ("assessment"."total" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "attachment_blob" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachment" (
	"id" serial PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"mime" text NOT NULL,
	"file_name" text NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" integer NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_sha256" CHECK ("attachment"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "budget" (
	"id" serial PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"programme" text NOT NULL,
	"community_id" integer,
	"amount" numeric(14, 2) NOT NULL,
	"entered_by" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_once" UNIQUE NULLS NOT DISTINCT("year","programme","community_id"),
	CONSTRAINT "budget_amount" CHECK ("budget"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "committee_contract" (
	"id" serial PRIMARY KEY NOT NULL,
	"committee_id" integer NOT NULL,
	"company_id" integer,
	"signed_on" date NOT NULL,
	"ended_on" date
);
--> statement-breakpoint
CREATE TABLE "committee" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"compound_id" integer NOT NULL,
	"established" date NOT NULL,
	"filing_no" text,
	"custodian_name" text,
	"custodian_account_name" text,
	"custodian_account_no" text,
	"members" jsonb,
	"operating_normally" boolean DEFAULT false NOT NULL,
	"review_approved" boolean DEFAULT false NOT NULL,
	CONSTRAINT "committee_code_unique" UNIQUE("code"),
	CONSTRAINT "committee_natural_key" UNIQUE("compound_id","established")
);
--> statement-breakpoint
CREATE TABLE "community" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"subdistrict_id" integer,
	CONSTRAINT "community_code_unique" UNIQUE("code"),
	CONSTRAINT "community_natural_key" UNIQUE("subdistrict_id","name")
);
--> statement-breakpoint
CREATE TABLE "company" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"uscc" text,
	"bank_account_name" text,
	"bank_account_no" text,
	"contact_name" text,
	"contact_phone" text,
	CONSTRAINT "company_code_unique" UNIQUE("code"),
	CONSTRAINT "company_uscc_unique" UNIQUE("uscc"),
	CONSTRAINT "company_uscc_format" CHECK ("company"."uscc" is null or "company"."uscc" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$')
);
--> statement-breakpoint
CREATE TABLE "compound" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"managed_area" numeric(12, 2) NOT NULL,
	"households" integer NOT NULL,
	"occupied_households" integer,
	"category" text,
	"managed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compound_code_unique" UNIQUE("code"),
	CONSTRAINT "compound_natural_key" UNIQUE("community_id","name"),
	CONSTRAINT "compound_area_positive" CHECK ("compound"."managed_area" > 0),
	CONSTRAINT "compound_households" CHECK ("compound"."households" >= 0 and ("compound"."occupied_households" is null or "compound"."occupied_households" between 0 and "compound"."households"))
);
--> statement-breakpoint
CREATE TABLE "engagement" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"compound_id" integer NOT NULL,
	"company_id" integer NOT NULL,
	"entry_date" date NOT NULL,
	"contract_signed" date,
	"commitment_signed" date,
	"end_date" date,
	"managed_area" numeric(12, 2),
	CONSTRAINT "engagement_code_unique" UNIQUE("code"),
	CONSTRAINT "engagement_end_after_entry" CHECK ("engagement"."end_date" is null or "engagement"."end_date" >= "engagement"."entry_date")
);
--> statement-breakpoint
CREATE TABLE "facility_application" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"project_id" integer NOT NULL,
	"submitted_on" date NOT NULL,
	"committee_established" boolean NOT NULL,
	"collection_rate" numeric NOT NULL,
	"fee_ratio" numeric NOT NULL,
	CONSTRAINT "facility_application_code_unique" UNIQUE("code"),
	CONSTRAINT "facility_application_ratios" CHECK ("facility_application"."collection_rate" >= 0 and "facility_application"."fee_ratio" >= 0)
);
--> statement-breakpoint
CREATE TABLE "facility_project" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"compound_id" integer NOT NULL,
	"category" text NOT NULL,
	"description" text,
	"accepted_on" date,
	"investment" numeric(14, 2) NOT NULL,
	"funding_residents" numeric(14, 2),
	"funding_company" numeric(14, 2),
	"funding_community" numeric(14, 2),
	"funding_other" numeric(14, 2),
	CONSTRAINT "facility_project_code_unique" UNIQUE("code"),
	CONSTRAINT "facility_project_investment" CHECK ("facility_project"."investment" >= 0)
);
--> statement-breakpoint
CREATE TABLE "market_price" (
	"id" serial PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"price" numeric NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"source" text,
	CONSTRAINT "market_price_once" UNIQUE("category","effective_from"),
	CONSTRAINT "market_price_non_negative" CHECK ("market_price"."price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "period_facts" (
	"id" serial PRIMARY KEY NOT NULL,
	"engagement_id" integer NOT NULL,
	"period" text NOT NULL,
	"committee_support" boolean NOT NULL,
	"enhanced_services" boolean NOT NULL,
	"basic_services" boolean NOT NULL,
	"fees_receivable_occupied" numeric(14, 2) NOT NULL,
	"fees_collected" numeric(14, 2) NOT NULL,
	"fee_standard" numeric NOT NULL,
	"market_price" numeric,
	CONSTRAINT "period_facts_once" UNIQUE("engagement_id","period"),
	CONSTRAINT "period_facts_period" CHECK ("period_facts"."period" ~ '^[0-9]{4}H[12]$'),
	CONSTRAINT "period_facts_non_negative" CHECK ("period_facts"."fees_receivable_occupied" >= 0 and "period_facts"."fees_collected" >= 0 and "period_facts"."fee_standard" >= 0 and ("period_facts"."market_price" is null or "period_facts"."market_price" >= 0))
);
--> statement-breakpoint
CREATE TABLE "rectification" (
	"id" serial PRIMARY KEY NOT NULL,
	"engagement_id" integer NOT NULL,
	"year" integer NOT NULL,
	"ordered_on" date,
	"deadline" date,
	"outcome" text,
	"decided_on" date,
	"note" text,
	CONSTRAINT "rectification_once" UNIQUE("engagement_id","year"),
	CONSTRAINT "rectification_decided" CHECK (("rectification"."outcome" is null) = ("rectification"."decided_on" is null))
);
--> statement-breakpoint
CREATE TABLE "roster2023_entry" (
	"id" serial PRIMARY KEY NOT NULL,
	"compound_id" integer NOT NULL,
	"name" text NOT NULL,
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"managed_area" numeric(12, 2) NOT NULL,
	"households" integer NOT NULL,
	"removed" boolean DEFAULT false NOT NULL,
	"supersedes_id" integer,
	"change_id" integer,
	"sealed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roster2023_supersedes_once" UNIQUE("supersedes_id")
);
--> statement-breakpoint
CREATE TABLE "roster_change" (
	"id" serial PRIMARY KEY NOT NULL,
	"compound_id" integer NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"values" jsonb,
	"evidence_attachment_id" integer,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "subdistrict" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "subdistrict_code_unique" UNIQUE("code"),
	CONSTRAINT "subdistrict_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "survey_response" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"household_code" text NOT NULL,
	"level" integer NOT NULL,
	"answered_on" date NOT NULL,
	CONSTRAINT "survey_response_once" UNIQUE("survey_id","household_code"),
	CONSTRAINT "survey_response_level" CHECK ("survey_response"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "survey" (
	"id" serial PRIMARY KEY NOT NULL,
	"compound_id" integer NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date
);
--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_engagement_id_engagement_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_sha256_attachment_blob_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."attachment_blob"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget" ADD CONSTRAINT "budget_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_contract" ADD CONSTRAINT "committee_contract_committee_id_committee_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committee"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_contract" ADD CONSTRAINT "committee_contract_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee" ADD CONSTRAINT "committee_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community" ADD CONSTRAINT "community_subdistrict_id_subdistrict_id_fk" FOREIGN KEY ("subdistrict_id") REFERENCES "public"."subdistrict"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compound" ADD CONSTRAINT "compound_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement" ADD CONSTRAINT "engagement_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement" ADD CONSTRAINT "engagement_company_id_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_application" ADD CONSTRAINT "facility_application_project_id_facility_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."facility_project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_project" ADD CONSTRAINT "facility_project_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_facts" ADD CONSTRAINT "period_facts_engagement_id_engagement_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification" ADD CONSTRAINT "rectification_engagement_id_engagement_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD CONSTRAINT "roster2023_entry_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster2023_entry" ADD CONSTRAINT "roster2023_entry_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roster_change" ADD CONSTRAINT "roster_change_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_response" ADD CONSTRAINT "survey_response_survey_id_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey" ADD CONSTRAINT "survey_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_owner" ON "attachment" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "engagement_compound" ON "engagement" USING btree ("compound_id");--> statement-breakpoint
CREATE INDEX "roster2023_compound" ON "roster2023_entry" USING btree ("compound_id");