pub fn add(a: i32, b: i32) -> i32 { a + b }

#[cfg(test)]
mod cart {
    #[test]
    fn adds() { assert_eq!(super::add(1, 1), 2); }

    #[test]
    fn prints_and_passes() { println!("stdout of a passing test"); eprintln!("stderr of a passing test"); }

    #[test]
    fn thread_panics() {
        let h = std::thread::spawn(|| panic!("worker thread panicked"));
        h.join().unwrap();
    }

    #[test]
    fn slow() { std::thread::sleep(std::time::Duration::from_millis(300)); }
}

#[cfg(test)]
mod admin {
    mod cart {
        #[test]
        fn adds() { assert_eq!(super::super::add(2, 2), 5, "admin adds wrong"); }
    }
}
