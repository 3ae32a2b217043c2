-- The feedback form is versioned (issue 12): each answer keeps the version of the questions it
-- was given, so later changes compare like with like. Version 1 is the first form
-- (satisfaction, relevant, comment); version 2 adds the survey's answers, kept as their JSON.
-- The feedback's sync JSON carries `questions` and `survey` only for version 2 and later
-- (`json_patch` drops a null member), so version 1 records keep their exact v1 shape.
-- Migration numbers 0013–0015 are taken by work on other branches.
alter table feedback add column questions integer not null default 1;
alter table feedback add column survey text;

drop view sync_feedback_records;
create view sync_feedback_records as
select id as key, json_object(
    'entity', 'feedback',
    'feedback', json_patch(json_object(
        'id', id,
        'contact_id', contact_id,
        'company', company_cvr,
        'submitted_at', submitted_at,
        'satisfaction', satisfaction,
        'relevant', json(case when relevant then 'true' else 'false' end),
        'comment', comment
    ), case when survey is null then '{}'
       else json_object('questions', questions, 'survey', json(survey)) end)
) as record
from feedback;
