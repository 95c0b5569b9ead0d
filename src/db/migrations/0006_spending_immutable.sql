-- A committee's spending entries (clause 3.3) are as immutable as the transfers they record: an entry
-- is corrected by a new reversing transfer (src/service/money/spending.ts), never edited or deleted.
-- The same guard as the ledger's (0005): only a seed (jiangbu.reseed = on) may empty the table.
CREATE TRIGGER "committee_spending_immutable" BEFORE UPDATE OR DELETE ON "committee_spending"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER "committee_spending_no_truncate" BEFORE TRUNCATE ON "committee_spending"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
DROP TRIGGER IF EXISTS "committee_spending_touch" ON "committee_spending";
