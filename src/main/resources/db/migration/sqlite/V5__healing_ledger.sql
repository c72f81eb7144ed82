-- The healing ledger: every attempt of a strategy, typed, for the policy that limits healing
-- (cooldowns, the hourly budget, a ladder's attempts, the backoff streak, the breaker's memory).
-- The audit stays the trail for people; no limit reads its wording any more.
--
-- A row is begun before its action runs (result NULL) and finished once after it: a row still
-- unfinished at start is an action a crash of medic cut off. finished_at is when the action
-- ended: cooldowns and the budget count from it. healed is the attempt's verdict: set by the
-- verify after an 'ok' action, 0 for a 'failed' action, NULL otherwise (no effect, dry run,
-- interrupted, not verified yet). No foreign key to incidents: an attempt must be recordable
-- whatever else the store holds.
CREATE TABLE healing_ledger (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id INTEGER NOT NULL,
    target      TEXT    NOT NULL,
    strategy    TEXT    NOT NULL,
    action      TEXT    NOT NULL DEFAULT '',
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    result      TEXT CHECK (result IN ('ok', 'no_effect', 'failed', 'interrupted', 'dry_run')),
    healed      INTEGER CHECK (healed IN (0, 1)),
    detail      TEXT    NOT NULL DEFAULT '',
    CHECK ((result IS NULL) = (finished_at IS NULL)),
    CHECK (healed IS NULL OR result IN ('ok', 'failed'))
);
CREATE INDEX healing_ledger_cooldown ON healing_ledger(target, strategy, finished_at);
CREATE INDEX healing_ledger_budget ON healing_ledger(target, finished_at);
CREATE INDEX healing_ledger_ladder ON healing_ledger(incident_id, strategy);
CREATE INDEX healing_ledger_unfinished ON healing_ledger(id) WHERE result IS NULL;
CREATE INDEX healing_ledger_verdicts ON healing_ledger(id) WHERE healed IS NOT NULL;

-- Limits survive the upgrade: the ledger starts with what the audit recorded. Each 'action' row
-- is a finished attempt (its start is its 'intent' row's, when there is one; an 'ok' action's
-- verdict is the 'attempt' row after it); each 'intent' row without an 'action' after it is an unfinished one,
-- which the next start finishes as interrupted. Rows go in in audit order.
INSERT INTO healing_ledger (incident_id, target, strategy, action, started_at, finished_at, result, healed, detail)
SELECT incident_id, target, strategy, action, started_at, finished_at, result, healed, detail
FROM (
    SELECT a.id AS audit_id, a.incident_id, a.target, a.strategy,
           CASE WHEN instr(a.detail, ' -> ') > 0 THEN substr(a.detail, 1, instr(a.detail, ' -> ') - 1)
                ELSE a.detail END AS action,
           coalesce((SELECT i.at FROM audit i
                     WHERE i.kind = 'intent' AND i.incident_id = a.incident_id AND i.strategy = a.strategy
                       AND i.id < a.id
                       AND NOT EXISTS (SELECT 1 FROM audit p WHERE p.kind = 'action'
                                       AND p.incident_id = a.incident_id AND p.strategy = a.strategy
                                       AND p.id > i.id AND p.id < a.id)
                     ORDER BY i.id DESC LIMIT 1), a.at) AS started_at,
           a.at AS finished_at,
           CASE a.result WHEN 'ok' THEN 'ok' WHEN 'no_effect' THEN 'no_effect' WHEN 'interrupted' THEN 'interrupted'
                         WHEN 'dry-run' THEN 'dry_run' ELSE 'failed' END AS result,
           CASE WHEN a.result = 'ok'
                THEN (SELECT CASE t.result WHEN 'ok' THEN 1 WHEN 'failed' THEN 0 END FROM audit t
                      WHERE t.kind = 'attempt' AND t.incident_id = a.incident_id AND t.strategy = a.strategy
                        AND t.id > a.id
                        AND NOT EXISTS (SELECT 1 FROM audit n WHERE n.kind = 'action'
                                        AND n.incident_id = a.incident_id AND n.strategy = a.strategy
                                        AND n.id > a.id AND n.id < t.id)
                      ORDER BY t.id LIMIT 1)
                WHEN a.result IN ('no_effect', 'interrupted', 'dry-run') THEN NULL
                ELSE 0 END AS healed,
           a.detail
    FROM audit a
    WHERE a.kind = 'action' AND a.incident_id IS NOT NULL AND a.target IS NOT NULL AND a.strategy IS NOT NULL
    UNION ALL
    SELECT i.id, i.incident_id, i.target, i.strategy, i.detail, i.at, NULL, NULL, NULL, ''
    FROM audit i
    WHERE i.kind = 'intent' AND i.incident_id IS NOT NULL AND i.target IS NOT NULL AND i.strategy IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM audit b WHERE b.kind = 'action' AND b.id > i.id
                      AND b.incident_id = i.incident_id AND b.strategy = i.strategy)
)
ORDER BY audit_id;

-- One open incident per (target, condition), enforced by the database: there since V1, restated
-- because the store's open-if-absent rests on it.
CREATE UNIQUE INDEX IF NOT EXISTS incidents_one_open ON incidents(target, condition) WHERE state <> 'resolved';
