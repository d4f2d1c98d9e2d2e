//! The `tributary` command line: a thin shell over `tributary::engine`.
fn main() {}
