//! Whether the device has a network: `navigator.onLine`, kept current by its events.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Network {
    online: ReadSignal<bool>,
}

impl Network {
    pub fn new() -> Self {
        let (online, set_online) = signal(window().navigator().on_line());
        let listeners = [
            window_event_listener(leptos::ev::online, move |_| set_online.set(true)),
            window_event_listener(leptos::ev::offline, move |_| set_online.set(false)),
        ];
        on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));
        Self { online }
    }

    /// Reactive: whether the browser believes it is online.
    pub fn online(self) -> bool {
        self.online.get()
    }

    pub fn online_untracked(self) -> bool {
        self.online.get_untracked()
    }
}
