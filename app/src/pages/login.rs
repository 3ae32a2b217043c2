use crate::i18n::{I18n, Key};
use crate::services::SessionService;
use leptos::prelude::*;

/// The login screen. Needs the network once; afterwards the session stays on the device.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    // Logging in again after the session expired: the same user, so the outbox can resume.
    let relogin = untrack(|| session.relogin());
    let previous = session.with_untracked(|s| s.map(|s| s.user.username.clone()));
    let username = RwSignal::new(if relogin { previous.unwrap_or_default() } else { String::new() });
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(relogin.then_some(Key::SyncNeedsLogin));
    let login = Action::new_local(move |(username, password): &(String, String)| {
        let (username, password) = (username.clone(), password.clone());
        async move {
            let result = session.login(username, password).await;
            if let Err(key) = result {
                error.set(Some(key));
            }
        }
    });
    let busy = login.pending();
    // Only these errors are about what was typed; "offline" is not the fields' fault.
    let invalid =
        move || matches!(error.get(), Some(Key::ErrWrongCredentials | Key::ErrMissingInput)).to_string();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let name = username.get_untracked().trim().to_owned();
        let secret = password.get_untracked();
        if name.is_empty() || secret.is_empty() {
            error.set(Some(Key::ErrMissingInput));
            return;
        }
        error.set(None);
        login.dispatch_local((name, secret));
    };

    view! {
        <section class="panel login" aria-labelledby="login-title">
            <p class="tagline">{i18n.tr(Key::Tagline)}</p>
            <h1 id="login-title">{i18n.tr(Key::LoginTitle)}</h1>
            <p class="muted">{i18n.tr(Key::LoginIntro)}</p>
            <form id="login-form" class="form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="username">{i18n.tr(Key::Username)}</label>
                    <input
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        aria-invalid=invalid
                        aria-describedby="login-error"
                        bind:value=username
                    />
                </div>
                <div class="field">
                    <label for="password">{i18n.tr(Key::Password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=invalid
                        aria-describedby="login-error"
                        bind:value=password
                    />
                </div>
                <div id="login-error" aria-live="assertive">
                    {move || error.get().map(|key| view! {
                        <p class="error" data-testid="login-error" role="alert">{i18n.tr(key)}</p>
                    })}
                </div>
                <button
                    id="login-submit"
                    type="submit"
                    class="button button-primary"
                    aria-busy=move || busy.get().to_string()
                    disabled=move || busy.get()
                >
                    {move || i18n.t(if busy.get() { Key::LoggingIn } else { Key::LogIn })}
                </button>
                {relogin.then(|| view! {
                    <button type="button" id="relogin-cancel" class="button" on:click=move |_| session.cancel_relogin()>
                        {i18n.tr(Key::Cancel)}
                    </button>
                })}
            </form>
        </section>
    }
}
