//! The import screen's parts, drawn for one language at a time (redrawn when it changes).
//! Buttons carry `data-action`; the page handles their clicks in one place.

use super::dom::{H, h, hc, ht};
use super::texts::{T, apply_progress, bytes, field_label, listed_of, record, t, time, upload_progress};
use super::{Choice, Problem};
use crate::admin_api::{ApplyProgress, Entry, Preview, Summary};
use crate::i18n::{Lang, number};

/// Format, options and the file.
pub fn form(lang: Lang, choice: &Choice) -> H {
    let option = |value: &str, key: T, selected: bool| {
        let o = h("option").attr("value", value).text(t(lang, key));
        if selected { o.attr("selected", "") } else { o }
    };
    let format = hc("div", "field").add(label("import-format", t(lang, T::Format))).add(
        h("select").id("import-format").add(option("cvr", T::FormatCvr, choice.format == "cvr")).add(option(
            "csv",
            T::FormatCsv,
            choice.format == "csv",
        )),
    );
    let municipality = hc("div", "field import-municipality")
        .add(label("import-municipality", t(lang, T::Municipality)))
        .add(
            h("select")
                .id("import-municipality")
                .attr("aria-describedby", "import-municipality-hint")
                .add(option("own", T::MunicipalityOwn, !choice.all))
                .add(option("all", T::MunicipalityAll, choice.all)),
        )
        .add(ht("p", "muted small", t(lang, T::MunicipalityHint)).id("import-municipality-hint"));
    let mut checkbox =
        h("input").attr("type", "checkbox").id("import-full").attr("aria-describedby", "import-full-hint");
    if choice.full {
        checkbox = checkbox.attr("checked", "");
    }
    let full = hc("div", "field import-full")
        .add(hc("label", "check check-large").add(checkbox).text(t(lang, T::Full)))
        .add(ht("p", "small", t(lang, T::FullHint)).id("import-full-hint"));
    let file = hc("div", "import-drop")
        .add(label("import-file", t(lang, T::File)))
        .add(
            h("input")
                .attr("type", "file")
                .id("import-file")
                .attr("accept", ".json,.jsonl,.ndjson,.csv,.txt,application/json,text/csv")
                .attr("aria-describedby", "import-file-hint"),
        )
        .add(ht("p", "muted small", t(lang, T::FileHint)).id("import-file-hint"))
        .add(chosen(lang, choice.chosen.as_ref()));
    hc("form", "panel form import-form")
        .id("import-form")
        .attr("novalidate", "")
        .add(hc("div", "import-options").add(format).add(municipality))
        .add(full)
        .add(file)
        .add(
            hc("div", "button-row").add(
                ht("button", "button button-primary", t(lang, T::Upload))
                    .attr("type", "submit")
                    .id("import-upload"),
            ),
        )
}

/// "virksomheder.csv · 12 kB" under the file picker.
pub fn chosen(lang: Lang, chosen: Option<&(String, f64)>) -> H {
    let p = hc("p", "import-chosen").id("import-chosen").attr("data-testid", "import-chosen");
    match chosen {
        Some((name, size)) => p.add(h("strong").text(name)).text(&format!(" · {}", bytes(lang, *size))),
        None => p.attr("hidden", ""),
    }
}

fn label(target: &str, text: &str) -> H {
    h("label").attr("for", target).text(text)
}

/// The progress bar; [`update_progress`] moves it.
pub fn progress(lang: Lang) -> H {
    hc("div", "panel import-progress")
        .attr("aria-busy", "true")
        .add(
            h("label").attr("for", "import-progress").id("import-progress-label").text(t(lang, T::Uploading)),
        )
        .add(h("progress").id("import-progress").attr("tabindex", "-1").attr("max", "100").attr("value", "0"))
        .add(
            hc("p", "small import-progress-text")
                .id("import-progress-text")
                .attr("data-testid", "import-progress-text"),
        )
        .add(
            hc("div", "button-row").add(
                ht("button", "button button-small", t(lang, T::Cancel))
                    .attr("type", "button")
                    .id("import-cancel")
                    .attr("data-action", "cancel"),
            ),
        )
}

