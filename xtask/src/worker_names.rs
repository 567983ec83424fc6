//! Content-hashed worker files. trunk writes a worker's glue and wasm unhashed (`worker.js`,
//! `worker_bg.wasm`); this renames them `worker-HASH.js` and `worker-HASH_bg.wasm`, the hash
//! taken over both, and writes the names into `index.html` for the page to read, so a browser
//! never runs a cached worker of an older build against a newer app.

use sha2::{Digest, Sha256};
use std::path::Path;

/// trunk's worker bins (index.html's `data-type="worker"` links).
const WORKERS: [&str; 2] = ["worker", "bridge"];
/// The tag the page reads (`web::dom::worker_file`): `worker=worker-HASH bridge=bridge-HASH`.
const META: &str = "<meta name=\"interleave-workers\"";

pub fn hash_workers(dir: &Path) -> Result<(), String> {
    let mut names = Vec::new();
    for stem in WORKERS {
        let (js, wasm) = (
            dir.join(format!("{stem}.js")),
            dir.join(format!("{stem}_bg.wasm")),
        );
        let (Ok(js_bytes), Ok(wasm_bytes)) = (std::fs::read(&js), std::fs::read(&wasm)) else {
            continue;
        };
        let mut hasher = Sha256::new();
        hasher.update(&js_bytes);
        hasher.update(&wasm_bytes);
        let hash: String = hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let hashed = format!("{stem}-{hash}");
        for (from, to) in [
            (&js, format!("{hashed}.js")),
            (&wasm, format!("{hashed}_bg.wasm")),
        ] {
            std::fs::rename(from, dir.join(&to))
                .map_err(|e| format!("cannot rename {}: {e}", from.display()))?;
        }
        names.push(format!("{stem}={hashed}"));
    }
    if names.is_empty() {
        return Ok(());
    }
    let path = dir.join("index.html");
    let html = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    std::fs::write(&path, with_names(&html, &names.join(" "))?)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `html` with the names' tag at the start of `<head>` (replacing one already there).
fn with_names(html: &str, names: &str) -> Result<String, String> {
    let mut html = html.to_string();
    if let Some(start) = html.find(META) {
        let end = html[start..]
            .find('>')
            .map_or(html.len(), |e| start + e + 1);
        html.replace_range(start..end, "");
    }
    let head = html.find("<head>").ok_or("index.html has no <head>")? + "<head>".len();
    html.insert_str(head, &format!("{META} content=\"{names}\">"));
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_files_get_their_content_hash_and_the_page_learns_their_names() {
        let dir = std::env::temp_dir().join(format!("xtask-worker-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("worker.js"), "glue").unwrap();
        std::fs::write(dir.join("worker_bg.wasm"), "wasm").unwrap();
        std::fs::write(dir.join("index.html"), "<html><head></head></html>").unwrap();
        hash_workers(&dir).unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        let hashed = html
            .split("worker=")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        assert!(
            hashed.starts_with("worker-") && hashed.len() == "worker-".len() + 16,
            "{html}"
        );
        assert!(
            dir.join(format!("{hashed}.js")).exists()
                && dir.join(format!("{hashed}_bg.wasm")).exists()
        );
        assert!(!dir.join("worker.js").exists() && !dir.join("worker_bg.wasm").exists());
        // Other content, another name; a second run replaces the tag rather than adding one.
        std::fs::write(dir.join("worker.js"), "new glue").unwrap();
        std::fs::write(dir.join("worker_bg.wasm"), "wasm").unwrap();
        hash_workers(&dir).unwrap();
        let again = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert_eq!(again.matches(META).count(), 1);
        assert!(!again.contains(&hashed));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
