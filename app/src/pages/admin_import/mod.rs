//! The admin's company-register import: choose a file → upload with progress → preview (the
//! dry run, the first rows, the rejected rows; for a spreadsheet, one column choice per field,
//! each change previewed again) → import with progress, or discard → the summary. Nothing is
//! imported until the admin confirms. Below: the recent imports.
//!
//! The screen is admin-only, so it must cost the consultants' phones next to nothing: instead
//! of `view!` (whose render code is copied per view type; this screen cost ~50 KB brotli that
//! way), it is one Leptos `<div>` that this module fills with the small builder in [`dom`].
//! Its state is one [`Model`]; every change redraws the affected region, a language change
//! redraws all. Events reach one delegated listener; calls to the server run in one future.

mod dom;

mod render;
pub mod texts;

use crate::admin_api::{
    self, AdminError, Bilingual, Entry, MAX_UPLOAD_BYTES, Payload, Preview, Summary, UploadOptions,
};
use crate::form::focus;
use crate::i18n::I18n;
use crate::i18n::Lang;
use crate::services::{Network, SessionService};

/// What the screen needs of the app (interim, until the screen moves to `view!`).
#[derive(Clone, Copy)]
struct AppState {
    i18n: I18n,
    online: Network,
    session: SessionService,
}
use dom::{by_id, fill, h, hc, ht};
use kontaktpunkt_domain::Role;
use leptos::prelude::*;
use texts::{T, t};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{
    DragEvent, Element, Event, File, FileList, HtmlInputElement, HtmlSelectElement, XmlHttpRequest,
};

/// Where the import stands.
#[derive(Debug, Default)]
enum Phase {
    /// The form: format, options, file.
    #[default]
    Choose,
    /// The file is on its way, or the server is reading it.
    Sending,
    /// The dry run, waiting for "Importér" or "Kassér".
    Preview(Preview),
    /// Imported; what changed.
    Applied(Summary),
}

/// What went wrong, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Text(T),
    /// The server's own explanation.
    Server(Bilingual),
    /// The login expired.
    Session,
}

impl From<AdminError> for Problem {
    fn from(error: AdminError) -> Self {
        match error {
            AdminError::Offline => Self::Text(T::ErrOffline),
            AdminError::Unauthorized => Self::Session,
            AdminError::Forbidden => Self::Text(T::ErrForbidden),
            AdminError::Aborted => Self::Text(T::UploadCancelled),
            AdminError::Refused { text, .. } => Self::Server(text),
            AdminError::Server(detail) => {
                leptos::logging::error!("import: {detail}");
                Self::Text(T::ErrServer)
            }
        }
    }
}

/// The form's choices, kept so the form can be redrawn in another language.
#[derive(Debug, Clone, PartialEq)]
struct Choice {
    /// `"cvr"` or `"csv"`.
    format: &'static str,
    full: bool,
    all: bool,
    /// Name and size of the chosen file.
    chosen: Option<(String, f64)>,
}

impl Default for Choice {
    fn default() -> Self {
        Self { format: "cvr", full: false, all: false, chosen: None }
    }
}

/// The screen's state.
#[derive(Default)]
struct Model {
    phase: Phase,
    /// Bytes sent and the file's size.
    progress: (f64, f64),
    /// An import, discard or column choice is under way.
    busy: bool,
    /// An import is under way: its progress is polled.
    applying: bool,
    problem: Option<Problem>,
    notice: Option<T>,
    /// The recent imports; `None` while loading.
    entries: Option<Result<Vec<Entry>, Problem>>,
    choice: Choice,
    /// The chosen file (as the list it came in, so a redrawn form can show it again).
    files: Option<FileList>,
    /// The upload under way, for the cancel button.
    request: Option<XmlHttpRequest>,
    /// The delegated event listener; dropped with the screen.
    listener: Option<Closure<dyn FnMut(Event)>>,
}

/// A call to the server.
enum Op {
    Upload(File, UploadOptions),
    Resume(String),
    Apply(String, bool),
    Discard(String),
    /// The import, the mapping's JSON and the field whose column changed.
    Map(String, String, String),
    Reload,
}

/// Regions of the screen, redrawn one by one.
const PROBLEM: u8 = 1;
const MESSAGES: u8 = 2;
const FORM: u8 = 4;
const STAGE: u8 = 8;
const HISTORY: u8 = 16;

