//! Frames survive arithmetic: mixing frames, or adding two positions, does not compile.
//! Each case under `compile_fail/` is compiled and its error checked against the `.stderr`
//! beside it (refresh with `TRYBUILD=overwrite` after a compiler upgrade changes the wording).

#[test]
fn mixing_frames_does_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
