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

/// Each top-level module's layer, from the bottom (docs/LAYOUT.md). Modules that share a layer
/// do not name each other (`same_layer_pairs_that_may_meet` lists the exceptions).
const LAYERS: &[(&str, u32)] = &[
    ("exec", 0),
    ("sync", 0),
    ("lang", 0),
    ("wire", 0),
    ("shm", 0),
    ("model", 1),
    ("trace", 2),
    ("bridge", 2),
    ("rules", 3),
    ("sim", 4),
    ("explore", 5),
    ("web", 6),
    ("live", 7),
    ("compare", 8),
    ("devtools", 8),
    ("ui", 9),
    ("cli", 10),
];

/// Same-layer modules that may use each other: the executor's primitives run on it.
fn may_meet(own: &str, other: &str) -> bool {
    matches!((own, other), ("sync", "exec"))
}

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

/// The module path of a file (`src/sim/world.rs` → `[sim, world]`, `src/sim/mod.rs` → `[sim]`,
/// `src/lang.rs` → `[lang]`).
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src/");
    let mut path: Vec<String> = rel
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    if path.last().is_some_and(|l| l == "mod") {
        path.pop();
    }
    path
}

/// One line of code that names a module, with what it needs to be judged.
struct Mention {
    line: usize,
    module: String,
    /// The line before carries `#[cfg(feature = "devtools")]`, or the file is gated so.
    gated: bool,
}

/// A line without its `//` comment (a `//` inside a string literal stays).
fn code_of(line: &str) -> &str {
    let mut in_string = false;
    let mut prev = ' ';
    for (at, c) in line.char_indices() {
        match c {
            '"' if prev != '\\' => in_string = !in_string,
            '/' if !in_string && prev == '/' => return line[..at - 1].trim(),
            _ => {}
        }
        prev = c;
    }
    line.trim()
}

/// The attribute gates the next item behind the `devtools` feature.
fn gates_devtools(line: &str) -> bool {
    let line = line.trim();
    line.starts_with("#[cfg(")
        && line.contains("feature = \"devtools\"")
        && !line.contains("not(feature = \"devtools\")")
}

/// The top-level modules each code line names through `crate::`, or through `super::` paths
/// that climb to the crate root from a file at `depth` (its module path's length).
fn mentions(text: &str, file_gated: bool, depth: usize) -> Vec<Mention> {
    let mut found = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    // Open braces of a multi-line `use crate::{…}` group, and whether it is gated.
    let mut group_depth = 0i32;
    let mut group_gated = false;
    // Open braces of a `#[cfg(test)]` item being skipped.
    let mut skipping: Option<i32> = None;
    let mut test_attr = false;
    let root_by_super = "super::".repeat(depth);
    for (i, raw) in lines.iter().enumerate() {
        let code = code_of(raw);
        if let Some(open) = skipping.as_mut() {
            *open += braces(code);
            if *open <= 0 {
                skipping = None;
            }
            continue;
        }
        if code.starts_with("#[cfg(test)]") {
            test_attr = true;
            continue;
        }
        if test_attr && !code.starts_with("#[") {
            // The item after `#[cfg(test)]`: `mod tests;` is one line, `mod tests {` runs to
            // its closing brace.
            test_attr = false;
            let open = braces(code);
            if open > 0 {
                skipping = Some(open);
            }
            continue;
        }
        let gated = file_gated
            || (group_depth > 0 && group_gated)
            || i.checked_sub(1).is_some_and(|p| gates_devtools(lines[p]));
        let mut names = Vec::new();
        if group_depth > 0 {
            if group_depth == 1 {
                names.extend(group_names(code));
            }
            group_depth += braces(code);
        }
        let mut rest = code;
        loop {
            let by_crate = rest.find("crate::").map(|at| (at, "crate::".len()));
            let by_super = (depth > 0)
                .then(|| rest.find(&root_by_super))
                .flatten()
                .filter(|&at| !rest[..at].ends_with("super::"))
                .map(|at| (at, root_by_super.len()));
            let Some((at, len)) = [by_crate, by_super].into_iter().flatten().min() else {
                break;
            };
            let after = &rest[at + len..];
            if let Some(group) = after.strip_prefix('{') {
                names.extend(group_names(group));
                let open = 1 + braces(group);
                if open > 0 {
                    group_depth = open;
                    group_gated = gated;
                }
            } else {
                names.push(ident(after).to_string());
            }
            rest = after;
        }
        if group_depth <= 0 {
            group_depth = 0;
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

/// Opened minus closed braces on a line.
fn braces(code: &str) -> i32 {
    code.chars()
        .map(|c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum()
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
        let path = module_path(&src, file);
        let own = path[0].clone();
        let Some(own_layer) = layer(&own) else {
            continue; // lib.rs, main.rs, bin/: the top, which may name anything
        };
        let text = std::fs::read_to_string(file).expect("a source file is text");
        let file_gated = own == "devtools";
        for m in mentions(&text, file_gated, path.len()) {
            checked += 1;
            let at = format!("{}:{}", file.display(), m.line);
            let Some(their_layer) = layer(&m.module) else {
                continue; // a crate item at the root, not a module
            };
            if their_layer > own_layer && !(m.module == "devtools" && m.gated) {
                problems.push(format!("{at}: `{own}` names `{}` above it", m.module));
            }
            let same = their_layer == own_layer && m.module != own;
            if same && !may_meet(&own, &m.module) {
                problems.push(format!(
                    "{at}: `{own}` names `{}` in its own layer",
                    m.module
                ));
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
    let text = "use crate::{\n    model::{A, B},\n    sim::{simulate, SimOptions},\n};\n#[cfg(test)]\nmod tests;\nfn f() { crate::ui::x(); }\n#[cfg(all(target_arch = \"wasm32\", feature = \"devtools\"))]\ncrate::devtools::install();\n// crate::live::y in a comment\nlet url = \"https://x\"; super::super::web::z();\n#[cfg(test)]\nmod tests {\n    use crate::live::z;\n}\nuse crate::lang::Lang;\n";
    let found: Vec<(String, bool)> = mentions(text, false, 2)
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
            ("web".to_string(), false),
            ("lang".to_string(), false),
        ]
    );
}
