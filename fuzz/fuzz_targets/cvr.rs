//! The CVR parser (`Cvr::parse`): never panics, accepts only what it can write back, and
//! reads its own output as the same number.
#![no_main]

use kontaktpunkt_domain::Cvr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let Ok(cvr) = Cvr::parse(input) else { return };
    let written = cvr.to_string();
    assert_eq!(written.len(), 8, "{written}");
    assert!(written.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(Cvr::parse(&written).ok().as_ref(), Some(&cvr));
});
