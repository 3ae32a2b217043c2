//! The store on its own, in a real browser (headless Chromium through
//! `wasm-bindgen-test-runner`): pulled pages queued one behind another.

use super::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// A change-log page with one company, as `JSON.parse` gives it.
fn page_of(cvr: &str, seq: u64) -> js_sys::Array {
    let json = format!(
        r#"[{{"seq":{seq},"record":{{"entity":"company","company":{{"cvr":"{cvr}","name":"Firma {cvr}"}}}}}}]"#
    );
    js_sys::JSON::parse(&json).expect("a page").unchecked_into()
}

#[wasm_bindgen_test]
async fn a_page_queued_behind_a_lost_page_stores_nothing_and_pages_queued_in_a_row_all_arrive() {
    let factory = idb::Factory::new().expect("IndexedDB");
    let _ = factory.delete(DB_NAME).expect("delete").await;
    let store = Store::open(|| {}).await.expect("open the store");
    let user_id = uuid::Uuid::now_v7();
    let meta = |cursor| SyncMeta { user_id, cursor, complete: false, last_sync_at: None };
    let cursor = |store: &Store| {
        let store = store.clone();
        async move { store.sync_meta().await.expect("meta").map(|m| m.cursor) }
    };

    let first = store.store_changes(&page_of("10000001", 1), &meta(1), None).expect("queued");
    assert_eq!(first.stored().await.expect("stored").companies, 1);
    assert_eq!(cursor(&store).await, Some(1));

    // Queued behind a page that would have stored cursor 5: that page was lost, so this one
    // must not be kept either (its cursor would skip the lost page's changes).
    let behind_lost = store.store_changes(&page_of("10000002", 6), &meta(6), Some(5)).expect("queued");
    assert!(behind_lost.stored().await.is_err(), "refused behind a lost page");
    assert_eq!(store.company_count().await.expect("count"), 1, "nothing of it stored");
    assert_eq!(cursor(&store).await, Some(1), "the cursor stays where the last stored page left it");

    // Two pages queued before either is awaited, the second behind the first: both arrive.
    let second = store.store_changes(&page_of("10000003", 2), &meta(2), Some(1)).expect("queued");
    let third = store.store_changes(&page_of("10000004", 3), &meta(3), Some(2)).expect("queued");
    assert_eq!(third.stored().await.expect("the third stored").cursor, 3);
    assert_eq!(second.stored().await.expect("the second stored").cursor, 2);
    assert_eq!(store.company_count().await.expect("count"), 3);
    assert_eq!(cursor(&store).await, Some(3));
    store.close();
}
