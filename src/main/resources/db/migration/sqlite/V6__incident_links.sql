-- Root causes and their symptoms: an incident on a target is linked to the open incident of a
-- target it depends on (depends_on), which is the one medic heals. A link is active while
-- unlinked_at is NULL; it ends when the symptom closes or its root resolves, and stays as history
-- (which targets a root's outage reached). No foreign key to incidents: like the ledger, a link
-- must be recordable whatever else the store holds.
CREATE TABLE incident_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    symptom_id  INTEGER NOT NULL,
    root_id     INTEGER NOT NULL,
    linked_at   INTEGER NOT NULL,
    unlinked_at INTEGER,
    CHECK (symptom_id <> root_id),
    CHECK (unlinked_at IS NULL OR unlinked_at >= linked_at)
);
-- A symptom has one root at a time.
CREATE UNIQUE INDEX incident_links_one_active ON incident_links(symptom_id) WHERE unlinked_at IS NULL;
CREATE INDEX incident_links_root ON incident_links(root_id, id);
