-- The company register: reference tables, register fields the first schema lacked,
-- production units, and the admin's uploaded imports.

-- DB07 at every level. `code` is the code at its own level: the section letter (level 0),
-- then 2, 3, 4 and 6 digits, so codes of different levels never collide.
create table industries (
    code text primary key,
    level integer not null check (level between 0 and 4),
    section text not null,
    dotted_code text not null,
    text text not null,
    -- Statistics Denmark's 10-group standard grouping (11 = "Uoplyst").
    group_number integer not null check (group_number between 1 and 11),
    version text not null
);
create index industries_level_group on industries (level, group_number);

create table industry_groups (
    number integer primary key,
    name text not null,
    sections text not null
);

-- A postal code can span several municipalities: one row per overlap.
create table postal_codes (
    postal_code text not null,
    municipality_code integer not null,
    town text not null,
    primary key (postal_code, municipality_code)
);
create index postal_codes_municipality on postal_codes (municipality_code);

-- Register facts of a company that the domain type does not carry yet. `register_status`
-- tells apart why a company is inactive: 'ceased' by the register, or 'missing' from the
-- last full refresh.
alter table companies add column company_form text;
alter table companies add column care_of text;
alter table companies add column register_status text not null default 'active'
    check (register_status in ('active', 'ceased', 'missing'));

-- Secondary industries (bibranche 1–3), in the register's order.
create table company_industries (
    company_cvr text not null references companies (cvr),
    rank integer not null check (rank between 1 and 3),
    code text not null,
    text text not null,
    version text not null,
    primary key (company_cvr, rank)
);

-- Workplaces. No foreign key to companies: a unit in the municipality may belong to a
-- company registered elsewhere, which the municipality does not import.
create table production_units (
    p_number text primary key,
    cvr text,
    name text not null,
    street text not null,
    postal_code text not null,
    town text not null,
    care_of text,
    municipality_code integer not null,
    industry_code text,
    industry_text text,
    industry_version text,
    employees text not null,
    advertising_protected integer not null,
    active integer not null,
    created_at text not null,
    updated_at text not null
);
create index production_units_cvr on production_units (cvr);

-- Uploaded register files: previewed first, applied or discarded on the admin's word.
create table imports (
    id text primary key,
    format text not null check (format in ('cvr', 'csv')),
    full_refresh integer not null,
    -- The municipality filter used (CVR JSON); null reads every municipality.
    municipality_code integer,
    file_bytes integer not null,
    uploaded_by text not null references users (id),
    uploaded_at text not null,
    status text not null check (status in ('pending', 'applied', 'discarded')),
    finished_at text,
    -- JSON: the preview answered at upload, and the summary (dry run, then the applied one).
    preview text not null,
    summary text not null,
    created_at text not null,
    updated_at text not null
);
create index imports_uploaded_at on imports (uploaded_at);
