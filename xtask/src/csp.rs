//! `cargo xtask csp`: trunk's post-build hook. Writes the Content-Security-Policy into the built
//! `index.html`, allowing by hash exactly the inline scripts trunk wrote there (its bootstrap,
//! and its live-reload script only when `trunk serve` injected one).

use sha2::{Digest, Sha256};
use std::path::PathBuf;

const MARKER: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// What the app needs, and nothing more:
/// - scripts: our own files, the wasm (`wasm-unsafe-eval` compiles it), the inline scripts by
///   hash; under `trunk serve` inline scripts by `'unsafe-inline'`, because its server fills the
///   live-reload script's placeholders after this hook, so no hash could match;
/// - workers and fetches (the worker's wasm) from our own origin;
/// - the favicon, a `data:` SVG;
/// - the stylesheet; inline styles only as `style` attributes (yew sets widths and colours).
fn policy(script_hashes: &[String], live_reload: bool) -> String {
    let hashes: String = match live_reload {
        true => " 'unsafe-inline'".to_string(),
        false => script_hashes
            .iter()
            .map(|h| format!(" 'sha256-{h}'"))
            .collect(),
    };
    // trunk serve's live reload talks over a WebSocket to the same host.
    let connect = if live_reload {
        "'self' ws: wss:"
    } else {
        "'self'"
    };
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; worker-src 'self'; \
         connect-src {connect}; img-src 'self' data: blob:; style-src 'self'; \
         style-src-attr 'unsafe-inline'; base-uri 'none'; form-action 'none'; object-src 'none'"
    )
}

/// The contents of every inline `<script>` (one without `src`), in order.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            out.push(&body[..close]);
        }
        rest = &body[close..];
    }
    out
}

fn sha256_base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// Puts the policy first in `<head>`, replacing one written before.
pub fn with_policy(html: &str) -> Result<String, String> {
    let mut html = html.to_string();
    if let Some(at) = html.find(MARKER) {
        let end = html[at..].find('>').ok_or("an unclosed CSP meta tag")? + at + 1;
        html.replace_range(at..end, "");
    }
    let scripts = inline_scripts(&html);
    // trunk serve's live-reload script, with the placeholders its server fills in later.
    let live_reload = scripts.iter().any(|s| s.contains("{{__TRUNK_"));
    let hashes: Vec<String> = scripts.into_iter().map(sha256_base64).collect();
    let meta = format!("{MARKER} content=\"{}\">", policy(&hashes, live_reload));
    let head = html.find("<head>").ok_or("index.html has no <head>")? + "<head>".len();
    html.insert_str(head, &meta);
    Ok(html)
}

/// trunk's staging directory (or `dist/` when run by hand).
fn staging_dir() -> PathBuf {
    std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("dist"))
}

/// trunk's post-build hook: the worker files get their content hash, the app's preloads move
/// ahead of the scripts, then the policy is written.
pub fn post_build() -> Result<(), String> {
    crate::worker_names::hash_workers(&staging_dir())?;
    crate::preload::move_preloads(&staging_dir())?;
    csp()
}

/// Rewrites `index.html` in trunk's staging directory (or `dist/` when run by hand).
pub fn csp() -> Result<(), String> {
    let path = staging_dir().join("index.html");
    let html = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    std::fs::write(&path, with_policy(&html)?)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_files_are_not_hashed() {
        let html = "<html><head><script src=\"a.js\"></script></head><body>\
                    <script type=\"module\">boot()</script></body></html>";
        let out = with_policy(html).expect("has a head");
        assert!(out.starts_with("<html><head><meta http-equiv=\"Content-Security-Policy\""));
        assert!(out.contains(&format!("'sha256-{}'", sha256_base64("boot()"))));
        assert_eq!(out.matches("'sha256-").count(), 1, "{out}");
        assert!(
            out.contains("connect-src 'self';"),
            "no live reload, no WebSocket"
        );
        assert_eq!(
            with_policy(&out).expect("again"),
            out,
            "running twice changes nothing"
        );
    }

    #[test]
    fn under_trunk_serve_the_live_reload_script_is_allowed_and_may_connect() {
        let html = "<html><head></head><body><script type=\"module\">boot()</script>\
                    <script>const address = '{{__TRUNK_ADDRESS__}}'; new WebSocket(address)</script>\
                    </body></html>";
        let out = with_policy(html).expect("has a head");
        assert!(out.contains("'unsafe-inline'; worker-src"), "{out}");
        assert!(
            !out.contains("'sha256-"),
            "a hash would make browsers ignore 'unsafe-inline'"
        );
        assert!(out.contains("connect-src 'self' ws: wss:;"), "{out}");
    }
}
