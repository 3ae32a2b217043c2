//! The screen's calls to the server, as actions: each clears the banner first, shows its
//! answer (moving the focus to what changed) and ends by reloading the recent imports.

use super::texts::T;
use super::{Page, Problem, Stage, env};
use crate::admin_api::{self, Upload, UploadOptions};
use crate::js::sleep;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use uuid::Uuid;
use web_sys::File;

/// The calls to the server; each ends by reloading the recent imports.
#[derive(Clone, Copy)]
pub(super) struct Calls {
    pub upload: Action<(File, UploadOptions), ()>,
    /// Takes a pending import up again.
    pub resume: Action<Uuid, ()>,
    /// A field's column (`None`: no column) was chosen: previews again.
    pub columns: Action<(String, Option<u32>), ()>,
    /// Imports; `true`: without the rejected rows.
    pub apply: Action<(Uuid, bool), ()>,
    pub discard: Action<Uuid, ()>,
    /// An apply runs.
    pub applying: Memo<bool>,
    /// What runs on the preview ("Indlæser …"), for its buttons (which wait) and its status line.
    pub busy: Signal<Option<T>>,
}

impl Calls {
    pub fn new(page: Page) -> Self {
        let upload = Action::new_local(move |(file, options): &(File, UploadOptions)| {
            let (file, options, token) = (file.clone(), *options, page.begin());
            async move {
                let Some(token) = token else { return page.fail(Problem::Session) };
                let upload = match Upload::new() {
                    Ok(upload) => upload,
                    Err(error) => return page.fail(error.into()),
                };
                page.upload.set(Some(upload.clone()));
                page.sent.set((0.0, file.size()));
                page.stage.set(Stage::Sending);
                env::focus("import-progress");
                let sent = page.sent;
                let answer =
                    upload.send(&token, &file, options, move |done, total| sent.set((done, total))).await;
                page.uploaded(answer);
                page.ended();
            }
        });
        let resume = Action::new_local(move |id: &Uuid| {
            let (id, token) = (*id, page.begin());
            async move {
                let Some(token) = token else { return page.fail(Problem::Session) };
                match admin_api::preview(&token, id).await {
                    Ok(preview) => page.show(preview, "import-preview-title"),
                    Err(error) => page.fail(error.into()),
                }
                page.ended();
            }
        });
        let columns = Action::new_local(move |(field, column): &(String, Option<u32>)| {
            let field = field.clone();
            let request = page.stage.with_untracked(|s| match s {
                Stage::Preview(p) => Some((p.id, admin_api::reassigned(&p.mapping, &field, *column))),
                _ => None,
            });
            let token = page.begin();
            async move {
                let Some((id, mapping)) = request else { return };
                let Some(token) = token else { return page.fail(Problem::Session) };
                match admin_api::choose_columns(&token, id, &mapping).await {
                    // Keyboard and screen-reader users stay on the field they changed.
                    Ok(preview) => page.show(preview, &format!("import-map-{field}")),
                    Err(error) => {
                        // The select shows the choice the server refused: draw the kept one again.
                        page.stage.notify();
                        page.fail(error.into());
                    }
                }
                page.ended();
            }
        });
        let apply = Action::new_local(move |&(id, skip_invalid): &(Uuid, bool)| {
            let token = page.begin();
            page.figures.set(None);
            async move {
                let Some(token) = token else { return page.fail(Problem::Session) };
                let running = Rc::new(Cell::new(true));
                leptos::task::spawn_local(follow(page, id, token.clone(), Rc::clone(&running)));
                let answer = admin_api::apply(&token, id, skip_invalid).await;
                running.set(false);
                match answer {
                    Ok(summary) => {
                        page.file.set(None);
                        page.stage.set(Stage::Applied(summary));
                        env::focus("import-result-title");
                    }
                    Err(error) => page.fail(error.into()),
                }
                page.ended();
            }
        });
        let discard = Action::new_local(move |id: &Uuid| {
            let (id, token) = (*id, page.begin());
            async move {
                let Some(token) = token else { return page.fail(Problem::Session) };
                match admin_api::discard(&token, id).await {
                    Ok(()) => {
                        page.file.set(None);
                        page.stage.set(Stage::Choose);
                        page.notice.set(Some(T::Discarded));
                        env::focus("import-file");
                    }
                    Err(error) => page.fail(error.into()),
                }
                page.ended();
            }
        });
        let (applying, discarding, remapping) = (apply.pending(), discard.pending(), columns.pending());
        let busy = Signal::derive(move || {
            if applying.get() || discarding.get() {
                Some(T::Applying)
            } else if remapping.get() {
                Some(T::Remapping)
            } else {
                None
            }
        });
        Self { upload, resume, columns, apply, discard, applying, busy }
    }
}

/// While the apply of `id` runs, asks the server how far it has come, for the bar. A failed
/// question leaves the bar where it is; the apply's own answer decides.
async fn follow(page: Page, id: Uuid, token: String, running: Rc<Cell<bool>>) {
    while running.get() {
        sleep(400).await;
        if !running.get() {
            return;
        }
        if let Ok(figures) = admin_api::progress(&token, id).await
            && running.get()
        {
            page.figures.set(Some(figures));
        }
    }
}
