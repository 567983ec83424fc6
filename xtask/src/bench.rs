//! `cargo xtask bench`: runs every native benchmark in `benches/` and prints their figures.

use crate::run::{cmd, repo_root, status};

pub fn bench(args: &[String]) -> Result<(), String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("benches"))
        .map_err(|e| format!("cannot read benches/: {e}"))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            if path.extension()? != "rs" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    if let Some(only) = args.first() {
        names.retain(|n| n == only);
    }
    for name in names {
        println!("\n== bench {name} ==");
        status(cmd("cargo").args(["bench", "--bench", &name]))?;
    }
    Ok(())
}