#[derive(Clone, Copy)]
struct Page {
    state: AppState,
    model: StoredValue<Model, LocalStorage>,
}

impl Page {
    fn lang(self) -> Lang {
        self.state.i18n.lang.get_untracked()
    }

    fn update(self, regions: u8, change: impl FnOnce(&mut Model)) {
        self.model.update_value(change);
        self.draw(regions);
    }

    /// Redraws `regions` from the model.
    fn draw(self, regions: u8) {
        let lang = self.lang();
        let online = self.state.online.online_untracked();
        self.model.with_value(|m| {
            if regions & PROBLEM != 0 {
                fill("import-problem", m.problem.as_ref().map(|p| render::problem(lang, p)));
            }
            if regions & MESSAGES != 0 {
                let offline = (!online).then(|| ht("p", "banner banner-warn", t(lang, T::ErrOffline)));
                let notice = m.notice.map(|key| ht("p", "notice", t(lang, key)));
                fill("import-messages", Some(h("div").maybe(offline).maybe(notice)));
            }
            if regions & FORM != 0 {
                fill("import-form-slot", Some(render::form(lang, &m.choice)));
                if let (Some(files), Some(input)) = (&m.files, by_id("import-file")) {
                    input.unchecked_into::<HtmlInputElement>().set_files(Some(files));
                }
            }
            if regions & (FORM | STAGE) != 0
                && let Some(slot) = by_id("import-form-slot")
            {
                let _ = slot.toggle_attribute_with_force("hidden", !matches!(m.phase, Phase::Choose));
            }
            if regions & STAGE != 0 {
                fill(
                    "import-stage",
                    match &m.phase {
                        Phase::Choose => None,
                        Phase::Sending => Some(render::progress(lang)),
                        Phase::Preview(preview) => Some(render::preview(lang, preview)),
                        Phase::Applied(summary) => Some(render::applied(lang, summary)),
                    },
                );
                if matches!(m.phase, Phase::Sending) {
                    render::update_progress(lang, m.progress.0, m.progress.1);
                }
            }
            if regions & HISTORY != 0 {
                let can_resume = matches!(m.phase, Phase::Choose);
                fill(
                    "import-history-list",
                    Some(match &m.entries {
                        None => ht("p", "muted", t(lang, T::Loading)),
                        Some(entries) => render::history(lang, entries, can_resume),
                    }),
                );
            }
        });
    }

    /// The whole screen, in the current language.
    fn draw_all(self, root: &Element, admin: bool) {
        let lang = self.lang();
        let back = ht("button", "button button-small", "")
            .attr("type", "button")
            .attr("data-action", "back")
            .add(ht("span", "", "← ").attr("aria-hidden", "true"))
            .text(t(lang, T::Back));
        let mut screen = hc("div", "import-screen")
            .add(hc("div", "detail-nav").add(back))
            .add(ht("h1", "", t(lang, T::Title)).id("admin-import-title").attr("tabindex", "-1"))
            .add(ht("p", "muted", t(lang, T::Intro)));
        screen = if admin {
            let region = |id: &str| h("div").id(id);
            screen
                .add(region("import-messages").attr("role", "status"))
                .add(region("import-problem").attr("tabindex", "-1"))
                .add(region("import-form-slot"))
                .add(region("import-stage"))
                .add(
                    hc("section", "import-history")
                        .attr("aria-labelledby", "import-history-title")
                        .add(ht("h2", "", t(lang, T::RecentTitle)).id("import-history-title"))
                        .add(region("import-history-list")),
                )
        } else {
            screen.add(ht("p", "banner banner-danger", t(lang, T::NotAdmin)).attr("role", "alert"))
        };
        root.set_text_content(None);
        let _ = root.append_child(&screen.0);
        if admin {
            self.draw(PROBLEM | MESSAGES | FORM | STAGE | HISTORY);
        }
    }

    fn fail(self, problem: Problem) {
        self.update(PROBLEM, |m| m.problem = Some(problem));
        focus("import-problem");
    }

    /// Starts a call to the server (banner and notice cleared first, unless only reloading).
    fn start(self, op: Op) {
        if !matches!(op, Op::Reload) {
            self.update(PROBLEM | MESSAGES, |m| {
                m.problem = None;
                m.notice = None;
            });
        }
        match self.state.session.with_untracked(|s| s.map(|s| s.token.clone())) {
            Some(token) => leptos::task::spawn_local(self.run(op, token)),
            None => self.fail(Problem::Session),
        }
    }

