//! `cargo xtask`: set up the tools, serve the app, run every test suite, build a release, benchmark.

mod bench;
mod budget;
mod csp;
mod dist;
mod preload;
mod run;
mod setup;
mod test;
mod tokio_check;
mod worker_names;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup                 install what is missing (wasm32 target, trunk, wasm-bindgen-cli,
                        wasm-pack, Debian chromium + chromium-driver, npm packages)
  serve                 setup, then serve the app on http://127.0.0.1:8080/
  test                  setup, then fmt, clippy (host + wasm32), native tests, wasm-pack tests,
                        trunk build and the browser end-to-end suite
  dist [--public-url P] release build with wasm-opt -Oz, every asset precompressed (.br, .gz);
                        prints each .wasm size raw, gzipped and brotli-compressed
  budget                release build into target/dist-release/; fail when a wasm file,
                        gzipped, is over its budget (xtask/src/budget.rs)
  tokio-check           build and run the Rust (tokio) export of three presets
                        (tests/tokio-export) and compare them with the simulator
  csp                   write the Content-Security-Policy into the built index.html
  post-build            trunk's post-build hook: content-hash the worker files, then csp
  bench [frames|live]   run the benchmarks and print their figures (frames: only the
                        timeline frame-time benchmark in headless Chromium; live: only
                        live mode's benchmark)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = run::repo_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(),
        Some("serve") => setup::setup().and_then(|()| serve()),
        Some("test") => test::test(),
        Some("dist") => dist::dist(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("csp") => csp::csp(),
        Some("post-build") => csp::post_build(),
        Some("tokio-check") => tokio_check::tokio_check(),
        Some("budget") => budget::check(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve() -> Result<(), String> {
    println!("serving Interleave at http://127.0.0.1:8080/ (Ctrl+C to stop)");
    run::status(run::cmd("trunk").args([
        "serve",
        "--offline",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
    ]))
}
