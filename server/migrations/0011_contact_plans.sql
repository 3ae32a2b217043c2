-- The contact plan (issue 11): a coordinator's periodic plan of who contacts which companies.
-- A plan is a draft until published; publishing puts its items into the change log as
-- `planned_contact` records, and the assigned consultants answer them through sync.

create table contact_plans (
    id text primary key,
    period_from text not null,
    period_to text not null,
    status text not null check (status in ('draft', 'published')),
    -- Most suggestions per consultant the plan was computed with.
    capacity integer not null,
    created_by text not null references users (id),
    created_at text not null,
    published_by text references users (id),
    published_at text,
    updated_at text not null
);

create table contact_plan_items (
    id text primary key,
    plan_id text not null references contact_plans (id) on delete cascade,
    company_cvr text not null references companies (cvr),
    unit_id text not null references units (id),
    user_id text not null references users (id),
    -- The rule's priority and its place in the suggested order.
    score integer not null,
    position integer not null,
    -- JSON array of the domain's `PlanReason`.
    reasons text not null,
    status text not null default 'proposed' check (status in ('proposed', 'accepted', 'declined')),
    answer text,
    answered_by text references users (id),
    answered_at text,
    created_at text not null,
    updated_at text not null,
    unique (plan_id, company_cvr)
);
create index contact_plan_items_plan on contact_plan_items (plan_id, position);
create index contact_plan_items_company on contact_plan_items (company_cvr);

-- The JSON a planned contact travels as (`SyncedRecord::PlannedContact`); only published
-- plans' items are synced.
create view sync_planned_contact_records as
select i.id as key, json_object(
    'entity', 'planned_contact',
    'item', json_object(
        'id', i.id,
        'plan_id', i.plan_id,
        'company', i.company_cvr,
        'unit_id', i.unit_id,
        'user_id', i.user_id,
        'from', p.period_from,
        'to', p.period_to,
        'reasons', json(i.reasons),
        'status', i.status,
        'answer', i.answer
    )
) as record
from contact_plan_items i join contact_plans p on p.id = i.plan_id
where p.status = 'published';
