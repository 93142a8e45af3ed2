//! The code under test of the libtest runner fixtures.

/// Adds two numbers.
///
/// ```
/// assert_eq!(store::add(2, 2), 4);
/// ```
///
/// ```
/// assert_eq!(store::add(2, 2), 5);
/// ```
///
/// ```ignore
/// not compiled
/// ```
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

/// Divides, panicking on zero.
///
/// ```should_panic
/// store::div(1, 0);
/// ```
pub fn div(a: i32, b: i32) -> i32 {
    a / b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes() {
        println!("checking 1 + 2");
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    fn assert_fails() {
        println!("this line is captured");
        assert_eq!(add(2, 2), 5, "two and two");
    }

    #[test]
    fn panics() {
        panic!("cart is <&> \"empty\" {{}}");
    }

    #[test]
    #[should_panic(expected = "divide by zero")]
    fn should_panic_expected() {
        div(1, 0);
    }

    #[test]
    #[should_panic(expected = "overflow")]
    fn should_panic_other_message() {
        div(1, 0);
    }

    #[test]
    #[should_panic]
    fn should_panic_but_passes() {}

    #[test]
    #[ignore = "needs a network"]
    fn ignored_with_reason() {}

    #[test]
    #[ignore]
    fn ignored() {}

    #[test]
    fn returns_err() -> Result<(), String> {
        Err("the basket is locked".to_string())
    }

    #[test]
    fn big_output() {
        let line = "x".repeat(99);
        for i in 0..512 {
            println!("{:04} {}", i, line);
        }
        panic!("after a lot of output");
    }

    mod a {
        mod b {
            #[test]
            fn deep() {}

            #[test]
            fn grüße_日本() {}
        }
    }
}