/// Shows `sent` of `total` bytes; once all is sent, an indeterminate bar while the server reads.
pub fn update_progress(lang: Lang, sent: f64, total: f64) {
    let Some(bar) = super::dom::by_id("import-progress") else { return };
    let all_sent = total > 0.0 && sent >= total;
    if all_sent {
        let _ = bar.remove_attribute("value");
    } else {
        let percent = if total > 0.0 { sent * 100.0 / total } else { 0.0 };
        let _ = bar.set_attribute("value", &percent.to_string());
    }
    if let Some(label) = super::dom::by_id("import-progress-label") {
        label.set_text_content(Some(t(lang, if all_sent { T::Checking } else { T::Uploading })));
    }
    if let Some(text) = super::dom::by_id("import-progress-text") {
        text.set_text_content(Some(&upload_progress(lang, sent, total)));
    }
}

/// The banner of what went wrong.
pub fn problem(lang: Lang, problem: &Problem) -> H {
    let text = match problem {
        Problem::Text(key) => t(lang, *key),
        Problem::Server(text) => text.get(lang),
        Problem::Session => t(lang, T::ErrSession),
    };
    let banner = hc("div", "banner banner-danger")
        .attr("role", "alert")
        .attr("data-testid", "import-error")
        .add(h("p").text(text));
    if *problem == Problem::Session {
        banner.add(button("button button-small", t(lang, T::LogInAgain), "relogin"))
    } else {
        banner
    }
}

fn button(class: &str, text: &str, action: &str) -> H {
    ht("button", class, text).attr("type", "button").attr("data-action", action)
}

fn table(head: &[&str], rows: Vec<H>) -> H {
    let head = h("tr").all(head.iter().map(|text| h("th").attr("scope", "col").text(text)));
    hc("table", "import-table").add(h("thead").add(head)).add(h("tbody").all(rows))
}

/// A table in a box that scrolls sideways (and is reachable by keyboard to do so).
fn scroll(class: &str, title_id: &str, table: H) -> H {
    hc("div", class).attr("tabindex", "0").attr("role", "region").attr("aria-labelledby", title_id).add(table)
}

fn row(cells: impl IntoIterator<Item = String>) -> H {
    h("tr").all(cells.into_iter().map(|c| h("td").text(&c)))
}

