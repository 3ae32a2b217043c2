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
