#[test]
fn api_works() {
    assert_eq!(shop::add(1, 1), 2);
}

#[test]
fn api_errors() -> Result<(), String> {
    Err("the server said no".to_string())
}
