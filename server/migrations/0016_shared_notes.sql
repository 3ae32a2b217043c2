-- The author of a contact may share its notes with every unit (issue 14: other units see
-- that a contact happened, not its notes, "unless the author marks the note shared"). The
-- sync JSON carries `notes_shared` only when it is true, so every other record keeps its
-- exact v1 shape.
alter table contacts add column notes_shared integer not null default 0;

drop view sync_contact_records;
create view sync_contact_records as
select id as key, json_object(
    'entity', 'contact',
    'contact', json_patch(json_object(
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
    ), json_object(
        'do_not_contact_reason', do_not_contact_reason,
        'notes_shared', case when notes_shared then json('true') else null end
    ))
) as record
from contacts;
