//! Every reader: the first byte picks the input kind (and, for a plain-text tenant file, the
//! mode), the rest is the file. Errors are fine; a panic, hang or blow-up is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spo2b2b::ingest::{InputKind, load_bytes};
use spo2b2b::model::RestrictionMode;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let kinds = InputKind::ALL;
    let kind = kinds[usize::from(selector) % kinds.len()];
    let mode = match usize::from(selector) / kinds.len() % 3 {
        0 => None,
        1 => Some(RestrictionMode::AllowList),
        _ => Some(RestrictionMode::BlockList),
    };
    let _ = load_bytes(kind, "fuzz-input", file.to_vec(), mode);
});
