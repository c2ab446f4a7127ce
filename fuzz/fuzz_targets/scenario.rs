//! Fuzz target: any bytes given to the scenario reader give a scenario or located problems,
//! never a panic. Run with `cargo fuzz run scenario` from this folder (see README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(problems) = vigil_sim::scenario::Scenario::from_toml(&text) {
        for p in problems {
            assert!(p.span.end <= text.len());
        }
    }
});
