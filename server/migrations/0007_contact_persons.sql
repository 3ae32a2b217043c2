-- The company's contact persons become a fourth shared field. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt with its rows (and the view reading it is
-- recreated around the rebuild).
drop view sync_company_field_records;

create table company_shared_fields_v7 (
    cvr text not null references companies (cvr),
    field text not null check (field in ('key_account', 'tags', 'notes', 'contact_persons')),
    value text,
    seq integer not null,
    mutation_id text not null,
    user_id text not null references users (id),
    updated_at text not null,
    primary key (cvr, field)
);

insert into company_shared_fields_v7 (cvr, field, value, seq, mutation_id, user_id, updated_at)
select cvr, field, value, seq, mutation_id, user_id, updated_at from company_shared_fields;

drop table company_shared_fields;
alter table company_shared_fields_v7 rename to company_shared_fields;

create view sync_company_field_records as
select cvr || '/' || field as key,
       json_object('entity', 'company_field', 'company', cvr, 'field', field, 'value', value) as record
from company_shared_fields;
