// A test binary with its own harness (harness = false): no libtest events; it fails.

fn main() {
    eprintln!("custom harness: 1 of 2 checks failed");
    std::process::exit(1);
}
