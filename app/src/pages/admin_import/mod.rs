//! The admin's company-register import: choose a file → upload with progress → preview (the
//! dry run, the first rows, the rejected rows; for a spreadsheet, one column choice per field,
//! each change previewed again) → import with progress, or discard → the summary. Nothing is
//! imported until the admin confirms. Below: the recent imports.
//!
//! The screen's state is the signals of [`Page`]; the calls to the server are the actions of
//! [`Calls`] (both provided through context to this folder's components only). The app's own
//! state is reached through [`env`] alone.

mod calls;
mod env;
mod form;
mod history;
mod preview;
mod summary;
pub mod texts;

use crate::admin_api::{self, AdminError, Upload, UploadOptions};
use crate::i18n::Lang;
use calls::Calls;
use kontaktpunkt_domain::import::{ImportEntry, ImportFormat, ImportPreview, ImportProgress, ImportSummary};
use leptos::prelude::*;
use texts::{T, either, t};
use web_sys::File;

/// Where the import stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// The form: format, options, file.
    Choose,
    /// The file is on its way, or the server is reading it.
    Sending,
    /// The dry run, waiting for "Importér" or "Kassér".
    Preview(ImportPreview),
    /// Imported; what changed.
    Applied(ImportSummary),
}

/// What went wrong, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Text(T),
    /// The server's own explanation, in Danish and (where it gave one) English.
    Server {
        da: String,
        en: String,
    },
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
            AdminError::Refused { da, en, .. } => Self::Server { da, en },
            AdminError::Server(detail) => {
                leptos::logging::error!("import: {detail}");
                Self::Text(T::ErrServer)
            }
        }
    }
}

impl Problem {
    /// The banner's text.
    fn text(&self, lang: Lang) -> &str {
        match self {
            Self::Text(key) => t(lang, *key),
            Self::Server { da, en } => either(lang, da, en),
            Self::Session => t(lang, T::ErrSession),
        }
    }
}

/// The screen's state: one signal per thing that changes.
#[derive(Clone, Copy)]
struct Page {
    lang: Signal<Lang>,
    stage: RwSignal<Stage>,
    /// The banner of what went wrong.
    problem: RwSignal<Option<Problem>>,
    /// What just happened ("Filen er kasseret").
    notice: RwSignal<Option<T>>,
    format: RwSignal<ImportFormat>,
    full: RwSignal<bool>,
    /// Every municipality in the file (CVR JSON), not only the installation's own.
    all: RwSignal<bool>,
    /// The chosen file.
    file: RwSignal<Option<File>, LocalStorage>,
    /// Bytes sent of the file and its size, while [`Stage::Sending`].
    sent: RwSignal<(f64, f64)>,
    /// The upload under way, for the cancel button.
    upload: RwSignal<Option<Upload>, LocalStorage>,
    /// How far the running apply has come, as the server last said.
    figures: RwSignal<Option<ImportProgress>>,
    /// The recent imports.
    history: LocalResource<Result<Vec<ImportEntry>, Problem>>,
}

impl Page {
    fn new() -> Self {
        let history = LocalResource::new(move || {
            let token = env::token();
            async move {
                let token = token.ok_or(Problem::Session)?;
                admin_api::list(&token).await.map_err(Problem::from)
            }
        });
        Self {
            lang: env::lang(),
            stage: RwSignal::new(Stage::Choose),
            problem: RwSignal::new(None),
            notice: RwSignal::new(None),
            format: RwSignal::new(ImportFormat::Cvr),
            full: RwSignal::new(false),
            all: RwSignal::new(false),
            file: RwSignal::new_local(None),
            sent: RwSignal::new((0.0, 0.0)),
            upload: RwSignal::new_local(None),
            figures: RwSignal::new(None),
            history,
        }
    }

    /// The text of `key`, following the language.
    fn tr(self, key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let lang = self.lang;
        move || t(lang.get(), key)
    }

    fn choosing(self) -> bool {
        self.stage.with(|s| matches!(s, Stage::Choose))
    }

