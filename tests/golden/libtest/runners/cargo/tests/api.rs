// An integration test binary with a test of the same name as one in the library.

#[test]
fn passes() {
    assert_eq!(store::add(1, 2), 3);
}

#[test]
fn api_fails() {
    assert!(store::add(1, 1) == 3, "one and one is not three");
}
