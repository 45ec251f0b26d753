//! The domain normaliser: each line is one `normalize` argument (split like a list string,
//! every piece normalised, then the duplicate and look-alike checks over all of them), and the
//! human and JSON renderings of the result.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let entries = spo2b2b::commands::normalize::normalize_entries(text.lines());
    let _ = spo2b2b::render::normalize::table(&entries);
    let _ = spo2b2b::render::normalize::json(&entries);
});
