-- The GDPR tools (issue 14) read a contact person's audit entries by the person's id.
create index audit_log_subject on audit_log (subject, id);
