//! `cargo xtask dist`: a release build with `wasm-opt -Oz`, and each `.wasm` size raw and gzipped.

use crate::run::{cmd, repo_root, status};
use crate::setup::setup;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;

pub fn dist(args: &[String]) -> Result<(), String> {
    let public_url = match args {
        [] => "/".to_string(),
        [flag, url] if flag == "--public-url" => url.clone(),
        _ => return Err("usage: cargo xtask dist [--public-url /sub/path/]".into()),
    };
    setup()?;
    // index.html asks for `data-wasm-opt="z"`, which trunk applies only to release builds, so
    // debug builds (serve, test) never need wasm-opt. `cmd` puts the npm binaryen's wasm-opt
    // first on PATH; trunk must not download one (Debian's binaryen is too old for rustc's output).
    status(cmd("trunk").args([
        "build",
        "--offline",
        "--release",
        "--public-url",
        &public_url,
    ]))?;
    print_sizes()
}

pub fn print_sizes() -> Result<(), String> {
    let dist = repo_root().join("dist");
    let mut entries: Vec<_> = std::fs::read_dir(&dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    entries.sort();
    println!("{:<40} {:>12} {:>12}", "file", "raw bytes", "gzip bytes");
    for path in entries {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&bytes).map_err(|e| e.to_string())?;
        let zipped = gz.finish().map_err(|e| e.to_string())?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name:<40} {:>12} {:>12}", bytes.len(), zipped.len());
    }
    Ok(())
}
