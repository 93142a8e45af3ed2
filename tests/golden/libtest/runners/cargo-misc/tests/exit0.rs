#[test]
fn a_first() {}

#[test]
fn b_exits_zero() { std::process::exit(0); }

#[test]
fn c_never() {}
