-- Tamper evidence: each audit row is chained to the one before it by SHA-256 (computed by medic;
-- SQLite has no hash function). prev_hash is the previous row's hash, '' for the first row.
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;

-- Rows written before this migration have no hash yet: medic chains them, in id order, the first
-- time it opens the store (right after this migration). Only rows up to this id may be chained
-- after the fact: a row without a hash above it was written around medic and breaks the chain.
CREATE TABLE audit_chain_legacy (last_id INTEGER NOT NULL);
INSERT INTO audit_chain_legacy SELECT coalesce(max(id), 0) FROM audit;

-- Still append-only; the one update allowed is filling in the hash of a pre-chain row, once,
-- with every other column unchanged.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (OLD.hash IS NULL
          AND OLD.id <= (SELECT last_id FROM audit_chain_legacy)
          AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.incident_id IS OLD.incident_id
          AND NEW.target IS OLD.target AND NEW.kind IS OLD.kind AND NEW.strategy IS OLD.strategy
          AND NEW.result IS OLD.result AND NEW.detail IS OLD.detail AND NEW.actor IS OLD.actor)
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
