//! Fuzzes `envelope::render_json_binary` (MySQL binary JSON → Debezium's text) on
//! arbitrary bytes: it must return text or an error, never panic, loop or blow up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tributary::envelope::render_json_binary;

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let _ = render_json_binary(data, &mut out);
});
