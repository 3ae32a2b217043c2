-- The sync engine (protocol v1): the numbered change log, remembered mutations, shared company
-- fields merged per field, conflict records, and done follow-ups.

-- One row per synced record: its latest change. A new change to the same record replaces the
-- row (`insert or replace` on the unique key), so the log never holds more rows than records
-- plus tombstones and a first sync downloads each record once. `seq` is AUTOINCREMENT: never
-- reused, allocated inside the writer's transaction, so commit order is seq order.
-- `record` is the JSON of the contract's `SyncedRecord`, as the device receives it.
create table change_log (
    seq integer primary key autoincrement,
    entity text not null,
    key text not null,
    record text not null,
    created_at text not null
);
create unique index change_log_entity_key on change_log (entity, key);

-- Every pushed mutation id, applied or rejected, in the same transaction as its effect:
-- a retry is answered from here and never applied twice.
create table applied_mutations (
    id text primary key,
    user_id text not null references users (id),
    device_id text not null,
    -- The last change-log seq the mutation produced; null when it changed nothing.
    seq integer,
    -- JSON of the `Outcome` first answered.
    outcome text not null,
    applied_at text not null
);

-- Municipality-kept company data, one row per field; `seq` is the field's last change.
create table company_shared_fields (
    cvr text not null references companies (cvr),
    field text not null check (field in ('key_account', 'tags', 'notes')),
    value text,
    seq integer not null,
    mutation_id text not null,
    user_id text not null references users (id),
    updated_at text not null,
    primary key (cvr, field)
);

-- How concurrent changes were decided; a coordinator lists them.
create table conflicts (
    id integer primary key autoincrement,
    seq integer not null,
    company_cvr text not null,
    -- A shared field name, or 'do_not_contact'.
    subject text not null,
    kept_value text,
    lost_value text,
    kept_mutation text,
    kept_by text,
    lost_mutation text,
    lost_by text,
    created_at text not null
);

alter table contacts add column follow_up_done_on text;
-- The sequence at which a do-not-contact flag was last set (null: set before the log existed,
-- then its log entry's sequence counts).
alter table do_not_contact add column set_seq integer;

-- The JSON each entity travels as, written by SQLite itself so bulk paths (backfill, register
-- import, demo seed) and single pushes share one encoder. Tests pin it against serde's.
create view sync_company_records as
select cvr as key, json_object(
    'entity', 'company',
    'company', json_object(
        'cvr', cvr,
        'p_number', p_number,
        'name', name,
        'address', json_object('street', street, 'postal_code', postal_code, 'town', town),
        'municipality_code', municipality_code,
        'industry', json_object('code', industry_code, 'text', industry_text, 'version', industry_version),
        'employees', employees,
        'advertising_protected', json(case when advertising_protected then 'true' else 'false' end),
        'active', json(case when active then 'true' else 'false' end)
    )
) as record
from companies;

create view sync_unit_records as
select id as key, json_object('entity', 'unit', 'unit', json_object('id', id, 'name', name)) as record
from units;

create view sync_contact_records as
select id as key, json_object(
    'entity', 'contact',
    'contact', json_object(
        'id', id,
        'company', company_cvr,
        'unit_id', unit_id,
        'user_id', user_id,
        'kind', kind,
        'purposes', json(purposes),
        'date', contact_date,
        'notes', notes,
        'follow_up', case when follow_up_due is null then null
                     else json_object('due', follow_up_due, 'note', coalesce(follow_up_note, '')) end
    )
) as record
from contacts;

create view sync_follow_up_records as
select id as key, json_object('entity', 'follow_up_completed', 'contact_id', id, 'done_on', follow_up_done_on)
    as record
from contacts
where follow_up_done_on is not null;

create view sync_feedback_records as
select id as key, json_object(
    'entity', 'feedback',
    'feedback', json_object(
        'id', id,
        'contact_id', contact_id,
        'company', company_cvr,
        'submitted_at', submitted_at,
        'satisfaction', satisfaction,
        'relevant', json(case when relevant then 'true' else 'false' end),
        'comment', comment
    )
) as record
from feedback;

create view sync_do_not_contact_records as
select company_cvr as key, json_object(
    'entity', 'do_not_contact',
    'entry', json_object(
        'company', company_cvr,
        'reason', reason,
        'registered_by', registered_by,
        'registered_on', registered_on
    )
) as record
from do_not_contact;

create view sync_company_field_records as
select cvr || '/' || field as key,
       json_object('entity', 'company_field', 'company', cvr, 'field', field, 'value', value) as record
from company_shared_fields;