/// The dry run of an uploaded file, with "Importér" and "Kassér".
pub fn preview(lang: Lang, p: &Preview) -> H {
    let format = t(lang, if p.format == "csv" { T::FormatCsv } else { T::FormatCvr });
    let mut facts = vec![(T::Format, format.to_owned()), (T::FileSize, bytes(lang, p.file_bytes as f64))];
    if let Some(encoding) = &p.encoding {
        facts.push((T::Encoding, encoding.clone()));
    }
    if let Some(delimiter) = &p.delimiter {
        facts.push((T::Delimiter, format!("“{delimiter}”")));
    }
    let facts = hc("dl", "facts")
        .all(facts.into_iter().map(|(k, v)| h("div").add(h("dt").text(t(lang, k))).add(h("dd").text(&v))));
    let mapping = (!p.mapping.is_empty()).then(|| column_choices(lang, p));
    let mut head = vec![t(lang, T::Row)];
    head.extend(p.headers.iter().map(String::as_str));
    let rows = p
        .rows
        .iter()
        .map(|r| row(std::iter::once(number(lang, r.row)).chain(r.cells.iter().cloned())))
        .collect();
    let first_rows = table(&head, rows).attr("class", "import-table import-rows");
    let can_skip = !p.can_apply && p.can_apply_skipping_invalid;
    let mut apply = button("button button-primary", t(lang, T::Apply), "apply").id("import-apply");
    if !p.can_apply {
        apply = apply.attr("disabled", "").attr("aria-describedby", "import-blocked");
    }
    let actions = hc("div", "button-row import-actions")
        .add(apply)
        .maybe(can_skip.then(|| {
            button("button", t(lang, T::ApplySkipping), "apply-skipping").id("import-apply-skipping")
        }))
        .add(button("button button-danger", t(lang, T::Discard), "discard").id("import-discard"))
        .add(hc("span", "muted").id("import-busy").attr("role", "status"));
    // Shown while the import is applied; [`update_apply_progress`] moves it.
    let applying = hc("div", "import-progress")
        .id("import-apply-status")
        .attr("hidden", "")
        .add(h("label").attr("for", "import-apply-progress").text(t(lang, T::Applying)))
        .add(h("progress").id("import-apply-progress").attr("max", "100"))
        .add(
            hc("p", "small import-progress-text")
                .id("import-apply-progress-text")
                .attr("data-testid", "import-apply-progress-text"),
        );
    hc("section", "panel import-result")
        .attr("data-testid", "import-preview")
        .attr("data-id", &p.id)
        .attr("data-can-apply", if p.can_apply { "true" } else { "false" })
        .attr("aria-labelledby", "import-preview-title")
        .add(ht("h2", "", t(lang, T::PreviewTitle)).id("import-preview-title").attr("tabindex", "-1"))
        .add(facts)
        .maybe(mapping)
        .add(ht("h3", "", t(lang, T::FirstRows)).id("import-rows-title"))
        .add(scroll("table-scroll", "import-rows-title", first_rows))
        .add(ht("h3", "", t(lang, T::DryRunTitle)))
        .add(summary(lang, &p.summary, false))
        .maybe(p.blocked.as_ref().map(|b| {
            ht("p", "banner banner-danger", b.get(lang))
                .id("import-blocked")
                .attr("data-testid", "import-blocked")
        }))
        .add(actions)
        .add(applying)
}

/// One labelled `<select>` per field: "(ingen)" or one of the file's columns. Changing one
/// asks the server for a new preview.
fn column_choices(lang: Lang, p: &Preview) -> H {
    let option = |value: &str, text: &str, selected: bool| {
        let o = h("option").attr("value", value).text(text);
        if selected { o.attr("selected", "") } else { o }
    };
    let fields = p.mapping.iter().map(|c| {
        let id = format!("import-map-{}", c.field);
        let mut text = c.label.get(lang).to_owned();
        if c.required {
            text = format!("{text} ({})", t(lang, T::Required));
        }
        let columns = p.headers.iter().enumerate().map(|(i, header)| {
            let name =
                if header.is_empty() { format!("{} {}", t(lang, T::Column), i + 1) } else { header.clone() };
            option(&i.to_string(), &name, c.column == Some(i as u32))
        });
        let mut select = h("select")
            .id(&id)
            .attr("data-field", &c.field)
            .add(option("", t(lang, T::NoColumn), c.column.is_none()))
            .all(columns);
        let missing = c.required && c.column.is_none();
        if missing {
            select = select.attr("aria-invalid", "true").attr("aria-describedby", "import-blocked");
        }
        hc("div", if missing { "field import-map-missing" } else { "field" })
            .add(h("label").attr("for", &id).text(&text))
            .add(select)
    });
    hc("fieldset", "import-mapping")
        .attr("aria-describedby", "import-columns-hint")
        .add(h("legend").text(t(lang, T::Columns)))
        .add(ht("p", "muted small", t(lang, T::ColumnsHint)).id("import-columns-hint"))
        .add(hc("div", "import-mapping-fields").all(fields))
}

/// Shows the apply's progress bar: indeterminate until the first figures come.
pub fn show_apply_progress(shown: bool) {
    if let Some(status) = super::dom::by_id("import-apply-status") {
        let _ = status.toggle_attribute_with_force("hidden", !shown);
    }
}

