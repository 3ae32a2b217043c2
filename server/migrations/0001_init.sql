-- Kontaktpunkt's first schema. Ids are UUID text, dates ISO-8601 text (sortable).

create table units (
    id text primary key,
    name text not null unique,
    created_at text not null
);

create table users (
    id text primary key,
    -- Case-insensitive: phones capitalise the first letter of what people type.
    username text not null unique collate nocase,
    display_name text not null,
    role text not null check (role in ('consultant', 'coordinator', 'admin')),
    unit_id text references units (id),
    password_hash text not null,
    created_at text not null,
    updated_at text not null
);

-- Only a hash of each bearer token is stored, so a leaked database opens no session.
create table sessions (
    token_hash text primary key,
    user_id text not null references users (id) on delete cascade,
    created_at text not null,
    expires_at text not null
);
create index sessions_user on sessions (user_id);

create table companies (
    cvr text primary key,
    p_number text,
    name text not null,
    street text not null,
    postal_code text not null,
    town text not null,
    municipality_code integer not null,
    industry_code text not null,
    industry_text text not null,
    industry_version text not null,
    employees text not null,
    advertising_protected integer not null,
    active integer not null default 1,
    created_at text not null,
    updated_at text not null
);
create index companies_name on companies (name);
create index companies_postal_code on companies (postal_code);
create index companies_industry on companies (industry_code);

create table contacts (
    id text primary key,
    company_cvr text not null references companies (cvr),
    unit_id text not null references units (id),
    user_id text not null references users (id),
    kind text not null check (kind in ('visit', 'phone', 'meeting', 'event', 'email')),
    purposes text not null, -- JSON array of purpose codes
    contact_date text not null,
    notes text not null,
    follow_up_due text,
    follow_up_note text,
    created_at text not null,
    updated_at text not null
);
create index contacts_company_date on contacts (company_cvr, contact_date);
create index contacts_unit_date on contacts (unit_id, contact_date);

create table feedback (
    id text primary key,
    contact_id text not null references contacts (id),
    company_cvr text not null references companies (cvr),
    submitted_at text not null,
    satisfaction integer not null check (satisfaction between 1 and 5),
    relevant integer not null,
    comment text not null,
    created_at text not null
);
create index feedback_company on feedback (company_cvr);

create table do_not_contact (
    company_cvr text primary key references companies (cvr),
    reason text not null,
    registered_by text not null references users (id),
    registered_on text not null,
    created_at text not null
);
