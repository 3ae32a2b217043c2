//! The server's reading of a push body (`kontaktpunkt_server::sync::decode_push`): whatever
//! the bytes, it answers (a decoded batch or an error), never panics, and a batch it accepts
//! holds at most `MAX_PUSH_BATCH` mutations, each of which survives a JSON round trip.
#![no_main]

use kontaktpunkt_domain::sync::{MAX_PUSH_BATCH, Mutation};
use kontaktpunkt_server::store::Incoming;
use kontaktpunkt_server::sync::decode_push;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let Ok(decoded) = decode_push(body) else { return };
    assert!(decoded.incoming.len() <= MAX_PUSH_BATCH);
    for incoming in decoded.incoming {
        if let Incoming::Mutation(mutation) = incoming {
            let text = serde_json::to_string(&mutation).expect("a decoded mutation encodes");
            let again: Mutation = serde_json::from_str(&text).expect("and decodes again");
            assert_eq!(again, mutation);
        }
    }
});