/// Moves the apply's progress bar to `progress`.
pub fn update_apply_progress(lang: Lang, progress: ApplyProgress) {
    let (Some(bar), Some(text)) =
        (super::dom::by_id("import-apply-progress"), super::dom::by_id("import-apply-progress-text"))
    else {
        return;
    };
    let (done, total) = (progress.bytes_read, progress.total_bytes);
    if let Some(percent) = done.saturating_mul(100).checked_div(total) {
        let _ = bar.set_attribute("value", &percent.min(100).to_string());
    }
    text.set_text_content(Some(&apply_progress(lang, done, total, progress.records)));
}

/// The applied import: what changed, and that devices get it at their next sync.
pub fn applied(lang: Lang, s: &Summary) -> H {
    hc("section", "panel import-result")
        .attr("aria-labelledby", "import-result-title")
        .add(ht("h2", "", t(lang, T::ResultTitle)).id("import-result-title").attr("tabindex", "-1"))
        .add(summary(lang, s, true))
        .add(ht("p", "notice", t(lang, T::SyncNote)))
        .add(hc("div", "button-row").add(button("button", t(lang, T::NewImport), "again").id("import-again")))
}

/// Counts, the lists of new, changed and ceased companies (collapsed: they can be long) and
/// the rejected rows.
fn summary(lang: Lang, s: &Summary, applied: bool) -> H {
    let stats = [
        (T::Read, s.companies_read, true),
        (T::New, s.new, true),
        (T::Changed, s.changed, true),
        (T::Ceased, s.ceased, true),
        (T::Unchanged, s.unchanged, true),
        (T::Duplicates, s.duplicates, s.duplicates > 0),
        (T::OtherMunicipality, s.skipped_other_municipality, s.skipped_other_municipality > 0),
        (T::UnknownMunicipality, s.skipped_unknown_municipality, s.skipped_unknown_municipality > 0),
        (T::Rejected, s.rejected, true),
    ];
    let stats =
        hc("dl", "import-stats").all(stats.into_iter().filter(|(_, _, shown)| *shown).map(|(key, n, _)| {
            let class = if key == T::Rejected && n > 0 { "import-stat-alert" } else { "" };
            hc("div", class).add(h("dt").text(t(lang, key))).add(h("dd").text(&number(lang, n)))
        }));
    let new = list(lang, T::NewList, s.new, s.new_cvrs.iter().map(|cvr| h("li").text(cvr)).collect());
    let changed = s.changed_companies.iter().map(|c| {
        let fields = hc("ul", "import-changes").all(c.changes.iter().map(|(field, old, new)| {
            h("li")
                .add(ht("span", "muted", &format!("{}: ", field_label(lang, field))))
                .text(&format!("{old} → {new}"))
        }));
        company(&c.name, &c.cvr).add(fields)
    });
    let changed = list(lang, T::ChangedList, s.changed, changed.collect());
    let ceased = s.ceased_companies.iter().map(|c| {
        let reason = t(lang, if c.missing_from_file { T::ReasonMissing } else { T::ReasonCeased });
        company(&c.name, &c.cvr).text(" — ").add(ht("span", "muted", reason))
    });
    let ceased = list(lang, T::CeasedList, s.ceased, ceased.collect());
    let rejected = (!s.rejected_records.is_empty()).then(|| {
        let rows = s.rejected_records.iter().map(|r| {
            let at = match (r.row, r.hit) {
                (Some(row), _) => number(lang, row),
                (None, Some(hit)) => record(lang, hit + 1),
                (None, None) => String::new(),
            };
            let tr = row([at, r.column.clone().unwrap_or_default(), r.message.get(lang).to_owned()])
                .attr("data-testid", "import-row-error");
            match r.row {
                Some(n) => tr.attr("data-row", &n.to_string()),
                None => tr,
            }
        });
        let head = [t(lang, T::Row), t(lang, T::Column), t(lang, T::Problem)];
        h("div")
            .add(
                ht("h3", "", &format!("{} ({})", t(lang, T::RejectedTitle), number(lang, s.rejected)))
                    .id("import-errors-title"),
            )
            .add(scroll("table-scroll import-errors", "import-errors-title", table(&head, rows.collect())))
            .maybe(more(lang, s.rejected_records.len(), s.rejected))
    });
    let mut out = hc("div", "import-summary")
        .attr("data-testid", if applied { "import-summary" } else { "import-dry-run" });
    for (name, n) in [
        ("data-new", s.new),
        ("data-changed", s.changed),
        ("data-ceased", s.ceased),
        ("data-rejected", s.rejected),
    ] {
        out = out.attr(name, &n.to_string());
    }
    out.add(stats)
        .maybe((s.full && !applied).then(|| ht("p", "banner banner-warn", t(lang, T::FullWarning))))
        .maybe(new)
        .maybe(changed)
        .maybe(ceased)
        .maybe(rejected)
}

