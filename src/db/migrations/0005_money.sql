CREATE TABLE "settlement_batch_line" (
	"id" serial PRIMARY KEY NOT NULL,
	"batch_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"claim_id" text NOT NULL,
	"case_id" integer NOT NULL,
	"subject" text NOT NULL,
	"subject_name" text NOT NULL,
	"period" text,
	"payee_type" text NOT NULL,
	"payee_code" text NOT NULL,
	"payee_name" text NOT NULL,
	"bank_name" text,
	"account_name" text NOT NULL,
	"account_no" text NOT NULL,
	"amount" bigint NOT NULL,
	"explanation" jsonb NOT NULL,
	"params_hash" text NOT NULL,
	"result" text DEFAULT 'pending' NOT NULL,
	"result_reason" text,
	"result_at" timestamp with time zone,
	"result_by" text,
	CONSTRAINT "settlement_batch_line_result" CHECK ("settlement_batch_line"."result" in ('pending', 'paid', 'failed', 'returned')),
	CONSTRAINT "settlement_batch_line_amount" CHECK ("settlement_batch_line"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "committee_spending" (
	"id" serial PRIMARY KEY NOT NULL,
	"committee_id" integer NOT NULL,
	"spent_on" date NOT NULL,
	"item" text NOT NULL,
	"amount" bigint NOT NULL,
	"receipt_attachment_id" integer,
	"transfer_id" bigint NOT NULL,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "committee_spending_amount" CHECK ("committee_spending"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_account" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"programme" text,
	"year" integer,
	"community_id" integer,
	"payee_type" text,
	"payee_code" text,
	"no_overdraft" boolean NOT NULL,
	"debits_posted" bigint DEFAULT 0 NOT NULL,
	"credits_posted" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_account_code_unique" UNIQUE("code"),
	CONSTRAINT "ledger_account_kind" CHECK ("ledger_account"."kind" in ('source', 'budget', 'quota_source', 'quota', 'quota_used', 'reserved', 'paid', 'spent')),
	CONSTRAINT "ledger_account_no_overdraft" CHECK (not "ledger_account"."no_overdraft" or "ledger_account"."debits_posted" <= "ledger_account"."credits_posted"),
	CONSTRAINT "ledger_account_posted" CHECK ("ledger_account"."debits_posted" >= 0 and "ledger_account"."credits_posted" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transfer" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_transfer_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"debit_account_id" integer NOT NULL,
	"credit_account_id" integer NOT NULL,
	"amount" bigint NOT NULL,
	"claim_id" text,
	"case_id" integer,
	"batch_line_id" integer,
	"reverses_id" bigint,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	CONSTRAINT "ledger_transfer_kind" CHECK ("ledger_transfer"."kind" in ('appropriate', 'allot', 'reserve', 'pay', 'void', 'reverse', 'spend')),
	CONSTRAINT "ledger_transfer_amount" CHECK ("ledger_transfer"."amount" > 0),
	CONSTRAINT "ledger_transfer_accounts" CHECK ("ledger_transfer"."debit_account_id" <> "ledger_transfer"."credit_account_id"),
	CONSTRAINT "ledger_transfer_reverses" CHECK (("ledger_transfer"."kind" = 'reverse') = ("ledger_transfer"."reverses_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "payment_claim" (
	"claim_id" text PRIMARY KEY NOT NULL,
	"programme" text NOT NULL,
	"subject" text NOT NULL,
	"period" text,
	"year" integer NOT NULL,
	"case_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"payee_type" text NOT NULL,
	"payee_code" text NOT NULL,
	"amount" bigint NOT NULL,
	"state" text NOT NULL,
	"last_failure" text,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "payment_claim_state" CHECK ("payment_claim"."state" in ('reserved', 'batched', 'paid', 'voided')),
	CONSTRAINT "payment_claim_amount" CHECK ("payment_claim"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "settlement_batch" (
	"id" serial PRIMARY KEY NOT NULL,
	"batch_no" text NOT NULL,
	"programme" text NOT NULL,
	"period" text NOT NULL,
	"as_of" date NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"line_count" integer NOT NULL,
	"total" bigint NOT NULL,
	"policy" jsonb NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"created_by" text DEFAULT nullif(current_setting('jiangbu.actor', true), '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "settlement_batch_batch_no_unique" UNIQUE("batch_no"),
	CONSTRAINT "settlement_batch_state" CHECK ("settlement_batch"."state" in ('draft', 'approved', 'settled', 'cancelled')),
	CONSTRAINT "settlement_batch_period" CHECK ("settlement_batch"."period" ~ '^[0-9]{4}(H[12])?$'),
	CONSTRAINT "settlement_batch_approved" CHECK (("settlement_batch"."state" in ('draft', 'cancelled')) or ("settlement_batch"."approved_by" is not null))
);
--> statement-breakpoint
ALTER TABLE "committee" ADD COLUMN "custodian_bank_name" text;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "bank_name" text;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "bank_account_name" text;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "bank_account_no" text;--> statement-breakpoint
ALTER TABLE "settlement_batch_line" ADD CONSTRAINT "settlement_batch_line_batch_id_settlement_batch_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."settlement_batch"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_batch_line" ADD CONSTRAINT "settlement_batch_line_claim_id_payment_claim_claim_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."payment_claim"("claim_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_batch_line" ADD CONSTRAINT "settlement_batch_line_case_id_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_spending" ADD CONSTRAINT "committee_spending_committee_id_committee_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."committee"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_spending" ADD CONSTRAINT "committee_spending_receipt_attachment_id_attachment_id_fk" FOREIGN KEY ("receipt_attachment_id") REFERENCES "public"."attachment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_spending" ADD CONSTRAINT "committee_spending_transfer_id_ledger_transfer_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."ledger_transfer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_account" ADD CONSTRAINT "ledger_account_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_debit_account_id_ledger_account_id_fk" FOREIGN KEY ("debit_account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_credit_account_id_ledger_account_id_fk" FOREIGN KEY ("credit_account_id") REFERENCES "public"."ledger_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_case_id_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_batch_line_id_settlement_batch_line_id_fk" FOREIGN KEY ("batch_line_id") REFERENCES "public"."settlement_batch_line"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transfer" ADD CONSTRAINT "ledger_transfer_reverses_id_ledger_transfer_id_fk" FOREIGN KEY ("reverses_id") REFERENCES "public"."ledger_transfer"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_claim" ADD CONSTRAINT "payment_claim_case_id_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_claim" ADD CONSTRAINT "payment_claim_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_batch_line_seq" ON "settlement_batch_line" USING btree ("batch_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_batch_line_live" ON "settlement_batch_line" USING btree ("claim_id") WHERE "settlement_batch_line"."result" in ('pending', 'paid');--> statement-breakpoint
CREATE INDEX "committee_spending_committee" ON "committee_spending" USING btree ("committee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfer_pay_once" ON "ledger_transfer" USING btree ("claim_id") WHERE "ledger_transfer"."kind" = 'pay';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transfer_reversed_once" ON "ledger_transfer" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "ledger_transfer_claim" ON "ledger_transfer" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "ledger_transfer_debit" ON "ledger_transfer" USING btree ("debit_account_id");--> statement-breakpoint
CREATE INDEX "ledger_transfer_credit" ON "ledger_transfer" USING btree ("credit_account_id");--> statement-breakpoint
CREATE INDEX "payment_claim_ready" ON "payment_claim" USING btree ("programme","year","state");--> statement-breakpoint
-- The ledger keeps each account's posted debits and credits from its transfers: written here, in the
-- transfer's own transaction, and nowhere else. The UPDATE locks the account row, so concurrent
-- transfers on one account queue, and each sees the last balance; the account's CHECK
-- (ledger_account_no_overdraft) then refuses a transfer that would overdraw a budget, a quota or a
-- reservation — whoever writes it.
CREATE OR REPLACE FUNCTION ledger_transfer_post() RETURNS trigger AS $$
BEGIN
  PERFORM set_config('jiangbu.ledger_posting', 'on', true);
  UPDATE "ledger_account" SET "debits_posted" = "debits_posted" + NEW."amount" WHERE "id" = NEW."debit_account_id";
  UPDATE "ledger_account" SET "credits_posted" = "credits_posted" + NEW."amount" WHERE "id" = NEW."credit_account_id";
  PERFORM set_config('jiangbu.ledger_posting', 'off', true);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "ledger_transfer_post" AFTER INSERT ON "ledger_transfer"
  FOR EACH ROW EXECUTE FUNCTION ledger_transfer_post();
--> statement-breakpoint
-- Balances move only by transfers.
CREATE OR REPLACE FUNCTION ledger_account_guard() RETURNS trigger AS $$
BEGIN
  IF (NEW."debits_posted" IS DISTINCT FROM OLD."debits_posted" OR NEW."credits_posted" IS DISTINCT FROM OLD."credits_posted")
     AND current_setting('jiangbu.ledger_posting', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'ledger balances move only by transfers (账户余额只能由转账变动)'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW."code" IS DISTINCT FROM OLD."code" OR NEW."kind" IS DISTINCT FROM OLD."kind"
     OR NEW."no_overdraft" IS DISTINCT FROM OLD."no_overdraft" THEN
    RAISE EXCEPTION 'a ledger account''s code, kind and overdraft rule are fixed (账户属性不能修改)'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "ledger_account_guard" BEFORE UPDATE ON "ledger_account"
  FOR EACH ROW EXECUTE FUNCTION ledger_account_guard();
--> statement-breakpoint
-- Transfers are immutable: a correction is a new, reversing transfer. Only a seed, which replaces a demo
-- or test registry as a whole (jiangbu.reseed = on), may empty the ledger.
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' AND current_setting('jiangbu.reseed', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION '% is immutable: % refused — a correction is a new, reversing transfer (转账记录不可修改，更正须另立冲正转账)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "ledger_transfer_immutable" BEFORE UPDATE OR DELETE ON "ledger_transfer"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER "ledger_transfer_no_truncate" BEFORE TRUNCATE ON "ledger_transfer"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER "ledger_account_no_truncate" BEFORE TRUNCATE ON "ledger_account"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER "payment_claim_touch" BEFORE UPDATE ON "payment_claim" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "settlement_batch_touch" BEFORE UPDATE ON "settlement_batch" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
--> statement-breakpoint
CREATE TRIGGER "committee_spending_touch" BEFORE UPDATE ON "committee_spending" FOR EACH ROW EXECUTE FUNCTION jiangbu_touch();
