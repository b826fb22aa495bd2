//! The word diff of two texts (split at the first NUL) gives both back.
#![no_main]
libfuzzer_sys::fuzz_target!(|text: &str| {
    let (old, new) = text.split_once('\0').unwrap_or((text, ""));
    planpress::fuzzing::check_word_diff(old, new);
});
