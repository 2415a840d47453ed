//! Every derive mistake is a compile error at the token at fault (one file per mistake).

#[test]
fn derive_mistakes_are_compile_errors() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*/*.rs");
}
