//! The waiver and severity file `spo2b2b.toml`, as the CLI reads it (decoded like any input).
#![no_main]

use libfuzzer_sys::fuzz_target;
use spo2b2b::config::Config;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = spo2b2b::ingest::bytes_to_text("spo2b2b.toml", data.to_vec()) {
        let _ = Config::parse("spo2b2b.toml", &text);
    }
});
