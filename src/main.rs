//! The `interleave` command-line runner (native): run, check, share and list presets.

mod cli;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::ExitCode::from(cli::main(&args))
}
