//! `cargo xtask dist`: a release build with `wasm-opt -Oz`, every asset precompressed beside it
//! (`F.br`, `F.gz`, for a host that picks by `Accept-Encoding`), and each `.wasm` size raw,
//! gzipped and brotli-compressed.

use crate::run::{cmd, repo_root, status};
use crate::setup::setup;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What gets a `.br` and a `.gz` beside it: everything a browser fetches that compresses.
const COMPRESSIBLE: [&str; 6] = ["html", "js", "wasm", "css", "json", "svg"];

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
    precompress(&repo_root().join("dist"))?;
    print_sizes()
}

/// Every compressible file under `dir`, recursively.
fn compressible_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for entry in
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?
    {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            out.extend(compressible_files(&path)?);
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| COMPRESSIBLE.contains(&x))
        {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(bytes).map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())
}

pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes `F.br` and `F.gz` beside every compressible file `F` under `dir`.
pub fn precompress(dir: &Path) -> Result<(), String> {
    for path in compressible_files(dir)? {
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for (suffix, packed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{suffix}"));
            std::fs::write(&name, packed).map_err(|e| format!("cannot write {name:?}: {e}"))?;
        }
    }
    Ok(())
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
    println!(
        "{:<40} {:>12} {:>12} {:>12}",
        "file", "raw bytes", "gzip bytes", "brotli bytes"
    );
    for path in entries {
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "{name:<40} {:>12} {:>12} {:>12}",
            bytes.len(),
            gzip(&bytes)?.len(),
            brotli(&bytes)?.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn precompressed_files_unpack_to_the_original_and_only_assets_get_them() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("snippets")).expect("a temp dir");
        let text = "import init from './app.js';\n".repeat(200);
        std::fs::write(dir.join("snippets/app.js"), &text).expect("write");
        std::fs::write(dir.join("notes.txt"), "not fetched by the page").expect("write");
        precompress(&dir).expect("compresses");
        let br = std::fs::read(dir.join("snippets/app.js.br")).expect("a .br beside it");
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unpacked).expect("valid brotli");
        assert_eq!(unpacked, text.as_bytes());
        let gz = std::fs::read(dir.join("snippets/app.js.gz")).expect("a .gz beside it");
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut unpacked)
            .expect("valid gzip");
        assert_eq!(unpacked, text);
        assert!(br.len() < text.len() / 10, "it compresses");
        assert!(
            !dir.join("notes.txt.br").exists(),
            "only what the page fetches"
        );
        std::fs::remove_dir_all(&dir).expect("cleanup");
    }
}
