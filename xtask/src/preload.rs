//! Part of trunk's post-build hook: moves trunk's preloads of the app's script and wasm ahead of
//! the page's first script, so that the wasm's download starts with the stylesheets.
//!
//! trunk writes them at the end of `<head>`, after `isolate.js`, a script that blocks the parser.
//! Under mobile throttling Chrome then requested the wasm only once that script had arrived,
//! about 250 ms after the page (`cargo xtask bench load`: the first run published about 170 ms
//! later than with the preloads first, three loads each).

use std::path::Path;

/// The tags that start a preload trunk writes.
const PRELOADS: [&str; 2] = ["<link rel=\"modulepreload\"", "<link rel=\"preload\""];

/// Rewrites `index.html` in `dir`.
pub fn move_preloads(dir: &Path) -> Result<(), String> {
    let path = dir.join("index.html");
    let html = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    std::fs::write(&path, with_early_preloads(&html))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `html` with every preload link moved just before its first `<script`, if they come after it.
fn with_early_preloads(html: &str) -> String {
    let Some(first_script) = html.find("<script") else {
        return html.to_string();
    };
    let mut links = String::new();
    let mut rest = String::with_capacity(html.len());
    let mut at = 0;
    while let Some((start, end)) = next_preload(html, at) {
        if start < first_script {
            // Already ahead of the scripts (a second run of the hook): leave it where it is.
            rest.push_str(&html[at..end]);
        } else {
            rest.push_str(&html[at..start]);
            links.push_str(&html[start..end]);
        }
        at = end;
    }
    rest.push_str(&html[at..]);
    rest.insert_str(first_script, &links);
    rest
}

/// The byte range of the first preload tag at or after `from`.
fn next_preload(html: &str, from: usize) -> Option<(usize, usize)> {
    let start = PRELOADS
        .iter()
        .filter_map(|tag| html[from..].find(tag).map(|i| from + i))
        .min()?;
    let end = start + html[start..].find('>')? + 1;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preloads_move_ahead_of_the_first_script_and_a_second_run_changes_nothing() {
        let html = "<head><link rel=\"stylesheet\" href=\"s.css\"/><script src=\"i.js\"></script>\
                    <script type=\"module\">boot()</script>\n\
                    <link rel=\"modulepreload\" href=\"/app.js\"><link rel=\"preload\" \
                    href=\"/app_bg.wasm\" as=\"fetch\"></head>";
        let out = with_early_preloads(html);
        assert_eq!(
            out,
            "<head><link rel=\"stylesheet\" href=\"s.css\"/><link rel=\"modulepreload\" \
             href=\"/app.js\"><link rel=\"preload\" href=\"/app_bg.wasm\" as=\"fetch\">\
             <script src=\"i.js\"></script><script type=\"module\">boot()</script>\n</head>"
        );
        assert_eq!(with_early_preloads(&out), out);
    }

    #[test]
    fn a_page_without_scripts_or_preloads_is_left_alone() {
        let html = "<head><link rel=\"stylesheet\" href=\"s.css\"/></head>";
        assert_eq!(with_early_preloads(html), html);
        let html = "<head><script src=\"i.js\"></script></head>";
        assert_eq!(with_early_preloads(html), html);
    }
}
