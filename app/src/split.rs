//! Code that runs in a chunk of its own, fetched on its first call (as the lazy routes are):
//! work a start does not wait for, such as the pull and the catalog's indexing.

/// The chunk could not be fetched (no network and not in the service worker's cache).
#[derive(Debug)]
pub struct Unloaded;

impl From<leptos::wasm_split::SplitLoaderError> for Unloaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self
    }
}

/// `in_chunk!(module, async fn name(args) -> T { body })` declares `async fn name(args) ->
/// Result<T, Unloaded>`, whose `body` is split into the chunk `module` and runs once the chunk
/// is fetched. Test builds are not split (nothing would load the chunk), so there it runs in
/// place.
macro_rules! in_chunk {
    (
        $module:ident,
        $(#[$meta:meta])* $vis:vis async fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block
    ) => {
        #[cfg(not(test))]
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> Result<$out, $crate::split::Unloaded> {
            #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
            // The work is handed back started, across the chunk's boundary.
            fn split(
                $($arg: $ty),*
            ) -> Result<::std::pin::Pin<Box<dyn ::std::future::Future<Output = $out>>>, $crate::split::Unloaded> {
                Ok(Box::pin(async move $body))
            }
            Ok(split($($arg),*).await?.await)
        }

        #[cfg(test)]
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> Result<$out, $crate::split::Unloaded> {
            Ok($body)
        }
    };
}
pub(crate) use in_chunk;
