//! The crate's layers, checked on the source text: nothing names a module above its own
//! layer, live mode names nothing of the simulator, and outside `devtools` the test hooks and
//! benchmark pages are named only under `#[cfg(feature = "devtools")]`, so a release build
//! carries none of them.
//!
//! Every path is scanned (`crate::x::…` anywhere in code, and `use crate::{…}` groups), not
//! only `use` lines. Comments and test code (`tests.rs` files, `#[cfg(test)]` modules) are
//! left out: tests may compare the runners.
#![cfg(not(target_arch = "wasm32"))] // native only; the browser suite is tests/web.rs

use std::path::{Path, PathBuf};

/// Each top-level module's layer, from the bottom (docs/LAYOUT.md).
const LAYERS: &[(&str, u32)] = &[
    ("exec", 0),
    ("sync", 0),
    ("lang", 0),
    ("model", 1),
    ("trace", 2),
    ("rules", 3),
    ("sim", 4),
    ("explore", 4),
    ("web", 5),
    ("live", 6),
    ("compare", 7),
    ("devtools", 7),
    ("ui", 8),
    ("cli", 9),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/sim/world.rs` → `sim`, `src/lang.rs` → `lang`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src/");
    let first = rel.components().next().expect("a path");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

/// One line of code that names a module, with what it needs to be judged.
struct Mention {
    line: usize,
    module: String,
    /// The line before carries `#[cfg(feature = "devtools")]`, or the file is gated so.
    gated: bool,
}

/// The top-level modules each code line names through `crate::`.
fn mentions(text: &str, file_gated: bool) -> Vec<Mention> {
    let mut found = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut in_group = false;
    let mut group_gated = false;
    for (i, raw) in lines.iter().enumerate() {
        let code = raw.split("//").next().unwrap_or("").trim();
        if code.starts_with("#[cfg(test)]") {
            break; // the file's test module runs to its end
        }
        let gated = file_gated
            || group_gated
            || i.checked_sub(1)
                .is_some_and(|p| lines[p].contains("#[cfg(feature = \"devtools\")]"));
        let mut names = Vec::new();
        if in_group {
            names.extend(group_names(code));
            if code.contains('}') {
                in_group = false;
            }
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                names.extend(group_names(group));
                if !group.contains('}') {
                    in_group = true;
                    group_gated = gated;
                }
            } else {
                names.push(ident(after).to_string());
            }
            rest = after;
        }
        if !in_group {
            group_gated = false;
        }
        for module in names.into_iter().filter(|n| !n.is_empty()) {
            found.push(Mention {
                line: i + 1,
                module,
                gated,
            });
        }
    }
    found
}

/// The top-level names of a `{a::b, c, d::{e}}` group (only the first segment of each).
fn group_names(group: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut start_of_item = true;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start_of_item = true,
            c if start_of_item && depth == 0 && (c.is_alphanumeric() || c == '_') => {
                names.push(ident(&group[at..]).to_string());
                start_of_item = false;
            }
            _ => {}
        }
    }
    names
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

fn is_test_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "tests.rs")
        || path.components().any(|c| c.as_os_str() == "tests")
}

#[test]
fn nothing_names_a_module_above_its_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in files.iter().filter(|f| !is_test_file(f)) {
        let own = module_of(&src, file);
        let Some(own_layer) = layer(&own) else {
            continue; // lib.rs, main.rs, bin/: the top
        };
        let text = std::fs::read_to_string(file).expect("a source file is text");
        let file_gated = own == "devtools";
        for m in mentions(&text, file_gated) {
            checked += 1;
            let at = format!("{}:{}", file.display(), m.line);
            let Some(their_layer) = layer(&m.module) else {
                continue; // a crate item at the root, not a module
            };
            if their_layer > own_layer && !(m.module == "devtools" && m.gated) {
                problems.push(format!("{at}: `{own}` names `{}` above it", m.module));
            }
            if own == "live" && m.module == "sim" {
                problems.push(format!("{at}: live mode names the simulator"));
            }
            if m.module == "devtools" && !m.gated {
                problems.push(format!(
                    "{at}: devtools named without #[cfg(feature = \"devtools\")]"
                ));
            }
        }
    }
    assert!(
        checked > 300,
        "only {checked} paths were found: the scan is broken"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scan_sees_paths_in_groups_and_in_code() {
    let text = "use crate::{\n    model::Scenario,\n    sim::{simulate, SimOptions},\n};\nfn f() { crate::ui::x(); }\n#[cfg(feature = \"devtools\")]\ncrate::devtools::install();\n// crate::live::y in a comment\n#[cfg(test)]\nmod tests { use crate::live::z; }\n";
    let found: Vec<(String, bool)> = mentions(text, false)
        .into_iter()
        .map(|m| (m.module, m.gated))
        .collect();
    assert_eq!(
        found,
        vec![
            ("model".to_string(), false),
            ("sim".to_string(), false),
            ("ui".to_string(), false),
            ("devtools".to_string(), true),
        ]
    );
}