/// `<li>` "Navn CVR 12345678".
fn company(name: &str, cvr: &str) -> H {
    h("li").add(h("strong").text(name)).text(" ").add(ht("span", "muted", &format!("CVR {cvr}")))
}

/// "Viser de første 1.000 af 12.345" when the server cut a list short.
fn more(lang: Lang, shown: usize, total: u64) -> Option<H> {
    (total > shown as u64).then(|| ht("p", "muted small", &listed_of(lang, shown, total)))
}

/// A collapsed list with its exact count in the summary line; `None` when empty.
fn list(lang: Lang, title: T, count: u64, items: Vec<H>) -> Option<H> {
    if items.is_empty() {
        return None;
    }
    let shown = items.len();
    Some(
        hc("details", "import-details")
            .add(h("summary").text(&format!("{} ({})", t(lang, title), number(lang, count))))
            .add(hc("ul", "import-list").all(items))
            .maybe(more(lang, shown, count)),
    )
}

/// The recent imports; a pending one can be taken up again while no other is under way.
pub fn history(lang: Lang, entries: &Result<Vec<Entry>, Problem>, can_resume: bool) -> H {
    let list = match entries {
        Err(problem) => {
            let key = match problem {
                Problem::Text(key) => *key,
                Problem::Session => T::ErrSession,
                Problem::Server(_) => T::ErrServer,
            };
            return ht("p", "muted", t(lang, key));
        }
        Ok(list) if list.is_empty() => return ht("p", "muted", t(lang, T::NoImports)),
        Ok(list) => list,
    };
    hc("ul", "import-entries").attr("data-testid", "import-history").all(list.iter().map(|e| {
        let (status, badge) = match e.status.as_str() {
            "applied" => (T::StatusApplied, "badge badge-ok"),
            "pending" => (T::StatusPending, "badge badge-pending"),
            _ => (T::StatusDiscarded, "badge"),
        };
        let mut what = t(lang, if e.format == "csv" { T::FormatCsv } else { T::FormatCvr }).to_owned();
        if e.full {
            what = format!("{what}, {}", t(lang, T::FullBadge));
        }
        let counts =
            [(T::New, e.new), (T::Changed, e.changed), (T::Ceased, e.ceased), (T::Rejected, e.rejected)]
                .map(|(key, n)| format!("{}: {}", t(lang, key), number(lang, n)))
                .join(" · ");
        let resume = (e.status == "pending").then(|| {
            let b = button("button button-small", t(lang, T::Resume), "resume").attr("data-id", &e.id);
            if can_resume { b } else { b.attr("disabled", "") }
        });
        hc("li", "import-entry")
            .attr("data-testid", "import-history-entry")
            .attr("data-status", &e.status)
            .attr("data-id", &e.id)
            .add(hc("div", "contact-head").add(h("strong").text(&time(lang, &e.uploaded_at))).add(ht(
                "span",
                badge,
                t(lang, status),
            )))
            .add(ht(
                "p",
                "small",
                &format!("{what} · {} · {}", bytes(lang, e.file_bytes as f64), e.uploaded_by),
            ))
            .add(ht("p", "small muted", &counts))
            .maybe(resume)
    }))
}