    /// A file was picked or dropped; its name suggests the format (which may still be changed).
    fn choose(self, file: Option<File>) {
        let name = file.as_ref().map(|f| f.name().to_ascii_lowercase()).unwrap_or_default();
        if name.ends_with(".csv") || name.ends_with(".txt") {
            self.format.set(ImportFormat::Csv);
        } else if name.ends_with(".json") || name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            self.format.set(ImportFormat::Cvr);
        }
        self.file.set(file);
    }

    /// Before a call: clears the banner and the notice; the session's token, if any.
    fn begin(self) -> Option<String> {
        self.problem.set(None);
        self.notice.set(None);
        env::token()
    }

    /// Shows `problem` and moves the focus to it.
    fn fail(self, problem: Problem) {
        self.problem.set(Some(problem));
        env::focus("import-problem");
    }

    /// Shows `preview` and moves the focus to the element `focus`.
    fn show(self, preview: ImportPreview, focus: &str) {
        self.stage.set(Stage::Preview(preview));
        env::focus(focus);
    }

    /// A call has ended: the recent imports again, unless the admin has left the screen.
    fn ended(self) {
        if !self.stage.is_disposed() {
            self.history.refetch();
        }
    }

    /// The admin chose "Send": checks the file, then uploads it.
    fn submit(self, calls: Calls) {
        match self.file.get_untracked() {
            None => {
                self.fail(Problem::Text(T::ErrNoFile));
                env::focus("import-file");
            }
            Some(file) if file.size() > admin_api::MAX_UPLOAD_BYTES => {
                self.fail(Problem::Text(T::ErrTooLarge))
            }
            Some(file) => {
                let options = UploadOptions {
                    format: self.format.get_untracked(),
                    full: self.full.get_untracked(),
                    all_municipalities: self.all.get_untracked(),
                };
                calls.upload.dispatch_local((file, options));
            }
        }
    }

    /// The file is sent, or its sending failed or was cancelled (then: the form again, with the
    /// file still chosen).
    fn uploaded(self, answer: Result<ImportPreview, AdminError>) {
        self.upload.set(None);
        match answer {
            Ok(preview) => self.show(preview, "import-preview-title"),
            Err(AdminError::Aborted) => {
                self.stage.set(Stage::Choose);
                self.notice.set(Some(T::UploadCancelled));
                env::focus("import-upload");
            }
            Err(error) => {
                self.stage.set(Stage::Choose);
                self.fail(error.into());
            }
        }
    }
}

/// The items of a list that never changes, numbered for `<For>`'s key (they may repeat).
fn numbered<T: Clone>(items: &[T]) -> Vec<(usize, T)> {
    items.iter().cloned().enumerate().collect()
}

/// The import screen (admins only; the server checks too).
#[component]
pub fn AdminImportPage() -> impl IntoView {
    let lang = env::lang();
    let tr = move |key| move || t(lang.get(), key);
    let is_admin = env::is_admin();
    window().scroll_to_with_x_and_y(0.0, 0.0);
    env::focus("admin-import-title");
    view! {
        <div class="admin-import" data-testid="admin-import">
            <div class="import-screen">
                <div class="detail-nav">
                    <button type="button" class="button button-small" on:click=move |_| env::go_back()>
                        <span aria-hidden="true">"← "</span>
                        {tr(T::Back)}
                    </button>
                </div>
                <h1 id="admin-import-title" tabindex="-1">{tr(T::Title)}</h1>
                <p class="muted">{tr(T::Intro)}</p>
                <Show
                    when=move || is_admin.get()
                    fallback=move || view! { <p class="banner banner-danger" role="alert">{tr(T::NotAdmin)}</p> }
                >
                    <Import />
                </Show>
            </div>
        </div>
    }
}

/// The admin's part: messages, the form, the stage, the recent imports.
#[component]
fn Import() -> impl IntoView {
    let page = Page::new();
    let calls = Calls::new(page);
    provide_context(page);
    provide_context(calls);
    let online = env::online();
    // Leaving the screen stops an upload under way.
    on_cleanup(move || {
        if let Some(Some(upload)) = page.upload.try_get_untracked() {
            upload.cancel();
        }
    });
    // Every change of the stage draws it afresh (keyed by the count of changes), not rebuilt
    // over the last one: a new preview keeps nothing of the previous one's lists (a `<For>`
    // keeps the rows whose keys stay), and after a refused column choice the selects show the
    // kept columns again.
    let drawn = Memo::new(move |count: Option<&u64>| {
        page.stage.track();
        count.map_or(0, |n| n + 1)
    });
    let stage = move |_| {
        page.stage.with_untracked(|stage| match stage {
            Stage::Choose => ().into_any(),
            Stage::Sending => view! { <form::Sending /> }.into_any(),
            Stage::Preview(p) => view! { <preview::Preview preview=p.clone() /> }.into_any(),
            Stage::Applied(s) => view! { <summary::Applied summary=s.clone() /> }.into_any(),
        })
    };
    view! {
        <div id="import-messages" role="status">
            {move || (!online.get()).then(|| view! { <p class="banner banner-warn">{page.tr(T::ErrOffline)}</p> })}
            {move || page.notice.get().map(|key| view! { <p class="notice">{page.tr(key)}</p> })}
        </div>
        <div id="import-problem" tabindex="-1">
            {move || {
                page.problem.get().map(|problem| {
                    let session = problem == Problem::Session;
                    view! {
                        <div class="banner banner-danger" role="alert" data-testid="import-error">
                            <p>{move || problem.text(page.lang.get()).to_owned()}</p>
                            {session.then(|| view! {
                                <button
                                    type="button"
                                    class="button button-small"
                                    on:click=move |_| env::ask_relogin()
                                >
                                    {page.tr(T::LogInAgain)}
                                </button>
                            })}
                        </div>
                    }
                })
            }}
        </div>
        <div id="import-form-slot" hidden=move || !page.choosing()>
            <form::ChooseForm />
        </div>
        <div id="import-stage">
            <For each=move || [drawn.get()] key=|count| *count children=stage />
        </div>
        <section class="import-history" aria-labelledby="import-history-title">
            <h2 id="import-history-title">{page.tr(T::RecentTitle)}</h2>
            <div id="import-history-list">
                <history::History />
            </div>
        </section>
    }
}
