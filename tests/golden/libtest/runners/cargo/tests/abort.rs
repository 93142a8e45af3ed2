// A test binary that dies: the process aborts while a test runs, the suite never ends.

#[test]
fn a_before_abort() {}

#[test]
fn b_aborts() {
    println!("about to abort");
    std::process::abort();
}

#[test]
fn c_never_runs() {}