    /// One call and what its answer changes. (One future for all calls keeps the wasm small.)
    async fn run(self, op: Op, token: String) {
        let xhr = match XmlHttpRequest::new() {
            Ok(xhr) => xhr,
            Err(_) => return self.fail(Problem::Text(T::ErrServer)),
        };
        let mut progress = None;
        let mut body = Payload::Nothing;
        let (method, url) = match &op {
            Op::Upload(file, options) => {
                let (sent, total) = (0.0, file.size());
                self.update(STAGE | HISTORY, |m| {
                    m.progress = (sent, total);
                    m.phase = Phase::Sending;
                    m.request = Some(xhr.clone());
                });
                focus("import-progress");
                progress = admin_api::watch_upload(&xhr, move |sent, total| {
                    self.model.update_value(|m| m.progress = (sent, total));
                    render::update_progress(self.lang(), sent, total);
                });
                body = Payload::File(file);
                ("POST", admin_api::upload_url(*options))
            }
            Op::Resume(id) => ("GET", format!("/api/admin/imports/{id}")),
            Op::Apply(id, skip) => {
                self.set_busy(Some(T::Applying));
                self.model.update_value(|m| m.applying = true);
                render::show_apply_progress(true);
                leptos::task::spawn_local(self.poll_progress(id.clone(), token.clone()));
                let skip = if *skip { "?skip_invalid=true" } else { "" };
                ("POST", format!("/api/admin/imports/{id}/apply{skip}"))
            }
            Op::Discard(id) => {
                self.set_busy(Some(T::Applying));
                ("DELETE", format!("/api/admin/imports/{id}"))
            }
            Op::Map(id, json, _) => {
                self.set_busy(Some(T::Remapping));
                body = Payload::Json(json);
                ("PUT", format!("/api/admin/imports/{id}/mapping"))
            }
            Op::Reload => ("GET", "/api/admin/imports".to_owned()),
        };
        let answer = admin_api::send(&xhr, method, &url, &token, body).await;
        drop(progress);
        self.model.update_value(|m| m.applying = false);
        let reload = !matches!(op, Op::Reload);
        match (op, answer) {
            (Op::Reload, answer) => {
                let entries = answer.map(|a| admin_api::entries_from(&a)).map_err(Problem::from);
                self.update(HISTORY, |m| m.entries = Some(entries));
            }
            (Op::Upload(..) | Op::Resume(_), Ok(answer)) => match admin_api::preview_from(&answer) {
                Ok(preview) => {
                    self.update(STAGE | HISTORY, |m| {
                        m.request = None;
                        m.phase = Phase::Preview(preview);
                    });
                    focus("import-preview-title");
                }
                Err(error) => self.back_to_form(error),
            },
            (Op::Upload(..), Err(error)) => self.back_to_form(error),
            (Op::Map(.., field), Ok(answer)) => match admin_api::preview_from(&answer) {
                Ok(preview) => {
                    self.update(STAGE, |m| {
                        m.busy = false;
                        m.phase = Phase::Preview(preview);
                    });
                    // Keyboard and screen-reader users stay on the field they changed.
                    focus(&format!("import-map-{field}"));
                }
                Err(error) => self.failed_call(error),
            },
            (Op::Map(..), Err(error)) => {
                // The selects show the choice the server refused: show the kept one again.
                self.update(STAGE, |m| m.busy = false);
                self.fail(error.into());
            }
            (Op::Apply(..), Ok(answer)) => match admin_api::summary_from(&answer) {
                Some(summary) => {
                    self.update(STAGE | FORM | HISTORY, |m| {
                        m.busy = false;
                        m.choice.chosen = None;
                        m.files = None;
                        m.phase = Phase::Applied(summary);
                    });
                    focus("import-result-title");
                }
                None => self.failed_call(AdminError::Server("apply: no summary".into())),
            },
            (Op::Discard(_), Ok(_)) => {
                self.update(STAGE | FORM | HISTORY | MESSAGES, |m| {
                    m.busy = false;
                    m.choice.chosen = None;
                    m.files = None;
                    m.phase = Phase::Choose;
                    m.notice = Some(T::Discarded);
                });
                focus("import-file");
            }
            (_, Err(error)) => self.failed_call(error),
        }
        if reload {
            self.start(Op::Reload);
        }
    }

