//! Code that runs in a chunk of its own, fetched on its first call (as the lazy routes are):
//! work a start does not wait for, such as the pull and the catalog's indexing.

use std::future::Future;
use std::pin::Pin;

/// A chunk's work, started.
pub type InChunk<T> = Pin<Box<dyn Future<Output = T>>>;

/// The chunk could not be fetched (no network and not in the service worker's cache).
#[derive(Debug)]
pub struct Unloaded;

impl From<leptos::wasm_split::SplitLoaderError> for Unloaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self
    }
}

/// `in_chunk!(module, fn name(args) -> T { body })` declares `async fn name(args) ->
/// Result<InChunk<T>, Unloaded>`, whose `body` is split into the chunk `module`. Test builds
/// are not split (nothing would load the chunk), so there it runs in place.
macro_rules! in_chunk {
    ($module:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        #[cfg(not(test))]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Result<$crate::split::InChunk<$out>, $crate::split::Unloaded> {
            Ok(Box::pin(async move $body))
        }

        #[cfg(test)]
        async fn $name($($arg: $ty),*) -> Result<$crate::split::InChunk<$out>, $crate::split::Unloaded> {
            Ok(Box::pin(async move $body))
        }
    };
}
pub(crate) use in_chunk;
