//! The code under test of the golden libtest/real case.

/// Adds two numbers.
///
/// ```
/// assert_eq!(shop::add(2, 2), 4);
/// ```
///
/// ```
/// assert_eq!(shop::add(2, 2), 5);
/// ```
///
/// ```ignore
/// not compiled
/// ```
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

pub fn div(a: i32, b: i32) -> i32 {
    a / b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds() {
        println!("checking 1 + 2");
        assert_eq!(add(1, 2), 3);
    }

    #[test]
    fn adds_wrong() {
        println!("this line is captured");
        assert_eq!(add(2, 2), 5, "two and two");
    }

    #[test]
    #[should_panic(expected = "divide by zero")]
    fn divides_by_zero() {
        div(1, 0);
    }

    #[test]
    #[should_panic(expected = "overflow")]
    fn wrong_panic() {
        div(1, 0);
    }

    #[test]
    #[ignore = "needs a network"]
    fn downloads() {}

    #[test]
    #[ignore]
    fn slow() {}

    mod nested {
        #[test]
        fn deep() {}
    }

    #[test]
    fn sleeps() {
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
}
