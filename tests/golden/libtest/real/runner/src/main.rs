fn main() {
    println!("{}", shop::add(1, 2));
}

#[cfg(test)]
mod tests {
    #[test]
    fn adds() {
        assert_eq!(shop::add(1, 2), 3);
    }
}
