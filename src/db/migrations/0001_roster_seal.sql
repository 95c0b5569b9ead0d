-- The 2023 roster is a sealed snapshot: a sealed row can be neither updated nor deleted.
-- Corrections append a new row that supersedes the old one (roster_change), so history stays.
CREATE OR REPLACE FUNCTION roster2023_refuse_change() RETURNS trigger AS $$
BEGIN
  IF OLD.sealed THEN
    RAISE EXCEPTION 'roster2023_entry % is sealed: corrections go through roster_change (2023年底在册名单已封存，更正须经变更申请)', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER roster2023_sealed BEFORE UPDATE OR DELETE ON roster2023_entry
  FOR EACH ROW EXECUTE FUNCTION roster2023_refuse_change();
--> statement-breakpoint
-- The roster in force: every entry no later entry supersedes, less those that take a compound off.
CREATE VIEW roster2023_current AS
  SELECT e.* FROM roster2023_entry e
  WHERE NOT e.removed AND NOT EXISTS (SELECT 1 FROM roster2023_entry x WHERE x.supersedes_id = e.id);
