// Does not compile with --features broken.

#[cfg(feature = "broken")]
#[test]
fn does_not_compile() {
    let x: u32 = "text";
    assert_eq!(x, 1);
}
