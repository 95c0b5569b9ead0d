CREATE TABLE "complaint" (
	"id" serial PRIMARY KEY NOT NULL,
	"compound_id" integer NOT NULL,
	"category" text NOT NULL,
	"text" text NOT NULL,
	"contact" text,
	"lodged_at" timestamp with time zone NOT NULL,
	"lodged_on" date NOT NULL,
	"ip" text,
	"status" text DEFAULT 'open' NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"acknowledgement" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	CONSTRAINT "complaint_category" CHECK ("complaint"."category" in ('cleaning', 'repair', 'security', 'fees', 'service', 'other')),
	CONSTRAINT "complaint_status" CHECK ("complaint"."status" in ('open', 'acknowledged', 'resolved')),
	CONSTRAINT "complaint_text" CHECK (char_length("complaint"."text") between 1 and 1000),
	CONSTRAINT "complaint_contact" CHECK ("complaint"."contact" is null or char_length("complaint"."contact") between 1 and 50),
	CONSTRAINT "complaint_acknowledged" CHECK (("complaint"."acknowledged_at" is null) = ("complaint"."acknowledged_by" is null and "complaint"."acknowledgement" is null)
        and ("complaint"."status" <> 'acknowledged' or "complaint"."acknowledged_at" is not null)),
	CONSTRAINT "complaint_resolved" CHECK (("complaint"."status" = 'resolved') = ("complaint"."resolved_by" is not null and "complaint"."resolved_at" is not null and "complaint"."resolution" is not null))
);
--> statement-breakpoint
CREATE TABLE "survey_code" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"code_hash" text NOT NULL,
	"issued_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "survey_code_hash_hex" CHECK ("survey_code"."code_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "complaint" ADD CONSTRAINT "complaint_compound_id_compound_id_fk" FOREIGN KEY ("compound_id") REFERENCES "public"."compound"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_code" ADD CONSTRAINT "survey_code_survey_id_survey_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."survey"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_compound_day" ON "complaint" USING btree ("compound_id","lodged_on");--> statement-breakpoint
CREATE INDEX "complaint_unresolved" ON "complaint" USING btree ("status") WHERE "complaint"."status" <> 'resolved';--> statement-breakpoint
CREATE UNIQUE INDEX "survey_code_hash" ON "survey_code" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "survey_code_survey" ON "survey_code" USING btree ("survey_id");