    /// An upload failed or was cancelled: the form again, with the file still chosen.
    fn back_to_form(self, error: AdminError) {
        self.update(STAGE | HISTORY, |m| {
            m.request = None;
            m.phase = Phase::Choose;
        });
        if error == AdminError::Aborted {
            self.update(MESSAGES, |m| m.notice = Some(T::UploadCancelled));
            focus("import-upload");
        } else {
            self.fail(error.into());
        }
    }

    fn failed_call(self, error: AdminError) {
        self.set_busy(None);
        render::show_apply_progress(false);
        self.fail(error.into());
    }

    /// While an import, discard or column choice runs (`what`), the stage's buttons and
    /// selects wait (changed in place, so the focus stays where it is).
    fn set_busy(self, what: Option<T>) {
        let busy = what.is_some();
        let blocked = self.model.with_value(|m| matches!(&m.phase, Phase::Preview(p) if !p.can_apply));
        self.model.update_value(|m| m.busy = busy);
        if let Some(status) = by_id("import-busy") {
            status.set_text_content(what.map(|key| t(self.lang(), key)));
        }
        let Some(buttons) = by_id("import-stage")
            .and_then(|s| s.query_selector_all("button[data-action], select[data-field]").ok())
        else {
            return;
        };
        for b in (0..buttons.length()).filter_map(|i| buttons.item(i)?.dyn_into::<Element>().ok()) {
            let _ = b.toggle_attribute_with_force("disabled", busy || (blocked && b.id() == "import-apply"));
        }
    }

    /// While the apply of `id` runs, asks the server how far it has come and moves the bar.
    async fn poll_progress(self, id: String, token: String) {
        let url = format!("/api/admin/imports/{id}/progress");
        loop {
            sleep(400).await;
            if !self.model.with_value(|m| m.applying) {
                return;
            }
            let Ok(xhr) = XmlHttpRequest::new() else { return };
            // A failed poll only leaves the bar where it is; the apply's answer decides.
            if let Ok(answer) = admin_api::send(&xhr, "GET", &url, &token, Payload::Nothing).await
                && self.model.with_value(|m| m.applying)
            {
                render::update_apply_progress(self.lang(), admin_api::progress_from(&answer));
            }
        }
    }

    /// The admin chose another column for a field: preview again with it.
    fn map(self, field: String, value: &str) {
        let column = value.parse::<u32>().ok();
        let request = self.model.with_value(|m| match &m.phase {
            Phase::Preview(p) if !m.busy => {
                Some((p.id.clone(), admin_api::mapping_body(&p.mapping, &field, column)))
            }
            _ => None,
        });
        if let Some((id, json)) = request {
            self.start(Op::Map(id, json, field));
        }
    }

    /// A file was picked or dropped.
    fn choose(self, files: Option<FileList>) {
        let file = files.as_ref().and_then(|f| f.get(0));
        let lang = self.lang();
        self.model.update_value(|m| {
            let c = &mut m.choice;
            c.chosen = file.as_ref().map(|f| (f.name(), f.size()));
            // Guess the format from the name; the select still shows it and may be changed.
            let name = c.chosen.as_ref().map(|(n, _)| n.to_ascii_lowercase()).unwrap_or_default();
            if name.ends_with(".csv") || name.ends_with(".txt") {
                c.format = "csv";
            } else if name.ends_with(".json") || name.ends_with(".jsonl") || name.ends_with(".ndjson") {
                c.format = "cvr";
            }
            if let Some(select) = by_id("import-format") {
                select.unchecked_into::<HtmlSelectElement>().set_value(c.format);
            }
            if let Some(old) = by_id("import-chosen") {
                let _ = old.replace_with_with_node_1(&render::chosen(lang, c.chosen.as_ref()).0);
            }
            m.files = files.filter(|_| file.is_some());
        });
    }

