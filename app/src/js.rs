//! Reading plain JS objects (answers as the browser parsed them, stored records, browser
//! APIs without web-sys bindings) without copying them through Rust.

use wasm_bindgen::JsValue;

/// `value[key]`, or `undefined`.
pub fn prop(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or_default()
}

/// `value.a.b.c`, or `undefined`.
pub fn path(value: &JsValue, keys: &[&str]) -> JsValue {
    keys.iter().fold(value.clone(), |v, k| prop(&v, k))
}

/// Runs `future` from now on, not from when it is first awaited (a request can then go out,
/// or a transaction go on, while the caller does other work); the returned future resolves
/// with its output, or `None` if it was dropped unfinished.
pub fn started<T: 'static>(
    future: impl std::future::Future<Output = T> + 'static,
) -> impl std::future::Future<Output = Option<T>> {
    let slot = std::rc::Rc::new(std::cell::RefCell::new(None));
    let filled = std::rc::Rc::clone(&slot);
    let promise = wasm_bindgen_futures::future_to_promise(async move {
        *filled.borrow_mut() = Some(future.await);
        Ok(JsValue::UNDEFINED)
    });
    async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        slot.borrow_mut().take()
    }
}

/// Resolves after `ms` milliseconds: a macrotask, so the reactive work queued before it (the
/// DOM updates) runs first.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = leptos::prelude::window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
    #[wasm_bindgen(js_namespace = performance, js_name = measure)]
    fn performance_measure(name: &str, start_mark: &str);
}

/// A User Timing measure (DevTools' Performance panel shows it; the benchmarks read it) of
/// the work between [`Timing::start`] and [`Timing::end`]. Only while the page has
/// `kpTiming = true` set (the benchmarks do), so a tab open for weeks collects nothing.
pub struct Timing(Option<&'static str>);

impl Timing {
    pub fn start(name: &'static str) -> Self {
        let on = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("kpTiming"))
            .is_ok_and(|v| v.as_bool() == Some(true));
        if on {
            performance_mark(name);
        }
        Self(on.then_some(name))
    }

    pub fn end(self) {
        if let Some(name) = self.0 {
            performance_measure(name, name);
        }
    }
}
