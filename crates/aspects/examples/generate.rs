//! Prints the generated flake of N aspects the benchmarks use, to try it
//! with the CLI or the playground:
//! `cargo run -p aspects-engine --example generate -- 1000 > /tmp/flake.nix`
fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(203);
    print!("{}", aspects_engine::generate::generated_flake(n));
}
