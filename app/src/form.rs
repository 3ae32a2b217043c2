//! Interim: the admin import screen still takes `focus` from here. It lives in
//! [`crate::focus`] now; delete this file once that screen imports it from there.

pub use crate::focus::focus;
