//! The `interleave` command-line runner (native).

fn main() {
    eprintln!("usage: interleave <run|check|share|presets> [FILE] [options]");
    std::process::exit(2);
}