    fn upload(self) {
        let (file, options) = self.model.with_value(|m| {
            let c = &m.choice;
            let options = UploadOptions { format: c.format, full: c.full, all_municipalities: c.all };
            (m.files.as_ref().and_then(|f| f.get(0)), options)
        });
        match file {
            None => {
                self.fail(Problem::Text(T::ErrNoFile));
                focus("import-file");
            }
            Some(file) if file.size() > MAX_UPLOAD_BYTES => self.fail(Problem::Text(T::ErrTooLarge)),
            Some(file) => self.start(Op::Upload(file, options)),
        }
    }

    /// The delegated listener: clicks on `data-action` buttons, form changes, submit, drops.
    fn event(self, event: Event) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        match event.type_().as_str() {
            "click" => self.clicked(&target),
            "change" => self.changed(target),
            "submit" => {
                event.prevent_default();
                self.upload();
            }
            kind => {
                // Drag and drop of a file onto the file field.
                let Ok(Some(zone)) = target.closest(".import-drop") else { return };
                event.prevent_default();
                let _ = zone.class_list().toggle_with_force("import-drop-over", kind == "dragover");
                if kind == "drop" {
                    let files = event.unchecked_into::<DragEvent>().data_transfer().and_then(|d| d.files());
                    let files = files.filter(|f| f.length() > 0);
                    if let (Some(files), Some(input)) = (&files, by_id("import-file")) {
                        input.unchecked_into::<HtmlInputElement>().set_files(Some(files));
                    }
                    self.choose(files);
                }
            }
        }
    }

    fn clicked(self, target: &Element) {
        let Ok(Some(button)) = target.closest("button[data-action]") else { return };
        if button.has_attribute("disabled") {
            return;
        }
        let preview_id = || {
            self.model.with_value(|m| match &m.phase {
                Phase::Preview(p) => p.id.clone(),
                _ => String::new(),
            })
        };
        match button.get_attribute("data-action").as_deref() {
            Some("back") => {
                let _ = window().history().map(|h| h.back());
            }
            Some("apply") => self.start(Op::Apply(preview_id(), false)),
            Some("apply-skipping") => self.start(Op::Apply(preview_id(), true)),
            Some("discard") => self.start(Op::Discard(preview_id())),
            Some("again") => {
                self.update(STAGE | HISTORY, |m| m.phase = Phase::Choose);
                focus("import-file");
            }
            Some("resume") => self.start(Op::Resume(button.get_attribute("data-id").unwrap_or_default())),
            Some("relogin") => self.state.session.ask_relogin(),
            Some("cancel") => self.model.with_value(|m| {
                if let Some(request) = &m.request {
                    let _ = request.abort();
                }
            }),
            _ => {}
        }
    }

    fn changed(self, target: Element) {
        if let Some(field) = target.get_attribute("data-field") {
            return self.map(field, &target.unchecked_into::<HtmlSelectElement>().value());
        }
        let id = target.id();
        if id == "import-file" {
            return self.choose(target.unchecked_into::<HtmlInputElement>().files());
        }
        let input = target.unchecked_into::<HtmlInputElement>();
        let (value, checked) = (input.value(), input.checked());
        self.model.update_value(|m| match id.as_str() {
            "import-format" => m.choice.format = if value == "csv" { "csv" } else { "cvr" },
            "import-municipality" => m.choice.all = value == "all",
            "import-full" => m.choice.full = checked,
            _ => {}
        });
    }
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The import screen (admins only; the server checks too).
#[component]
pub fn AdminImportPage() -> impl IntoView {
    let state = AppState { i18n: expect_context(), online: expect_context(), session: expect_context() };
    let page = Page { state, model: StoredValue::new_local(Model::default()) };
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move || {
        state.i18n.lang.track();
        state.online.online();
        let admin = state.session.with(|s| s.is_some_and(|s| s.user.role == Role::Admin));
        let Some(root) = root.get() else { return };
        if page.model.with_value(|m| m.listener.is_none()) {
            // First draw: one listener for every event of the screen, and its start.
            let listener = Closure::<dyn FnMut(Event)>::new(move |event| page.event(event));
            for kind in ["click", "change", "submit", "dragover", "dragleave", "drop"] {
                let _ = root.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            }
            page.model.update_value(|m| m.listener = Some(listener));
            window().scroll_to_with_x_and_y(0.0, 0.0);
            focus("admin-import-title");
            if admin {
                page.start(Op::Reload);
            }
        }
        page.draw_all(&root, admin);
    });
    view! { <div class="admin-import" data-testid="admin-import" node_ref=root></div> }
}
