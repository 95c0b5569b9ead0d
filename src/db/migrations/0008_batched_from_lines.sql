ALTER TABLE "payment_claim" DROP CONSTRAINT "payment_claim_state";--> statement-breakpoint
ALTER TABLE "settlement_batch_line" DROP CONSTRAINT "settlement_batch_line_case_id_case_id_fk";--> statement-breakpoint
-- a claim held by a batch is now read from its pending line (docs/domain.md "Money"): back to reserved
UPDATE "payment_claim" SET "state" = 'reserved' WHERE "state" = 'batched';--> statement-breakpoint
ALTER TABLE "payment_claim" ADD CONSTRAINT "payment_claim_state" CHECK ("payment_claim"."state" in ('reserved', 'paid', 'voided'));
